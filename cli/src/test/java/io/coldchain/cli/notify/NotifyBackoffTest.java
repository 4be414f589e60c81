package io.coldchain.cli.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NotifyBackoffTest {

    private static Backoff backoff(final long seed) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(seed));
    }

    @Test
    void shouldDoubleFromTheInitialWaitUpToTheCap() {
        final Backoff backoff = backoff(1);

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(backoff::base).map(Duration::toMillis).toList())
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
        assertThat(backoff.base(10_000)).as("no overflow for a receiver down for days").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldJitterEachWaitWithinTheUpperHalfOfItsBase() {
        final Backoff backoff = backoff(7);

        for (int attempt = 1; attempt <= 200; attempt++) {
            final long base = backoff.base(Math.min(attempt, 12)).toMillis();
            assertThat(backoff.delay(Math.min(attempt, 12)).toMillis()).isBetween(base / 2, base);
        }
    }

    @Test
    void shouldGiveTheSameScheduleForTheSameSeedAndAnotherForAnother() {
        final List<Duration> first = IntStream.rangeClosed(1, 8).mapToObj(backoff(42)::delay).toList();
        final List<Duration> again = IntStream.rangeClosed(1, 8).mapToObj(backoff(42)::delay).toList();
        final List<Duration> other = IntStream.rangeClosed(1, 8).mapToObj(backoff(43)::delay).toList();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldWaitAtLeastWhatRetryAfterAsksUpToFiveMinutes() {
        assertThat(backoff(1).delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff(1).delay(1, Optional.of(Duration.ofHours(2)))).isEqualTo(Backoff.MAX_RETRY_AFTER);
        assertThat(backoff(1).delay(9, Optional.of(Duration.ofSeconds(1))).toMillis())
                .as("a shorter Retry-After does not shorten the backoff").isBetween(15_000L, 30_000L);
    }

    @Test
    void shouldRefuseAnEmptyOrInvertedRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAnHttpDate() {
        final java.time.Instant now = java.time.Instant.parse("2026-03-03T10:15:00Z");

        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Tue, 03 Mar 2026 10:15:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 03 Mar 2026 10:14:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }
}
