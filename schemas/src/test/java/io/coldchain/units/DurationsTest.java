package io.coldchain.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldReadDurationsAsOperatorsWriteThem() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1h 30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2.5h")).isEqualTo(Duration.ofMinutes(150));
        assertThat(Durations.parse("35d")).isEqualTo(Duration.ofDays(35));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("P2D")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void shouldRefuseDurationsWithoutAUnitOrWithAnUnknownOne() {
        for (final String text : new String[] {"300", "10", "5 minutes", "10x", "m", "", "1h30", "PTX"}) {
            assertThatThrownBy(() -> Durations.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
        }
    }

    @Test
    void shouldWriteTheShortestExactDuration() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofDays(400))).isEqualTo("400d");
        assertThat(Durations.format(Duration.ofSeconds(61))).isEqualTo("1m1s");
        for (final Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofHours(25), Duration.ofSeconds(3601)}) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }

    @Test
    void shouldTakeUnitsInEitherCase() {
        assertThat(Durations.parse("10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("pt30s")).isEqualTo(Duration.ofSeconds(30));
    }
}
