package io.coldchain.sim.model;

import java.util.SplittableRandom;

/**
 * When a shipment's logger samples: every {@code minInterval} if it equals {@code maxInterval}, else after
 * intervals drawn uniformly (whole seconds) in {@code [minInterval, maxInterval]} from a generator of its own,
 * so the schedule is the same however often it is walked.
 *
 * @param minInterval shortest time between two readings, millis
 * @param maxInterval longest time between two readings, millis; what incidents are sized against
 * @param seed        seed of the irregular intervals
 */
public record LoggerSchedule(long minInterval, long maxInterval, long seed) {

    static final long MINUTE = 60_000L;

    public LoggerSchedule {
        if (minInterval < 1_000 || maxInterval < minInterval) {
            throw new IllegalArgumentException("bad logger intervals " + minInterval + ".." + maxInterval);
        }
    }

    static LoggerSchedule every(final long interval) {
        return new LoggerSchedule(interval, interval, 0);
    }

    boolean regular() {
        return minInterval == maxInterval;
    }

    /** A fresh walk of the schedule from {@code first}, the first reading. */
    Sampler from(final long first) {
        return new Sampler(first);
    }

    /** The first reading at or after {@code time} of a schedule whose first reading is {@code first}. */
    public long firstAtOrAfter(final long first, final long time) {
        if (regular()) {
            return first + Math.max(0, Math.floorDiv(time - first + minInterval - 1, minInterval)) * minInterval;
        }
        final Sampler sampler = from(first);
        while (sampler.peek() < time) {
            sampler.advance();
        }
        return sampler.peek();
    }

    /** Walks the reading times in order. */
    final class Sampler {
        private final SplittableRandom rng = new SplittableRandom(seed);
        private long next;

        private Sampler(final long first) {
            this.next = first;
        }

        long peek() {
            return next;
        }

        void advance() {
            next += regular() ? minInterval : rng.nextLong(minInterval / 1000, maxInterval / 1000 + 1) * 1000;
        }
    }
}
