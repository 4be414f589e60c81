package io.coldchain.sim.command;

import io.coldchain.sim.incidents.IncidentMix;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --incidents} case-insensitively. */
final class PresetConverter implements ITypeConverter<IncidentMix.Preset> {

    @Override
    public IncidentMix.Preset convert(final String value) {
        try {
            return IncidentMix.Preset.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not an incident mix: none, default or all");
        }
    }
}
