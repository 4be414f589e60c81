package io.coldchain.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values with units as an operator writes them in a settings file: durations ({@code 90s}, {@code 10m},
 * {@code 1h30m}, {@code 35d}, {@code 250ms}, or ISO-8601 {@code PT10M}), lengths ({@code 2km}, {@code 500m}),
 * speeds ({@code 120km/h}) and temperatures ({@code 2.5C}, {@code -0.5°C}). Each is converted to the base unit the
 * setting's name states ({@code …Meters}, {@code …Kmh}, {@code …Celsius}); a bare number is already in it.
 */
public final class Quantities {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|d|h|m|s)");
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*(.*)");

    private Quantities() {
    }

    /** The base unit a setting is in, from the end of its name; null when the name states none. */
    enum Unit {
        METERS("Meters"), KMH("Kmh"), CELSIUS("Celsius");

        private final String suffix;

        Unit(final String suffix) {
            this.suffix = suffix;
        }

        static Unit of(final String settingName) {
            for (final Unit unit : values()) {
                if (settingName.endsWith(unit.suffix)) {
                    return unit;
                }
            }
            return null;
        }
    }

    /**
     * {@code text} in the base unit of the setting {@code name}.
     *
     * @throws IllegalArgumentException naming the accepted units when {@code text} is not such a value
     */
    static double parse(final String name, final String text) {
        final Unit unit = Unit.of(name);
        final Matcher m = NUMBER_AND_UNIT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number" + accepted(unit));
        }
        final double value = Double.parseDouble(m.group(1));
        final String suffix = m.group(2).trim().toLowerCase(Locale.ROOT);
        if (suffix.isEmpty()) {
            return value;
        }
        if (unit == Unit.METERS && suffix.equals("m")) {
            return value;
        }
        if (unit == Unit.METERS && suffix.equals("km")) {
            return value * 1000;
        }
        if (unit == Unit.KMH && (suffix.equals("km/h") || suffix.equals("kmh") || suffix.equals("kph"))) {
            return value;
        }
        if (unit == Unit.CELSIUS && (suffix.equals("c") || suffix.equals("°c"))) {
            return value;
        }
        throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + m.group(2).trim() + "'"
                + accepted(unit));
    }

    private static String accepted(final Unit unit) {
        if (unit == null) {
            return " (a plain number)";
        }
        return switch (unit) {
            case METERS -> " (metres: 500, 500m or 2km)";
            case KMH -> " (km/h: 120 or 120km/h)";
            case CELSIUS -> " (°C: 2.5 or 2.5C)";
        };
    }

    /**
     * A duration such as {@code 10m}, {@code 1h30m}, {@code 2.5h}, {@code 250ms}, {@code 0}, or ISO-8601.
     *
     * @throws IllegalArgumentException when {@code text} is none of these
     */
    public static Duration parseDuration(final String text) {
        final String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
            try {
                return Duration.parse(t);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration");
            }
        }
        final Matcher m = DURATION_PART.matcher(t);
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
            nanos = Math.addExact(nanos, Math.round(amount * unitNanos));
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
