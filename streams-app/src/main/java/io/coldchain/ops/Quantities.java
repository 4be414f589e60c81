package io.coldchain.ops;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values with units as an operator writes them in a settings file: lengths ({@code 2km}, {@code 500m}), speeds
 * ({@code 120km/h}) and temperatures ({@code 2.5C}, {@code -0.5°C}), each converted to the base unit the setting's
 * name states ({@code …Meters}, {@code …Kmh}, {@code …Celsius}); a bare number is already in it. Durations are
 * {@link io.coldchain.units.Durations}'.
 */
public final class Quantities {

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
}
