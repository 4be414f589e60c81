package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void shouldReadDurationsAsOperatorsWriteThem() {
        assertThat(Quantities.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantities.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Quantities.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Quantities.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Quantities.parseDuration("1h 30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Quantities.parseDuration("2.5h")).isEqualTo(Duration.ofMinutes(150));
        assertThat(Quantities.parseDuration("35d")).isEqualTo(Duration.ofDays(35));
        assertThat(Quantities.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThat(Quantities.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Quantities.parseDuration("P2D")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void shouldRefuseDurationsWithoutAUnitOrWithAnUnknownOne() {
        for (final String text : new String[] {"300", "10", "5 minutes", "10x", "m", "", "1h30", "PTX"}) {
            assertThatThrownBy(() -> Quantities.parseDuration(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
        }
    }

    @Test
    void shouldWriteTheShortestExactDuration() {
        assertThat(Quantities.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Quantities.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Quantities.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Quantities.format(Duration.ofDays(400))).isEqualTo("400d");
        assertThat(Quantities.format(Duration.ofSeconds(61))).isEqualTo("1m1s");
        for (final Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofHours(25), Duration.ofSeconds(3601)}) {
            assertThat(Quantities.parseDuration(Quantities.format(d))).isEqualTo(d);
        }
    }

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
