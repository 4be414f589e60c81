package io.coldchain.cli.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying a delivery: exponential from {@code initial}, doubled per failed attempt and
 * capped at {@code max}, with jitter so that many notifiers do not retry in step. The wait before retry {@code n}
 * (n = 1 after the first failure) is drawn uniformly from {@code [base/2, base]} with
 * {@code base = min(max, initial * 2^(n-1))}. A receiver's {@code Retry-After} lengthens a wait, never shortens
 * it, and is honoured up to {@link #MAX_RETRY_AFTER}. The jitter comes from the random source given, so a seeded
 * source gives the same schedule every time.
 */
public final class Backoff {

    /** The longest {@code Retry-After} honoured: a receiver asking for an hour is retried after this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    /**
     * @throws IllegalArgumentException unless {@code 0 < initial <= max}
     */
    public Backoff(final Duration initial, final Duration max, final RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial " + initial
                    + ", max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The cap before jitter of the wait before retry {@code attempt}. */
    public Duration base(final int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
        // Doubling stops at the cap: 2^attempt would overflow for a receiver down for days.
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** The wait before retry {@code attempt} (1 = after the first failure), jittered within [base/2, base]. */
    public Duration delay(final int attempt) {
        final long base = base(attempt).toMillis();
        final long half = base / 2;
        return Duration.ofMillis(half + random.nextLong(base - half + 1));
    }

    /** As {@link #delay(int)}, but at least the receiver's {@code Retry-After} (up to {@link #MAX_RETRY_AFTER}). */
    public Duration delay(final int attempt, final Optional<Duration> retryAfter) {
        final Duration own = delay(attempt);
        return retryAfter.map(asked -> asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked)
                .filter(asked -> asked.compareTo(own) > 0)
                .orElse(own);
    }

    @Override
    public String toString() {
        return "from " + initial.toMillis() + " ms doubling to " + max.toMillis() + " ms, jittered";
    }
}
