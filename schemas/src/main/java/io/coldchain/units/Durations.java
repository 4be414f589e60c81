package io.coldchain.units;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them, for every flag and settings file of the project: {@code 250ms}, {@code 90s},
 * {@code 10m}, {@code 1h30m}, {@code 2.5h}, {@code 35d}, {@code 0}, or ISO-8601 ({@code PT10M}, {@code P2D});
 * units in either case. A bare number other than 0 is refused: seconds or minutes?
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|d|h|m|s)");

    private Durations() {
    }

    /**
     * A duration such as {@code 10m}, {@code 1h30m}, {@code 2.5h}, {@code 250ms}, {@code 0}, or ISO-8601.
     *
     * @throws IllegalArgumentException when {@code text} is none of these
     */
    public static Duration parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                return Duration.parse(t);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration");
            }
        }
        final Matcher m = PART.matcher(t);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            final double amount = Double.parseDouble(m.group(1));
            final long unitNanos = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            try {
                nanos = Math.addExact(nanos, Math.round(amount * unitNanos));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is longer than any duration can be");
            }
            end = m.end();
            while (end < t.length() && t.charAt(end) == ' ') {
                end++;
            }
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 250ms, 90s, 10m, 1h30m, 35d)");
        }
        return Duration.ofNanos(nanos);
    }

    /** The shortest exact form: {@code 0s}, {@code 250ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 35d}. */
    public static String format(final Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative() || duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toString();
        }
        final StringBuilder out = new StringBuilder();
        append(out, duration.toDaysPart(), "d");
        append(out, duration.toHoursPart(), "h");
        append(out, duration.toMinutesPart(), "m");
        append(out, duration.toSecondsPart(), "s");
        append(out, duration.toMillisPart(), "ms");
        return out.toString();
    }

    private static void append(final StringBuilder out, final long amount, final String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
