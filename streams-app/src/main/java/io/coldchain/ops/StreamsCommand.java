package io.coldchain.ops;

import io.coldchain.config.ClientOptions;
import io.coldchain.config.ConfigName;
import io.coldchain.errors.UserError;
import io.coldchain.streams.StateCache;
import io.coldchain.topics.Copartitioning;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coldchain streams}: runs the streams application against a Kafka cluster until stopped. Its options resolve
 * along the one path of every command (default, {@code --config-file}, environment, flag: {@code io.coldchain.config});
 * the application's own keys and variables are the ones it has always had ({@code application.id},
 * {@code COLDCHAIN_HTTP_PORT}, ...).
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the coldchain Kafka Streams application against a Kafka cluster until stopped (Ctrl-C).",
        footer = {"", "Each option can also be set in --config-file or the environment (docs/CONFIGURATION.md);",
                "flags win over the environment, which wins over the file."})
public final class StreamsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsCommand.class);

    @Spec
    CommandSpec spec;
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    ClientOptions kafka = new ClientOptions();

    @Option(names = "--application-id", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id: consumer group and prefix of the internal topics "
                    + "(default: ${DEFAULT-VALUE}).")
    @ConfigName(key = StreamsConfig.APPLICATION_ID_CONFIG, env = "COLDCHAIN_APPLICATION_ID")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Directory of the local state stores (default: coldchain-streams in the system's temporary "
                    + "directory).")
    @ConfigName(key = StreamsConfig.STATE_DIR_CONFIG, env = "COLDCHAIN_STATE_DIR")
    Path stateDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + TopicCatalogue.DEFAULT_PARTITIONS,
            description = "Partitions when creating topics (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = "coldchain.topic.partitions", env = "COLDCHAIN_TOPIC_PARTITIONS")
    int partitions;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "" + StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS,
            description = "Exactly-once commit interval: how long work and replayed alerts wait to be committed; an alert "
                    + "that is news asks for a commit at once; 1000 replays faster (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, env = "COLDCHAIN_COMMIT_INTERVAL_MS")
    long commitIntervalMs;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "" + StreamsSettings.DEFAULT_STREAM_THREADS,
            description = "Stream threads of this instance; the work is split into tasks, one per input partition of each "
                    + "sub-topology, shared by every thread of every instance (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = StreamsConfig.NUM_STREAM_THREADS_CONFIG, env = "COLDCHAIN_STREAM_THREADS")
    int streamThreads;

    @Option(names = "--standby-replicas", paramLabel = "N", defaultValue = "" + StreamsSettings.DEFAULT_STANDBY_REPLICAS,
            description = "Warm copies of each task's state kept on other instances of the same application id, so a "
                    + "failed-over task needs no full restore; needs N + 1 instances (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, env = "COLDCHAIN_STANDBY_REPLICAS")
    int standbyReplicas;

    @Option(names = "--state-cache-shipments", paramLabel = "N", defaultValue = "" + StateCache.DEFAULT_SHIPMENTS,
            description = "Shipments per task whose detector states and history stay decoded on the heap; a task with "
                    + "more reads the rest back from its stores at every event. About 2-3 KB of heap each; raise it to "
                    + "a task's share of a live fleet when the heap allows (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = StateCache.SHIPMENTS_CONFIG, env = "COLDCHAIN_STATE_CACHE_SHIPMENTS")
    int stateCacheShipments;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + StreamsSettings.DEFAULT_HTTP_PORT,
            description = "Port of health, metrics and query endpoints; 0 = any free port, -1 = off (default: "
                    + "${DEFAULT-VALUE}).")
    @ConfigName(key = StreamsSettings.HTTP_PORT_KEY, env = "COLDCHAIN_HTTP_PORT")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = StreamsSettings.DEFAULT_HTTP_BIND,
            description = "Address the ops endpoints listen on; 0.0.0.0 = every interface (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = StreamsSettings.HTTP_BIND_KEY, env = "COLDCHAIN_HTTP_BIND")
    String httpBind;

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Bearer token required by /metrics and /shipments (not /health); prefer the environment or "
                    + "the config file, a flag shows in the process list. Default: none.")
    @ConfigName(key = StreamsSettings.HTTP_TOKEN_KEY, env = "COLDCHAIN_HTTP_TOKEN", secret = true)
    String httpToken;

    @Option(names = "--detection-settings", paramLabel = "FILE",
            description = "YAML file of detection thresholds and temperature profiles over the built-in ones "
                    + "(docs/DETECTION-SETTINGS.md). Default: the built-in ones.")
    @ConfigName(key = "coldchain.detection.settings", env = "COLDCHAIN_DETECTION_SETTINGS")
    Path detectionSettings;

    @Option(names = "--print-detection-settings",
            description = "Print the detection settings in effect (the defaults with --detection-settings applied) as YAML "
                    + "and exit: a starting point for a file of your own.")
    @ConfigName(flagOnly = true)
    boolean printDetectionSettings;

    @Option(names = "--create-topics", description = "Create missing catalogue topics (replication factor --replication-factor) before starting.")
    boolean createTopics;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Replication factor for --create-topics; -1 = broker default (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        final StreamsSettings settings = settings();
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

    /**
     * The settings of the parsed options, checked: the client properties of the file and {@code --client-config}
     * become the Kafka Streams overrides; the detection settings file is read whole here, before anything starts.
     */
    StreamsSettings settings() {
        if (httpPort < -1 || httpPort > 65_535) {
            throw new UserError("--http-port (COLDCHAIN_HTTP_PORT, " + StreamsSettings.HTTP_PORT_KEY
                    + ") must be a port 0..65535, or -1 for no ops endpoints, got " + httpPort);
        }
        if (streamThreads < 1) {
            throw new UserError("--stream-threads (COLDCHAIN_STREAM_THREADS, " + StreamsConfig.NUM_STREAM_THREADS_CONFIG
                    + ") must be at least 1, got " + streamThreads);
        }
        if (standbyReplicas < 0) {
            throw new UserError("--standby-replicas (COLDCHAIN_STANDBY_REPLICAS, "
                    + StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG + ") must be 0 or more, got " + standbyReplicas);
        }
        if (stateCacheShipments < 1) {
            throw new UserError("--state-cache-shipments (COLDCHAIN_STATE_CACHE_SHIPMENTS, " + StateCache.SHIPMENTS_CONFIG
                    + ") must be at least 1, got " + stateCacheShipments);
        }
        final String bind = httpBind == null ? "" : httpBind.strip();
        if (bind.isEmpty() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw new UserError("--http-bind (COLDCHAIN_HTTP_BIND, " + StreamsSettings.HTTP_BIND_KEY
                    + ") must be one address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0, got '" + httpBind + "'");
        }
        final StreamsSettings settings = StreamsSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .applicationId(applicationId)
                .stateDir(stateDir == null ? StreamsSettings.defaultStateDir() : stateDir)
                .topicPrefix(kafka.topicPrefix())
                .partitions(partitions)
                .schemaRegistryUrl(kafka.schemaRegistryUrl())
                .commitIntervalMs(commitIntervalMs)
                .streamThreads(streamThreads)
                .standbyReplicas(standbyReplicas)
                .stateCacheShipments(stateCacheShipments)
                .httpPort(httpPort)
                .httpBind(bind)
                .httpToken(httpToken)
                .overrides(kafka.clientProperties())
                .detection(detectionSettings == null ? null : DetectionSettingsFile.read(detectionSettings))
                .build();
        try {
            // --client-config, applied last, may set it too: checked here, not in every task's init.
            StateCache.shipmentsCapacity(settings.toProperties());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + " (--client-config)");
        }
        return settings;
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
        final TopicCatalogue catalogue = settings.catalogue();
        try (TopicAdmin admin = new TopicAdmin(adminConfig, Duration.ofSeconds(10))) {
            admin.ensureReachable();
            if (create) {
                final List<String> created = admin.createMissing(catalogue, replicationFactor);
                if (!created.isEmpty()) {
                    LOG.info("Created topics {}", created);
                }
            }
            final Map<String, TopicAdmin.TopicAccess> topics = admin.describe(catalogue);
            final List<String> missing = TopicAdmin.missing(topics);
            if (!missing.isEmpty()) {
                throw new UserError("topics missing on " + settings.bootstrapServers() + ": " + missing
                        + "; create them or pass --create-topics");
            }
            final Map<String, Integer> partitions = new LinkedHashMap<>();
            Copartitioning.shipmentKeyedInputs(catalogue)
                    .forEach(topic -> partitions.put(topic, topics.get(topic).partitions()));
            Copartitioning.problem(partitions).ifPresent(problem -> {
                throw new UserError(problem + " (see docs/RELIABILITY.md, \"Scaling out\")");
            });
        }
    }

    private void prepareCluster(final StreamsSettings settings) {
        prepareCluster(settings, createTopics, replicationFactor);
    }
}
