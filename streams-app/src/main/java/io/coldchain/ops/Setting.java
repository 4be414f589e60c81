package io.coldchain.ops;

/**
 * The streams application's own settings: each has one properties key (usable in a
 * {@code --config-file}), one environment variable and one command-line flag. Resolution order,
 * lowest first: the default here, the properties file, the environment, the flag.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", "COLDCHAIN_BOOTSTRAP_SERVERS", "--bootstrap-server", "localhost:9092"),
    APPLICATION_ID("application.id", "COLDCHAIN_APPLICATION_ID", "--application-id", StreamsSettings.DEFAULT_APPLICATION_ID),
    STATE_DIR("state.dir", "COLDCHAIN_STATE_DIR", "--state-dir",
            System.getProperty("java.io.tmpdir") + "/coldchain-streams"),
    TOPIC_PREFIX("coldchain.topic.prefix", "COLDCHAIN_TOPIC_PREFIX", "--topic-prefix", "coldchain."),
    PARTITIONS("coldchain.topic.partitions", "COLDCHAIN_TOPIC_PARTITIONS", "--partitions", "3"),
    SCHEMA_REGISTRY_URL("schema.registry.url", "COLDCHAIN_SCHEMA_REGISTRY_URL", "--schema-registry-url", ""),
    COMMIT_INTERVAL_MS("commit.interval.ms", "COLDCHAIN_COMMIT_INTERVAL_MS", "--commit-interval-ms",
            Long.toString(StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS)),
    HTTP_PORT("coldchain.http.port", "COLDCHAIN_HTTP_PORT", "--http-port", "8080"),
    /** Loopback by default: the endpoints are for a sidecar, a probe or an operator on the host. */
    HTTP_BIND("coldchain.http.bind", "COLDCHAIN_HTTP_BIND", "--http-bind", StreamsSettings.DEFAULT_HTTP_BIND),
    /** Empty = no token: /metrics and /shipments answer anyone who can reach the port, without serials or custodians. */
    HTTP_TOKEN("coldchain.http.token", "COLDCHAIN_HTTP_TOKEN", "--http-token", ""),
    /** Empty = the built-in thresholds and profiles; else a YAML file of overrides (docs/DETECTION-SETTINGS.md). */
    DETECTION_SETTINGS("coldchain.detection.settings", "COLDCHAIN_DETECTION_SETTINGS", "--detection-settings", "");

    private final String key;
    private final String env;
    private final String flag;
    private final String defaultValue;

    Setting(final String key, final String env, final String flag, final String defaultValue) {
        this.key = key;
        this.env = env;
        this.flag = flag;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public String flag() {
        return flag;
    }

    public String defaultValue() {
        return defaultValue;
    }
}
