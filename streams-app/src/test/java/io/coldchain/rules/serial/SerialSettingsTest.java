package io.coldchain.rules.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SerialSettingsTest {

    @Test
    void shouldDefaultToRoadAndAirSpeedsWithAQuarterMargin() {
        final SerialSettings defaults = SerialSettings.defaults();

        assertThat(defaults.maxRoadSpeedKmh()).isEqualTo(120);
        assertThat(defaults.maxAirSpeedKmh()).isEqualTo(950);
        assertThat(defaults.speedMargin()).isEqualTo(0.25);
        assertThat(defaults.retentionAfterExpiry()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        assertThatThrownBy(() -> SerialSettings.builder().maxAirSpeedKmh(0).build())
                .hasMessageContaining("maxAirSpeedKmh");
        assertThatThrownBy(() -> SerialSettings.builder().speedMargin(-0.1).build())
                .hasMessageContaining("speedMargin");
        assertThatThrownBy(() -> SerialSettings.builder().sweepInterval(Duration.ZERO).build())
                .hasMessageContaining("sweepInterval");
        assertThatThrownBy(() -> SerialSettings.builder().retentionAfterExpiry(Duration.ofDays(-1)).build())
                .hasMessageContaining("retentionAfterExpiry");
        assertThatThrownBy(() -> SerialSettings.builder().sightingsPerSerial(0).build())
                .hasMessageContaining("sightingsPerSerial");
    }
}
