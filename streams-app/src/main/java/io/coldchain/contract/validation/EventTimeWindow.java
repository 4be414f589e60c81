package io.coldchain.contract.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event times the pipeline accepts: not before {@link #earliest} (a logger with a reset clock says
 * 1970), and not more than {@link #maxAhead} ahead of the wall clock at processing (a logger that says 2100).
 * There is deliberately no bound on the past beyond {@code earliest}: replays and backfills of old data are
 * normal.
 *
 * <p>The future bound protects the application, not just the rules: event time becomes the timestamp of
 * changelog, late-data and alert records, and a broker refuses a record timestamped more than
 * {@code message.timestamp.after.max.ms} (1 h by default since Kafka 4.0) ahead of its own clock; a refused
 * changelog write stops the application for good. So {@link #DEFAULT_MAX_AHEAD} stays well inside it.
 *
 * @param earliest the earliest plausible event time
 * @param maxAhead how far ahead of the wall clock an event time may be (logger clock skew)
 */
public record EventTimeWindow(Instant earliest, Duration maxAhead) {

    public static final Instant DEFAULT_EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Half the broker's default {@code message.timestamp.after.max.ms} (1 h): room for clock skew and commit delay. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(30);

    public EventTimeWindow {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAhead must not be negative: " + maxAhead);
        }
    }

    public static EventTimeWindow defaults() {
        return new EventTimeWindow(DEFAULT_EARLIEST, DEFAULT_MAX_AHEAD);
    }

    public EventTimeWindow withMaxAhead(final Duration value) {
        return new EventTimeWindow(earliest, value);
    }

    /** Whether {@code eventTime} (epoch ms) is plausible at wall-clock time {@code now} (epoch ms). */
    public boolean contains(final long eventTime, final long now) {
        return check(eventTime, now, "event time").valid();
    }

    /** @param what names the time in the detail, e.g. {@code eventTime} */
    public Validation check(final long eventTime, final long now, final String what) {
        if (eventTime < earliest.toEpochMilli()) {
            return Validation.invalid(Reason.EVENT_TIME_TOO_EARLY, what + " " + describe(eventTime)
                    + " is before " + earliest);
        }
        final long latest = saturatedAdd(now, maxAhead.toMillis());
        if (eventTime > latest) {
            return Validation.invalid(Reason.EVENT_TIME_IN_FUTURE, what + " " + describe(eventTime) + " is more than "
                    + maxAhead + " ahead of the wall clock (" + Instant.ofEpochMilli(now) + ")");
        }
        return Validation.ok();
    }

    private static String describe(final long epochMillis) {
        try {
            return epochMillis + " (" + Instant.ofEpochMilli(epochMillis) + ")";
        } catch (RuntimeException e) {
            return Long.toString(epochMillis);
        }
    }

    private static long saturatedAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
