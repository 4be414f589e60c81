package io.coldchain.config;

/** Where a resolved value came from, lowest precedence first. */
public enum ConfigSource {
    /** The default in code (the option's annotation). */
    DEFAULT,
    /** The {@code --config-file}. */
    FILE,
    /** An environment variable. */
    ENV,
    /** The command line. */
    FLAG;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
