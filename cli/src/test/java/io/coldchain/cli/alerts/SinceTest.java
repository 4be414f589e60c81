package io.coldchain.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinceTest {

    private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

    @Test
    void shouldReadADurationBackFromNow() {
        assertThat(Since.parse("2h", NOW)).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
        assertThat(Since.parse("1h30m", NOW)).isEqualTo(Instant.parse("2026-03-03T10:30:00Z"));
        assertThat(Since.parse("PT15M", NOW)).isEqualTo(Instant.parse("2026-03-03T11:45:00Z"));
        assertThat(Since.parse("0", NOW)).isEqualTo(NOW);
    }

    @Test
    void shouldReadAPointInTimeWithItsZone() {
        assertThat(Since.parse("2026-03-03T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
        assertThat(Since.parse("2026-03-03T11:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
    }

    @Test
    void shouldSayWhatItExpectsInsteadOfFailingOnAnythingElse() {
        assertThatThrownBy(() -> Since.parse("yesterday", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'yesterday' is neither a duration back from now (2h, 30m, 1d) nor a point in time "
                        + "(2026-03-03T10:00:00Z)");
        assertThatThrownBy(() -> Since.parse("2", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'2' is neither");
        assertThatThrownBy(() -> Since.parse("2026-03-03T10:00:00", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'2026-03-03T10:00:00' is not a point in time with its zone, such as 2026-03-03T10:00:00Z "
                        + "or 2026-03-03T11:00:00+01:00");
        assertThatThrownBy(() -> Since.parse("-PT1H", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(Since.parse("100000d", NOW)).as("before any record: the beginning").isEqualTo(Instant.EPOCH);
        assertThat(Since.parse("1900-01-01T00:00:00Z", NOW)).isEqualTo(Instant.EPOCH);
    }
}
