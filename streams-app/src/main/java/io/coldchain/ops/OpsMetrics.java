package io.coldchain.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Prometheus registry of {@code /metrics}, shaped the way scrapers expect:
 * <ul>
 *   <li>counters only: Kafka's {@code *-rate} gauges beside its {@code *-total} counters are dropped (Prometheus
 *       derives rates from counters; they were a quarter of every scrape);</li>
 *   <li>state-store metrics (RocksDB, half of a scrape once stores are busy) only when asked for, with Kafka's
 *       own switch: {@code metrics.recording.level=DEBUG};</li>
 *   <li>bounded label values: the random UUID Kafka Streams puts in thread and client ids is cut out
 *       ({@code coldchain-streams-StreamThread-1}), so a restart does not start new series.</li>
 * </ul>
 */
final class OpsMetrics {

    private static final Pattern UUID = Pattern.compile(
            "-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
        final MeterFilter uuids = new MeterFilter() {
            @Override
            public Meter.Id map(final Meter.Id id) {
                return id.replaceTags(id.getTags().stream()
                        .map(tag -> Tag.of(tag.getKey(), UUID.matcher(tag.getValue()).replaceAll(""))).toList());
            }
        };
        return List.of(rates, stores, uuids);
    }

    private static boolean detailed(final Properties streamsConfig) {
        final String level = streamsConfig.getProperty(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO");
        return !level.trim().toUpperCase(Locale.ROOT).equals("INFO");
    }
}
