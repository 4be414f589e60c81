package io.coldchain.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command has, added by {@link Configuration#install}: the settings file and the print-out of the
 * resolved configuration ({@code --print-config} is handled by the installed execution strategy).
 */
public final class ConfigOptions {

    @Option(names = ConfigNames.CONFIG_FILE, paramLabel = "FILE",
            description = "Java properties file: any option of this command by its file key (docs/CONFIGURATION.md), "
                    + "and Kafka client properties (security, tuning) under every other key. Environment variables "
                    + "and flags win over it.")
    Path configFile;

    /** The former name on the Kafka tools (publish, export, alerts, ...); hidden, still accepted. */
    @Option(names = ConfigNames.LEGACY_CONFIG_FILE, paramLabel = "FILE", hidden = true)
    Path legacyConfigFile;

    /** {@code help}: like {@code --help}, it works without the command's required options. */
    @SuppressWarnings("deprecation")
    @Option(names = ConfigNames.PRINT_CONFIG, help = true,
            description = "Print the resolved configuration, each value with its source (default, file, env, flag), "
                    + "secrets masked, and exit.")
    boolean printConfig;
}
