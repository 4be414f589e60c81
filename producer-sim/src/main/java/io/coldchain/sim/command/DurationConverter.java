package io.coldchain.sim.command;

import io.coldchain.units.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration flag with {@link Durations}: ISO-8601 ({@code PT5M}) or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(final String value) {
        return parse(value);
    }

    public static Duration parse(final String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: write PT5M (ISO-8601) or 5m, "
                    + "30s, 500ms, 2h, 1d");
        }
    }
}
