package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsMetricsTest {

    private static final String THREAD = "coldchain-streams-StreamThread-1";

    private static String scrape(final Properties config) {
        final PrometheusMeterRegistry registry = OpsMetrics.registry(config);
        FunctionCounter.builder("kafka.stream.thread.process.total", 42, n -> n).tag("thread.id", THREAD)
                .register(registry);
        Gauge.builder("kafka.stream.thread.process.rate", () -> 3.5).tag("thread.id", THREAD).register(registry);
        Gauge.builder("kafka.stream.state.size.all.mem.tables", () -> 1024).tag("thread.id", THREAD)
                .register(registry);
        Gauge.builder("coldchain.schema.registry.available", () -> 1).register(registry);
        return registry.scrape();
    }

    @Test
    void shouldKeepCountersAndDropRateGaugesAndStoreMetrics() {
        final String scrape = scrape(new Properties());

        assertThat(scrape).contains("kafka_stream_thread_process_total{thread_id=\"coldchain-streams-StreamThread-1\"} 42.0")
                .contains("coldchain_schema_registry_available 1.0")
                .doesNotContain("process_rate", "kafka_stream_state");
    }

    @Test
    void shouldShowStoreMetricsWhenKafkaRecordsThemInDetail() {
        final Properties config = new Properties();
        config.put("metrics.recording.level", "DEBUG");

        assertThat(scrape(config)).contains("kafka_stream_state_size_all_mem_tables{thread_id=\"coldchain-streams-StreamThread-1\"} 1024.0")
                .doesNotContain("process_rate");
    }

    /** Records what is scheduled at a fixed rate instead of running it. */
    private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Long> periodsMillis = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(final Runnable command, final long initialDelay, final long period,
                                                      final TimeUnit unit) {
            periodsMillis.add(unit.toMillis(period));
            tasks.add(command);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    }

    @Test
    void shouldLookForNewKafkaMetricsEveryFewSecondsNotEveryMinute(@TempDir final java.nio.file.Path stateDir) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"); // never started: no connection
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        final RecordingScheduler refresher = new RecordingScheduler();
        final PrometheusMeterRegistry registry = OpsMetrics.registry(props);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             var binder = OpsMetrics.kafkaStreams(streams, refresher)) {
            binder.bindTo(registry);

            // Micrometer's default is 60 s: a newly assigned partition's lag stayed off /metrics for up to a minute.
            assertThat(refresher.periodsMillis).containsExactly(OpsMetrics.KAFKA_METRICS_REFRESH.toMillis());
            assertThat(OpsMetrics.KAFKA_METRICS_REFRESH).isLessThanOrEqualTo(java.time.Duration.ofSeconds(5));
            refresher.tasks.get(0).run(); // a refresh finds the client's metrics and keeps them
            assertThat(registry.scrape()).contains("kafka_stream_thread_");
        } finally {
            refresher.shutdownNow();
        }
    }
}
