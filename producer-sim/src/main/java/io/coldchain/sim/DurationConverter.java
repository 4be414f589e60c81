package io.coldchain.sim;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as ISO-8601 ({@code PT5M}) or as a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(final String value) {
        return parse(value);
    }

    public static Duration parse(final String value) {
        final String text = value.trim().toLowerCase(Locale.ROOT);
        final Matcher m = SHORT.matcher(text);
        try {
            if (m.matches()) {
                final long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: write PT5M (ISO-8601) or 5m, "
                    + "30s, 500ms, 2h, 1d");
        }
    }
}
