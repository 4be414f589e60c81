package io.coldchain.ops;

import io.coldchain.errors.UserError;
import io.coldchain.topics.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coldchain streams}: runs the streams application against a Kafka cluster until stopped. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the coldchain Kafka Streams application against a Kafka cluster until stopped (Ctrl-C).",
        footer = {"", "Each option can also be set in --config-file (key in brackets) or the environment (COLDCHAIN_*);",
                "flags win over the environment, which wins over the file."})
public final class StreamsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsCommand.class);

    @Spec
    CommandSpec spec;
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers [bootstrap.servers, COLDCHAIN_BOOTSTRAP_SERVERS]; default localhost:9092.")
    String bootstrapServer;

    @Option(names = "--application-id", description = "Kafka Streams application id [application.id]; default coldchain-streams.")
    String applicationId;

    @Option(names = "--state-dir", description = "Directory of the local state stores [state.dir].")
    String stateDir;

    @Option(names = "--topic-prefix", description = "Prefix of every topic name [coldchain.topic.prefix]; default 'coldchain.'.")
    String topicPrefix;

    @Option(names = "--partitions", description = "Partitions when creating topics [coldchain.topic.partitions]; default 3.")
    String partitions;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry [schema.registry.url]; default: built-in deterministic ids.")
    String schemaRegistryUrl;

    @Option(names = "--commit-interval-ms", description = "Exactly-once commit interval, bounds alert latency [commit.interval.ms]; default 100.")
    String commitIntervalMs;

    @Option(names = "--http-port", description = "Port of health, metrics and query endpoints, -1 = off [coldchain.http.port]; default 8080.")
    String httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS",
            description = "Address the ops endpoints listen on; 0.0.0.0 = every interface [coldchain.http.bind]; default 127.0.0.1.")
    String httpBind;

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Bearer token required by /metrics and /shipments (not /health); prefer COLDCHAIN_HTTP_TOKEN or the "
                    + "config file, a flag shows in the process list [coldchain.http.token]; default: none.")
    String httpToken;

    @Option(names = "--detection-settings", paramLabel = "FILE",
            description = "YAML file of detection thresholds and temperature profiles over the built-in ones "
                    + "(docs/DETECTION-SETTINGS.md) [coldchain.detection.settings]; default: built-in.")
    String detectionSettings;

    @Option(names = "--print-detection-settings",
            description = "Print the detection settings in effect (the defaults with --detection-settings applied) as YAML "
                    + "and exit: a starting point for a file of your own.")
    boolean printDetectionSettings;

    @Option(names = "--config-file", paramLabel = "FILE", description = "Properties file: coldchain settings and any Kafka Streams/client property.")
    Path configFile;

    @Option(names = {"-D", "--streams-config"}, paramLabel = "KEY=VALUE", description = "Extra Kafka Streams/client property, applied last.")
    Map<String, String> extra = new LinkedHashMap<>();

    @Option(names = "--create-topics", description = "Create missing catalogue topics (replication factor --replication-factor) before starting.")
    boolean createTopics;

    @Option(names = "--replication-factor", defaultValue = "-1",
            description = "Replication factor for --create-topics; -1 = broker default.")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        final StreamsSettings settings = SettingsResolver.resolve(flags(), System.getenv(), configFile, extra);
        if (printDetectionSettings) {
            spec.commandLine().getOut().print(DetectionSettingsFile.describe(settings.detection()));
            spec.commandLine().getOut().flush();
            return 0;
        }
        LOG.info("Configuration: {}", settings.describe());
        LOG.info("Detection settings:\n{}", DetectionSettingsFile.describe(settings.detection()));
        prepareCluster(settings);
        try (StreamsRuntime runtime = new StreamsRuntime(settings, CLOSE_TIMEOUT)) {
            final Thread hook = new Thread(runtime::close, "coldchain-streams-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            runtime.start();
            runtime.awaitStopped();
            return runtime.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
        }
    }

    /** Checks the cluster answers and the topics exist (creating them if asked); one clear line if not. */
    static void prepareCluster(final StreamsSettings settings, final boolean create, final short replicationFactor) {
        final Map<String, Object> adminConfig = new LinkedHashMap<>();
        settings.toProperties().forEach((k, v) -> {
            final String key = k.toString();
            if (AdminClientConfig.configNames().contains(key) && !key.equals(StreamsConfig.APPLICATION_ID_CONFIG)) {
                adminConfig.put(key, v);
            }
        });
        try (TopicAdmin admin = new TopicAdmin(adminConfig, Duration.ofSeconds(10))) {
            admin.ensureReachable();
            if (create) {
                final List<String> created = admin.createMissing(settings.catalogue(), replicationFactor);
                if (!created.isEmpty()) {
                    LOG.info("Created topics {}", created);
                }
            }
            final List<String> missing = admin.missing(settings.catalogue());
            if (!missing.isEmpty()) {
                throw new UserError("topics missing on " + settings.bootstrapServers() + ": " + missing
                        + "; create them or pass --create-topics");
            }
        }
    }

    private void prepareCluster(final StreamsSettings settings) {
        prepareCluster(settings, createTopics, replicationFactor);
    }

    private Map<Setting, String> flags() {
        final Map<Setting, String> flags = new EnumMap<>(Setting.class);
        put(flags, Setting.BOOTSTRAP_SERVERS, bootstrapServer);
        put(flags, Setting.APPLICATION_ID, applicationId);
        put(flags, Setting.STATE_DIR, stateDir);
        put(flags, Setting.TOPIC_PREFIX, topicPrefix);
        put(flags, Setting.PARTITIONS, partitions);
        put(flags, Setting.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        put(flags, Setting.COMMIT_INTERVAL_MS, commitIntervalMs);
        put(flags, Setting.HTTP_PORT, httpPort);
        put(flags, Setting.HTTP_BIND, httpBind);
        put(flags, Setting.HTTP_TOKEN, httpToken);
        put(flags, Setting.DETECTION_SETTINGS, detectionSettings);
        return flags;
    }

    private static void put(final Map<Setting, String> flags, final Setting setting, final String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
