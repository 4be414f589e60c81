package io.coldchain.ops;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
 */
final class OpsMetrics {

    private OpsMetrics() {
    }

    static PrometheusMeterRegistry registry(final Properties streamsConfig) {
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
