package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Properties;
import org.junit.jupiter.api.Test;

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
}
