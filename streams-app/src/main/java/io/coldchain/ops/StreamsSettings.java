package io.coldchain.ops;

import io.coldchain.config.ClientOptions;
import io.coldchain.logging.Secrets;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.streams.MemtableBloom;
import io.coldchain.streams.StateCache;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the streams application is configured with, resolved once from defaults, an optional
 * properties file, the environment and command-line flags (in that order of precedence, lowest first: by
 * {@link StreamsCommand}); built by name with {@link #builder()}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId    Kafka Streams application id (consumer group, prefix of internal topics)
 * @param stateDir         directory of the local state stores
 * @param topicPrefix      prefix of every topic name in the catalogue
 * @param partitions       partition count used when this application creates the topics
 * @param schemaRegistryUrl Confluent-compatible registry URL, or null for the built-in deterministic ids
 * @param commitIntervalMs how often transactions commit when no live alert asks for a commit sooner
 * @param httpPort         port of the ops endpoints (health, metrics, queries); 0 = any free port, -1 = off
 * @param httpBind         address the ops endpoints listen on (default loopback); 0.0.0.0 = every interface
 * @param httpToken        bearer token required by {@code /metrics} and {@code /shipments}, or null for none
 * @param overrides        further Kafka Streams / client properties, applied last
 * @param detection        the detectors' thresholds and temperature profiles ({@link DetectionSettingsFile})
 * @param streamThreads    stream threads of this instance ({@code num.stream.threads}); tasks beyond one per thread
 *                         share a thread, threads beyond the tasks idle
 * @param standbyReplicas  warm copies of each task's state kept on other instances ({@code num.standby.replicas}),
 *                         so a failed-over task starts without a full restore
 * @param stateCacheShipments shipments whose detector states and history each task keeps decoded on the heap, per
 *                         store ({@link StateCache#SHIPMENTS_CONFIG})
 */
public record StreamsSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String topicPrefix,
        int partitions,
        String schemaRegistryUrl,
        long commitIntervalMs,
        int httpPort,
        String httpBind,
        String httpToken,
        Map<String, String> overrides,
        DetectionSettings detection,
        int streamThreads,
        int standbyReplicas,
        int stateCacheShipments) {

    /** The ops endpoints listen on loopback unless told otherwise. */
    public static final String DEFAULT_HTTP_BIND = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_APPLICATION_ID = "coldchain-streams";
    /** Kafka's defaults: one stream thread, no standby (docs/RELIABILITY.md, "Scaling out"). */
    public static final int DEFAULT_STREAM_THREADS = 1;
    public static final int DEFAULT_STANDBY_REPLICAS = 0;
    /** Keys of the settings that are not Kafka Streams properties, in a {@code --config-file} and the print-out. */
    public static final String HTTP_PORT_KEY = "coldchain.http.port";
    public static final String HTTP_BIND_KEY = "coldchain.http.bind";
    public static final String HTTP_TOKEN_KEY = "coldchain.http.token";
    /**
     * Under exactly-once, alerts become visible to read_committed consumers when their transaction commits, and each
     * commit writes every state changed since the last one. An alert that is news does not wait for this interval:
     * {@code CommitLiveAlertsProcessor} asks for a commit as soon as one passes; so a longer interval costs live
     * alerts nothing. It stays 100 ms, Kafka Streams' default under exactly-once: at 1 s a replay of 1,000 shipments
     * took 0.85x the stream thread's CPU a record and about 0.4x the broker's CPU, but its records a second moved
     * within this machine's spread in every pair measured, and live at 10 k events/s nothing changed
     * (docs/BENCHMARKS.md, "Lever 5" and "The replay's waiting, the JIT compiler and the commit interval"). The one
     * failure once seen at 1 s (a registry outage test) was the test's own expired records, not the interval.
     * {@code --commit-interval-ms 1000} opts in: a replay or a backfill, where the broker's CPU is shared.
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    /** Small producer linger: alerts are rare and latency-sensitive; the default 100 ms would add to every commit. */
    public static final String PRODUCER_LINGER_MS = "5";
    /**
     * How long a task waits for an input partition that has no records buffered before processing the others
     * ({@code max.task.idle.ms}). The plans, the telemetry and the custody scans of a shipment sit on different
     * topics of one task; at the default of 0 a consumer that hands out one partition's fetched records before
     * another's lets the task run ahead on the first. Measured: 1,000 shipments published at full speed while
     * the application ran gave 9,273 false UNKNOWN_SERIAL alerts (scans before their plans) and thousands of
     * readings set aside as late; with 2 s, none. Since then the rules wait for a late plan themselves, and
     * {@code benchmarks/scorecard-run.sh 1000} gave the same scorecard at 0.5 s as at 2 s (377 alerts, none false,
     * recall 1.0; docs/RELIABILITY.md, "Failover to a standby after kill -9"). {@code LiveScorecardIT}, which
     * once failed at 0, passed at 0 on 2026-12-06 (recall and precision 1.0, two runs): a lower value is now a
     * question of replay digests and scorecards compared at both settings, not yet measured; it costs live latency
     * (docs/BENCHMARKS.md, "The platform's ceiling on this machine": a minimal stateful application's p99 594 ms
     * at this setting, 135 ms at 0, at 10 k events/s).
     * <p>
     * Why not 2 s: Kafka Streams 4.4 idles for the empty partitions of a task one after the other, not at once
     * ({@code PartitionGroup.readyToProcess} stops at the first empty partition whose wait has not run out, and
     * starts the next one's wait only after it). A task just created (a failover, a restart, a rebalance) with k
     * empty input partitions waits k times this long before its first record: the detection tasks read five
     * topics, of which the plans, the custody scans and the serial repartition topic are usually empty, so 2 s
     * kept a survivor's taken-over detection tasks idle 6 s after it was RUNNING. A running task waits this long
     * again whenever one of those partitions drains. 0.5 s is still several fetch round trips and stream-thread
     * loops, what the wait is for (a partition's lag is known once a fetch for it returns).
     */
    public static final String MAX_TASK_IDLE_MS = "500";
    /**
     * Consumer group session: the broker's minimum ({@code group.min.session.timeout.ms}, 6 s by default), so the
     * partitions of a killed instance move to the survivor (its standby) as soon as the broker allows; a heartbeat
     * every 2 s (a third of it, as Kafka advises) also tells the survivor of the rebalance sooner. Measured with
     * benchmarks/standby-failover.sh (docs/RELIABILITY.md, "Failover to a standby after kill -9"): at 10 s / 3 s the
     * survivor held the dead one's partitions 9.6-11.6 s after a {@code kill -9}, at 6 s / 2 s 4.8-8.1 s. The price:
     * an instance whose heartbeat thread is silent for 6 s (a long GC pause, a starved machine) is dropped from the
     * group and its tasks move, as they would at 10 s after a longer silence.
     */
    public static final String SESSION_TIMEOUT_MS = "6000";
    public static final String HEARTBEAT_INTERVAL_MS = "2000";
    /**
     * The producer's {@code transaction.timeout.ms} (Kafka Streams sets 10 s under exactly-once): a killed
     * instance's open transaction holds back the committed offsets of its partitions (a {@code read_committed}
     * consumer waits for them to be stable) until the broker aborts it, at the latest this long after it began plus
     * the broker's check interval ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, 10 s by
     * default); the survivor cannot process those partitions before. 5 s is fifty commit intervals; a transaction
     * left open longer (a stream thread stalled that long) is aborted and its thread rejoins the group, under
     * exactly-once without duplicates. A transaction spans a commit interval, so a longer interval (a replay run
     * with {@code --commit-interval-ms 3000}) gets {@link #transactionTimeoutMs} instead.
     */
    public static final long TRANSACTION_TIMEOUT_MS = 5000;

    /** {@link #TRANSACTION_TIMEOUT_MS}, or twice the commit interval plus a second when that is longer. */
    public static long transactionTimeoutMs(final long commitIntervalMs) {
        return Math.max(TRANSACTION_TIMEOUT_MS, 2 * commitIntervalMs + 1000);
    }

    public StreamsSettings {
        httpBind = httpBind == null || httpBind.isBlank() ? DEFAULT_HTTP_BIND : httpBind;
        httpToken = httpToken == null || httpToken.isBlank() ? null : httpToken;
        overrides = Map.copyOf(overrides);
        detection = detection == null ? DetectionSettings.defaults() : detection;
    }

    public StreamsSettings withDetection(final DetectionSettings value) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, topicPrefix, partitions,
                schemaRegistryUrl, commitIntervalMs, httpPort, httpBind, httpToken, overrides, value, streamThreads,
                standbyReplicas, stateCacheShipments);
    }

    /** How long the application's registry lookups wait for a registry that is down, each time. */
    static final Duration REGISTRY_OUTAGE_WAIT = Duration.ofSeconds(60);

    /** The state directory unless told otherwise: {@code coldchain-streams} in the system's temporary directory. */
    public static Path defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_APPLICATION_ID);
    }

    /** Settings built by name, every one not set at its default (the defaults of {@code coldchain streams}). */
    public static Builder builder() {
        return new Builder();
    }

    public TopicCatalogue catalogue() {
        return catalogue(AvroSerdes.fromConfig(serdeConfig()));
    }

    /** The catalogue with the given serdes (one instance, so its registry client's state can be watched). */
    public TopicCatalogue catalogue(final AvroSerdes serdes) {
        return new TopicCatalogue(topicPrefix, partitions, serdes);
    }

    public Map<String, Object> serdeConfig() {
        final Map<String, Object> config = new TreeMap<>(overrides);
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            config.put(AvroSerdes.REGISTRY_URL, schemaRegistryUrl);
        }
        // A registry outage pauses the stream thread (well within max.poll.interval.ms); if it lasts longer, the
        // thread fails without committing and StreamsRuntime replaces it, to wait again.
        config.putIfAbsent(AvroSerdes.OUTAGE_WAIT_MS, Long.toString(REGISTRY_OUTAGE_WAIT.toMillis()));
        return config;
    }

    /** The Kafka Streams configuration. */
    public Properties toProperties() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // Threads and clients named <application id>-StreamThread-N-…, not <application id>-<random UUID>-…: metric
        // labels and log lines stay the same across restarts.
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitIntervalMs));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
        props.put(StateCache.SHIPMENTS_CONFIG, Integer.toString(stateCacheShipments));
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, MAX_TASK_IDLE_MS);
        // A restarted or replaced instance rejoins within seconds instead of waiting out the default 45 s for its
        // old member to expire (restart after kill -9 took 45-53 s to reach RUNNING), and a standby elsewhere takes
        // a killed instance's tasks over after 6 s instead of 45 s.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                Long.toString(transactionTimeoutMs(commitIntervalMs)));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // The partition assignor rebuilds a StreamsConfig from the main consumer's settings and warns at every
        // start that the handler is off for the global thread unless they carry the flag too (Kafka 4.4).
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                "true");
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, catalogueNames().deadLetters().name());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, MemtableBloom.class.getName());
        props.putAll(serdeConfig());
        props.putAll(overrides);
        return props;
    }

    /** The configuration as printed at start: sorted, with secrets masked. */
    public Map<String, String> describe() {
        final Map<String, String> shown = Secrets.maskConfig(toProperties());
        shown.put(HTTP_PORT_KEY, Integer.toString(httpPort));
        shown.put(HTTP_BIND_KEY, httpBind);
        shown.put(HTTP_TOKEN_KEY, httpToken == null ? "(none)" : Secrets.MASK);
        return shown;
    }

    /** Never prints the token or secret overrides (a record's own toString would). */
    @Override
    public String toString() {
        return "StreamsSettings[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", stateDir=" + stateDir + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
                + ", schemaRegistryUrl=" + Secrets.mask(schemaRegistryUrl)
                + ", commitIntervalMs=" + commitIntervalMs + ", streamThreads=" + streamThreads
                + ", standbyReplicas=" + standbyReplicas + ", stateCacheShipments=" + stateCacheShipments
                + ", httpPort=" + httpPort + ", httpBind=" + httpBind
                + ", httpToken=" + (httpToken == null ? null : Secrets.MASK) + ", overrides=" + Secrets.maskConfig(overrides)
                + ", detection=" + (detection.equals(DetectionSettings.defaults()) ? "defaults" : "from file") + "]";
    }

    private TopicCatalogue catalogueNames() {
        return new TopicCatalogue(topicPrefix, partitions, AvroSerdes.local());
    }

    /** Builds {@link StreamsSettings} by name; what is not set keeps the default of {@code coldchain streams}. */
    public static final class Builder {

        private String bootstrapServers = ClientOptions.DEFAULT_BOOTSTRAP_SERVERS;
        private String applicationId = DEFAULT_APPLICATION_ID;
        private Path stateDir = defaultStateDir();
        private String topicPrefix = TopicCatalogue.DEFAULT_PREFIX;
        private int partitions = TopicCatalogue.DEFAULT_PARTITIONS;
        private String schemaRegistryUrl;
        private long commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS;
        private int httpPort = DEFAULT_HTTP_PORT;
        private String httpBind = DEFAULT_HTTP_BIND;
        private String httpToken;
        private Map<String, String> overrides = Map.of();
        private DetectionSettings detection = DetectionSettings.defaults();
        private int streamThreads = DEFAULT_STREAM_THREADS;
        private int standbyReplicas = DEFAULT_STANDBY_REPLICAS;
        private int stateCacheShipments = StateCache.DEFAULT_SHIPMENTS;

        private Builder() {
        }

        public Builder bootstrapServers(final String value) {
            this.bootstrapServers = value;
            return this;
        }

        public Builder applicationId(final String value) {
            this.applicationId = value;
            return this;
        }

        public Builder stateDir(final Path value) {
            this.stateDir = value;
            return this;
        }

        public Builder topicPrefix(final String value) {
            this.topicPrefix = value;
            return this;
        }

        public Builder partitions(final int value) {
            this.partitions = value;
            return this;
        }

        /** Null or blank: the built-in deterministic schema ids. */
        public Builder schemaRegistryUrl(final String value) {
            this.schemaRegistryUrl = value;
            return this;
        }

        public Builder commitIntervalMs(final long value) {
            this.commitIntervalMs = value;
            return this;
        }

        /** 0 = any free port, -1 = no ops endpoints. */
        public Builder httpPort(final int value) {
            this.httpPort = value;
            return this;
        }

        public Builder httpBind(final String value) {
            this.httpBind = value;
            return this;
        }

        /** Null or blank: no token. */
        public Builder httpToken(final String value) {
            this.httpToken = value;
            return this;
        }

        /** Further Kafka Streams / client properties, applied last. */
        public Builder overrides(final Map<String, String> value) {
            this.overrides = value;
            return this;
        }

        public Builder detection(final DetectionSettings value) {
            this.detection = value;
            return this;
        }

        /** Stream threads of this instance, at least 1. */
        public Builder streamThreads(final int value) {
            this.streamThreads = value;
            return this;
        }

        /** Standby replicas of each task on other instances, 0 = none. */
        public Builder standbyReplicas(final int value) {
            this.standbyReplicas = value;
            return this;
        }

        /** Shipments per store and task whose state stays decoded on the heap, at least 1. */
        public Builder stateCacheShipments(final int value) {
            this.stateCacheShipments = value;
            return this;
        }

        public StreamsSettings build() {
            return new StreamsSettings(bootstrapServers, applicationId, stateDir, topicPrefix, partitions,
                    schemaRegistryUrl, commitIntervalMs, httpPort, httpBind, httpToken, overrides, detection,
                    streamThreads, standbyReplicas, stateCacheShipments);
        }
    }
}
