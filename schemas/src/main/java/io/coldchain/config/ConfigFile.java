package io.coldchain.config;

import io.coldchain.errors.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code --config-file} of a run: a Java properties file whose keys are options' file keys ({@link ConfigNames})
 * or, for every other key, Kafka client properties (security, tuning), as {@code broker --security scram} prints them.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * The file of this run: {@code --client-config-file} (the old name) or {@code --config-file} as parsed, else
     * {@code COLDCHAIN_CONFIG_FILE} from {@code env}; empty without one.
     */
    public static Optional<Path> path(final CommandSpec spec, final Map<String, String> env) {
        final Path legacy = value(spec, ConfigNames.LEGACY_CONFIG_FILE);
        if (legacy != null) {
            return Optional.of(legacy);
        }
        final Path given = value(spec, ConfigNames.CONFIG_FILE);
        if (given != null) {
            return Optional.of(given);
        }
        final String fromEnv = env.get(ConfigNames.CONFIG_FILE_ENV);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(Path.of(fromEnv.strip()));
    }

    /** The file's entries, values stripped, in key order; one line to the user if it cannot be read. */
    public static Map<String, String> read(final Path file) {
        final Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UserError("cannot read " + ConfigNames.CONFIG_FILE + " " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
        final Map<String, String> entries = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted()
                .forEach(k -> entries.put(k.strip(), props.getProperty(k).strip()));
        return entries;
    }

    /**
     * The Kafka client properties of the file of {@code spec}'s run (parsed): its entries whose key is no option's
     * key in the whole command tree.
     */
    public static Map<String, String> clientProperties(final CommandSpec spec) {
        final Optional<Path> file = path(spec, Map.of());
        if (file.isEmpty()) {
            return Map.of();
        }
        final Set<String> optionKeys = ConfigNames.keys(spec.root());
        final Map<String, String> properties = new LinkedHashMap<>(read(file.get()));
        properties.keySet().removeAll(optionKeys);
        return properties;
    }

    private static Path value(final CommandSpec spec, final String name) {
        final OptionSpec option = spec.findOption(name);
        return option == null ? null : option.getValue();
    }
}
