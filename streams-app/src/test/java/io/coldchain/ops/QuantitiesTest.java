package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void shouldConvertToTheUnitTheSettingIsNamedFor() {
        assertThat(Quantities.parse("radiusMeters", "2km")).isEqualTo(2000);
        assertThat(Quantities.parse("radiusMeters", "500 m")).isEqualTo(500);
        assertThat(Quantities.parse("radiusMeters", "500")).isEqualTo(500);
        assertThat(Quantities.parse("maxSpeedKmh", "120km/h")).isEqualTo(120);
        assertThat(Quantities.parse("limitCelsius", "-0.5C")).isEqualTo(-0.5);
        assertThat(Quantities.parse("limitCelsius", "2.5°C")).isEqualTo(2.5);
    }

    @Test
    void shouldRefuseAUnitThatIsNotTheSettings() {
        assertThatThrownBy(() -> Quantities.parse("radiusMeters", "2 miles")).hasMessageContaining("metres");
        assertThatThrownBy(() -> Quantities.parse("limitCelsius", "40F")).hasMessageContaining("°C");
        assertThatThrownBy(() -> Quantities.parse("maxSpeedKmh", "50mph")).hasMessageContaining("km/h");
        assertThatThrownBy(() -> Quantities.parse("radiusMeters", "far")).hasMessageContaining("not a number");
    }
}
