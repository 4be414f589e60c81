package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.coldchain.ops.SetAsideSummary.Counter;
import io.coldchain.ops.SetAsideSummary.Reason;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.streams.DriverSettings;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reporter's reading of the streams metrics: of the topology, and of a plain registry shaped like them. */
class SetAsideReporterTest {

    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void shouldReadTheSetAsideAndDroppedRecordTotalsPerTaskAndNode() {
        count(SetAsideReporter.DETECTOR_GROUP, "set-aside-records", Map.of("thread-id", "t1", "task-id", "0_1",
                "processor-node-id", "detect-temperature-excursions", "reason", "late"), 3);
        count(SetAsideReporter.DETECTOR_GROUP, "set-aside-records", Map.of("thread-id", "t1", "task-id", "0_1",
                "processor-node-id", "detect-route-deviations", "reason", "no-plan"), 2);
        count(SetAsideReporter.DETECTOR_GROUP, "set-aside-records", Map.of("thread-id", "t1", "task-id", "0_2",
                "processor-node-id", "detect-temperature-excursions", "reason", "detector-error"), 4);
        count(SetAsideReporter.TASK_GROUP, "dropped-records", Map.of("thread-id", "t1", "task-id", "0_2"), 1);
        count("coldchain-route-metrics", "dropped-fixes", Map.of("thread-id", "t1", "task-id", "0_1",
                "processor-node-id", "detect-route-deviations", "reason", "teleport"), 5);

        assertThat(SetAsideReporter.counters(metrics.metrics().values())).containsOnly(
                Map.entry(new Counter(Reason.LATE, "detect-temperature-excursions", "t1/0_1"), 3L),
                Map.entry(new Counter(Reason.NO_PLAN, "detect-route-deviations", "t1/0_1"), 2L),
                Map.entry(new Counter(Reason.DETECTOR_ERROR, "detect-temperature-excursions", "t1/0_2"), 4L),
                Map.entry(new Counter(Reason.DEAD_LETTER, null, "t1/0_2"), 1L));
    }

    @Test
    void shouldReadTheCountersTheTopologyKeeps(@TempDir final Path stateDir) {
        final TopicCatalogue topics = TopicCatalogue.defaults();
        final Properties props = StreamsSettings.builder().bootstrapServers("unused:9092").applicationId("coldchain-test")
                .stateDir(stateDir).httpPort(-1).build().toProperties();
        // As ColdchainTopologyTest: the test driver swallows dead letters under exactly-once, and must not idle.
        props.remove(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        final Instant t0 = Instant.parse("2025-03-01T06:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(ColdchainTopology.build(props, topics,
                DriverSettings.detection()), props, t0)) {
            final TestInputTopic<String, TemperatureReading> readings = driver.createInputTopic(
                    topics.temperatureReadings().name(), Serdes.String().serializer(),
                    topics.temperatureReadings().valueSerde().serializer());
            final TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(topics.temperatureReadings().name(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            final TestInputTopic<String, ShipmentPlan> plans = driver.createInputTopic(topics.shipmentPlans().name(),
                    Serdes.String().serializer(), topics.shipmentPlans().valueSerde().serializer());
            // No plan for SHP-1: its first reading waits for one up to 48 h of the shipment's event time (no-plan).
            for (final Duration after : List.of(Duration.ZERO, Duration.ofHours(49))) {
                final Instant time = t0.plus(after);
                readings.pipeInput("SHP-1", new TemperatureReading("LOG-1", "SHP-1", time.toEpochMilli(), 5.0, null),
                        time);
            }
            // SHP-2 has a plan; its reading of minute 1 comes after minute 10 was judged (late).
            plans.pipeInput("SHP-2", io.coldchain.streams.Plans.baselToFrankfurt("SHP-2")
                    .setIssuedAt(t0.minus(Duration.ofHours(1)).toEpochMilli()).build(), t0.minus(Duration.ofHours(1)));
            for (final int minute : List.of(0, 5, 10, 20, 1)) {
                final Instant time = t0.plus(Duration.ofMinutes(minute));
                readings.pipeInput("SHP-2", new TemperatureReading("LOG-2", "SHP-2", time.toEpochMilli(), 5.0, null),
                        time);
            }
            raw.pipeInput("SHP-1".getBytes(StandardCharsets.UTF_8), new byte[] {0x7b}, t0.plus(Duration.ofHours(2)));

            final Map<Counter, Long> counters = SetAsideReporter.counters(driver.metrics().values());

            final String task = Thread.currentThread().getName() + "/0_0";
            assertThat(counters.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)).containsOnly(
                    new Counter(Reason.LATE, "detect-temperature-excursions", task),
                    new Counter(Reason.NO_PLAN, "detect-temperature-excursions", task),
                    new Counter(Reason.DEAD_LETTER, null, task));
            assertThat(new SetAsideSummary(Map.of("detect-temperature-excursions",
                    new SetAsideSummary.Noun("temperature reading", "temperature readings")), "",
                    Duration.ofMinutes(1)).next(counters)).hasValue("set aside in the last minute: 1 late temperature "
                    + "reading, 1 temperature reading without a plan; dead-lettered: 1 (see ./coldchain export --topic "
                    + "late-data|dead-letter)");
        }
    }

    @Test
    void shouldKeepLookingWhenTheMetricsCannotBeRead() {
        final SetAsideReporter reporter = new SetAsideReporter(() -> {
            throw new IllegalStateException("closed");
        }, new SetAsideSummary(Map.of(), "", Duration.ofMinutes(1)), Duration.ofMinutes(1));

        assertThatCode(reporter::report).doesNotThrowAnyException();
    }

    @Test
    void shouldSuggestTheExportFlagsThatDifferFromTheDefaults() {
        assertThat(StreamsRuntime.exportFlags(settings("localhost:9092", "coldchain.", null))).isEmpty();
        assertThat(StreamsRuntime.exportFlags(settings("kafka:9092", "acme.", "https://u:secret@registry:8081")))
                .isEqualTo(" --bootstrap-server kafka:9092 --topic-prefix acme. --schema-registry-url "
                        + "https://****@registry:8081");
    }

    /** A {@code <metric>-total} cumulative count, as TaskSensors and Kafka Streams make them, recorded n times. */
    private void count(final String group, final String metric, final Map<String, String> tags, final int n) {
        final Sensor sensor = metrics.sensor(group + metric + tags);
        sensor.add(new MetricName(metric + "-total", group, "", tags), new CumulativeCount());
        for (int i = 0; i < n; i++) {
            sensor.record();
        }
    }

    private static StreamsSettings settings(final String bootstrap, final String prefix, final String registry) {
        return StreamsSettings.builder().bootstrapServers(bootstrap).applicationId("app").stateDir(Path.of("state"))
                .topicPrefix(prefix).schemaRegistryUrl(registry).httpPort(-1).build();
    }
}
