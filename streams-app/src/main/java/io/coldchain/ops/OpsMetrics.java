package io.coldchain.ops;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Prometheus registry of {@code /metrics}, shaped the way scrapers expect:
 * <ul>
 *   <li>counters only: Kafka's {@code *-rate} gauges beside its {@code *-total} counters are dropped (Prometheus
 *       derives rates from counters; they were a quarter of every scrape);</li>
 *   <li>state-store metrics (RocksDB, half of a scrape once stores are busy) only when asked for, with Kafka's
 *       own switch: {@code metrics.recording.level=DEBUG};</li>
 * </ul>
 * Label values stay bounded because {@link StreamsSettings} sets {@code client.id} to the application id: Kafka
 * Streams then names its threads and clients {@code coldchain-streams-StreamThread-1-producer} instead of putting a
 * random UUID in them, so a restart does not start new series. (Cutting the UUID out of the labels here instead
 * made distinct clients collide.)
 *
 * <p>Kafka creates metrics as it goes: a partition's {@code records-lag} when it is first fetched, a task's metrics when
 * it is created. Micrometer looks for new ones every minute by default, so after a start, a rebalance or a failover
 * the lag of the partitions just assigned was missing from {@code /metrics} for up to a minute (a benchmark that
 * waited for every partition's lag to read zero measured that minute instead of the application).
 * {@link #KAFKA_METRICS_REFRESH} looks every few seconds instead.
 *
 * <p>Public for the benchmarks' baseline application ({@code io.coldchain.bench.PlatformBaseline}), whose
 * {@code /metrics} the scripts read exactly as they read the application's.
 */
public final class OpsMetrics {

    /** How often Kafka's metrics are looked through for new ones (Micrometer's default: a minute). */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(5);

    private OpsMetrics() {
    }

    /**
     * Kafka Streams' metrics for the registry, looked through for new ones every {@link #KAFKA_METRICS_REFRESH} on
     * {@code refresher}, which the caller shuts down after closing the binder ({@link #refresher()} makes one).
     */
    public static KafkaStreamsMetrics kafkaStreams(final KafkaStreams streams, final ScheduledExecutorService refresher) {
        return new KafkaStreamsMetrics(streams, List.of(), refresher, KAFKA_METRICS_REFRESH);
    }

    /** A daemon thread for {@link #kafkaStreams}: it must not keep the JVM up. */
    public static ScheduledExecutorService refresher() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "coldchain-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static PrometheusMeterRegistry registry(final Properties streamsConfig) {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        filters(detailed(streamsConfig)).forEach(registry.config()::meterFilter);
        return registry;
    }

    static List<MeterFilter> filters(final boolean stateStoreMetrics) {
        final MeterFilter rates = MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && id.getName().endsWith(".rate"));
        final MeterFilter stores = MeterFilter.deny(id -> !stateStoreMetrics
                && id.getName().startsWith("kafka.stream.state."));
        return List.of(rates, stores);
    }

    private static boolean detailed(final Properties streamsConfig) {
        final String level = streamsConfig.getProperty(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO");
        return !level.trim().toUpperCase(Locale.ROOT).equals("INFO");
    }
}
