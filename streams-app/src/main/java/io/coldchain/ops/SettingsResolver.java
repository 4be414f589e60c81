package io.coldchain.ops;

import io.coldchain.errors.UserError;
import io.coldchain.streams.DetectionSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves {@link StreamsSettings} along the one configuration path: defaults, then an optional
 * properties file, then the environment, then flags. Properties in the file that are not coldchain
 * settings are passed to Kafka Streams as they are (security, client tuning).
 */
public final class SettingsResolver {

    private SettingsResolver() {
    }

    /**
     * @param flags      values given on the command line (absent = not given)
     * @param env        the process environment
     * @param configFile an optional properties file, or null
     * @param extra      {@code key=value} overrides from the command line, applied last
     */
    public static StreamsSettings resolve(final Map<Setting, String> flags, final Map<String, String> env,
                                          final Path configFile, final Map<String, String> extra) {
        final Map<String, String> fromFile = configFile == null ? Map.of() : load(configFile);
        final Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (final Setting setting : Setting.values()) {
            String value = setting.defaultValue();
            value = fromFile.getOrDefault(setting.key(), value);
            value = env.getOrDefault(setting.env(), value);
            value = flags.getOrDefault(setting, value);
            values.put(setting, value);
        }
        final Map<String, String> overrides = new HashMap<>(fromFile);
        for (final Setting setting : Setting.values()) {
            overrides.remove(setting.key());
        }
        overrides.putAll(extra);
        return new StreamsSettings(
                values.get(Setting.BOOTSTRAP_SERVERS),
                values.get(Setting.APPLICATION_ID),
                Path.of(values.get(Setting.STATE_DIR)),
                values.get(Setting.TOPIC_PREFIX),
                parseInt(Setting.PARTITIONS, values.get(Setting.PARTITIONS)),
                values.get(Setting.SCHEMA_REGISTRY_URL),
                parseLong(Setting.COMMIT_INTERVAL_MS, values.get(Setting.COMMIT_INTERVAL_MS)),
                parsePort(values.get(Setting.HTTP_PORT)),
                bindAddress(values.get(Setting.HTTP_BIND)),
                blankToNull(values.get(Setting.HTTP_TOKEN)),
                overrides,
                detection(blankToNull(values.get(Setting.DETECTION_SETTINGS))));
    }

    /** The built-in settings, or those of the file: checked whole here, before anything starts. */
    private static DetectionSettings detection(final String file) {
        return file == null ? DetectionSettings.defaults() : DetectionSettingsFile.read(Path.of(file));
    }

    private static Map<String, String> load(final Path file) {
        final Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        final Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
    }

    private static int parseInt(final Setting setting, final String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UserError(setting.flag() + " (" + setting.env() + ") must be a whole number, got '"
                    + value + "'", e);
        }
    }

    private static int parsePort(final String value) {
        final int port = parseInt(Setting.HTTP_PORT, value);
        if (port < -1 || port > 65_535) {
            throw new UserError(Setting.HTTP_PORT.flag() + " (" + Setting.HTTP_PORT.env()
                    + ") must be a port 0..65535, or -1 for no ops endpoints, got " + port);
        }
        return port;
    }

    private static String bindAddress(final String value) {
        final String bind = value.trim();
        if (bind.isEmpty() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw new UserError(Setting.HTTP_BIND.flag() + " (" + Setting.HTTP_BIND.env()
                    + ") must be one address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0, got '" + value + "'");
        }
        return bind;
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long parseLong(final Setting setting, final String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UserError(setting.flag() + " (" + setting.env() + ") must be a whole number, got '"
                    + value + "'", e);
        }
    }
}
