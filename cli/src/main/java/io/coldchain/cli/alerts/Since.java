package io.coldchain.cli.alerts;

import io.coldchain.errors.UserError;
import io.coldchain.units.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Where reading starts, as an operator writes it: a duration back from now ({@code 2h}, {@code 30m},
 * {@code 1d}, {@code PT90M}; see {@link Durations}) or a point in time ({@code 2026-03-03T10:00:00Z},
 * {@code 2026-03-03T11:00:00+01:00}). Holds no Kafka types.
 */
public final class Since {

    private Since() {
    }

    /**
     * The instant {@code text} means at {@code now}.
     *
     * @throws IllegalArgumentException with what was expected, when {@code text} is neither
     */
    public static Instant parse(final String text, final Instant now) {
        final String t = text.trim();
        if (t.indexOf('T') > 0 && Character.isDigit(t.charAt(0))) {
            try {
                return notBeforeEpoch(OffsetDateTime.parse(t).toInstant()); // also takes 'Z'
            } catch (DateTimeParseException e) {
                throw new UserError("'" + text + "' is not a point in time with its zone, such as "
                        + "2026-03-03T10:00:00Z or 2026-03-03T11:00:00+01:00");
            }
        }
        final Duration back;
        try {
            back = Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw new UserError("'" + text + "' is neither a duration back from now (2h, 30m, 1d) nor "
                    + "a point in time (2026-03-03T10:00:00Z)");
        }
        if (back.isNegative()) {
            throw new UserError("'" + text + "' is a negative duration: write how far back to start, "
                    + "such as 2h");
        }
        try {
            return notBeforeEpoch(now.minus(back));
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.EPOCH;
        }
    }

    /** Kafka looks up no time before 1970, and no record is stamped before it: that is the beginning. */
    private static Instant notBeforeEpoch(final Instant instant) {
        return instant.isBefore(Instant.EPOCH) ? Instant.EPOCH : instant;
    }
}
