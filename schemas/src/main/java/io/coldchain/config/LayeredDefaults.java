package io.coldchain.config;

import io.coldchain.errors.UserError;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one resolution of every command's options, as picocli's default-value provider: an option not given as a flag
 * takes its environment variable, else its key in the {@code --config-file}, else the default of its annotation
 * (picocli's own, when this returns null). Flags win over all. Names: {@link ConfigNames}.
 *
 * <p>picocli asks after matching the flags, so the {@code --config-file} of the same command line is known here.
 */
public final class LayeredDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;

    /** @param env the process environment (a map of its own in tests) */
    public LayeredDefaults(final Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * A value found outside the command line.
     *
     * @param source {@link ConfigSource#ENV} or {@link ConfigSource#FILE}
     * @param where  the variable, or the file and key
     * @param value  the value as written
     */
    public record Found(ConfigSource source, String where, String value) {
    }

    @Override
    public String defaultValue(final ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        try {
            return find(option).map(Found::value).orElse(null);
        } catch (UserError e) {
            throw new ParameterException(option.command().commandLine(), e.getMessage(), e);
        }
    }

    /** Where {@code option} takes its value from when not given as a flag; empty = its annotation's default. */
    public Optional<Found> find(final OptionSpec option) {
        final Optional<ConfigNames.Names> names = ConfigNames.of(option);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        final String fromEnv = env.get(names.get().env());
        if (fromEnv != null) {
            return Optional.of(new Found(ConfigSource.ENV, names.get().env(), fromEnv));
        }
        final String key = names.get().key();
        if (key == null) {
            return Optional.empty();
        }
        final Optional<Path> file = ConfigFile.path(option.command(), env);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        final String fromFile = ConfigFile.read(file.get()).get(key);
        return fromFile == null ? Optional.empty() : Optional.of(new Found(ConfigSource.FILE, file.get() + " " + key, fromFile));
    }
}
