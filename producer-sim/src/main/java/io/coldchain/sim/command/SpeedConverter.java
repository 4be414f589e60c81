package io.coldchain.sim.command;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --speed}: a number of simulated seconds per wall second, or "max" for unpaced. */
final class SpeedConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(final String value) {
        if ("max".equalsIgnoreCase(value.trim())) {
            return 0.0;
        }
        try {
            final double speed = Double.parseDouble(value.trim());
            if (speed >= 0 && !Double.isInfinite(speed)) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new TypeConversionException("'" + value + "' is not a speed: give simulated seconds per wall "
                + "second (60) or 'max'");
    }
}
