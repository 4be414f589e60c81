package io.coldchain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.ops.StreamsSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform baseline counts what the benchmarks say it counts: every input record, by its key, once. */
class PlatformBaselineTest {

    private static final String PREFIX = "coldchain.";
    private static final String OUTPUT = "coldchain.baseline.counts";

    @TempDir
    Path stateDir;

    private final TopicCatalogue topics = new TopicCatalogue(PREFIX, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());

    private Properties props() {
        final Properties props = StreamsSettings.builder().applicationId("baseline-test").stateDir(stateDir).build()
                .toProperties();
        // The driver would hold a topic's record while the task idles for its other, empty topics: what is tested here
        // is what gets counted, not that wait.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        return props;
    }

    @Test
    void shouldCountEveryRecordOfTheFourInputTopicsByItsKeyInOneStoreWithoutARepartition() {
        final Properties props = props();
        final var topology = PlatformBaseline.topology(topics, OUTPUT, props);
        final List<String> inputs = List.of(topics.shipmentPlans().name(), topics.temperatureReadings().name(),
                topics.locationFixes().name(), topics.custodyEvents().name());
        assertThat(topology.describe().subtopologies()).hasSize(1);
        final var nodes = topology.describe().subtopologies().iterator().next().nodes();
        assertThat(nodes).filteredOn(node -> node instanceof TopologyDescription.Source)
                .singleElement()
                .satisfies(source -> assertThat(((TopologyDescription.Source) source).topicSet())
                        .containsExactlyInAnyOrderElementsOf(inputs));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            final var plans = driver.createInputTopic(inputs.get(0), new StringSerializer(), new StringSerializer());
            final var readings = driver.createInputTopic(inputs.get(1), new StringSerializer(), new StringSerializer());
            final var fixes = driver.createInputTopic(inputs.get(2), new StringSerializer(), new StringSerializer());
            final var scans = driver.createInputTopic(inputs.get(3), new StringSerializer(), new StringSerializer());
            final var counts = driver.createOutputTopic(OUTPUT, new BytesDeserializer(), new LongDeserializer());
            plans.pipeInput("S1", "plan");
            readings.pipeInput("S1", "reading");
            fixes.pipeInput("S2", "fix");
            scans.pipeInput("S1", "scan");
            fixes.pipeInput("S2", "not decoded: any bytes count");

            assertThat(counts.readKeyValuesToList()).containsExactly(KeyValue.pair(key("S1"), 1L),
                    KeyValue.pair(key("S1"), 2L), KeyValue.pair(key("S2"), 1L), KeyValue.pair(key("S1"), 3L),
                    KeyValue.pair(key("S2"), 2L));
            final KeyValueStore<Bytes, Long> store = driver.getKeyValueStore(PlatformBaseline.STORE);
            assertThat(Map.of("S1", store.get(key("S1")), "S2", store.get(key("S2")))).isEqualTo(Map.of("S1", 3L, "S2", 2L));
        }
    }

    @Test
    void shouldWriteNothingWithoutAnOutputTopic() {
        final var topology = PlatformBaseline.topology(topics, null, props());
        assertThat(topology.describe().subtopologies().iterator().next().nodes())
                .noneMatch(node -> node instanceof TopologyDescription.Sink);
    }

    @Test
    void shouldTakeItsOptionsAndEveryClientConfig() {
        final PlatformBaseline.Options options = PlatformBaseline.Options.parse(new String[] {"--http-port", "1",
            "--client-config", "max.task.idle.ms=0", "--client-config", "linger.ms=5=x", "--output", "out"});
        assertThat(options.clientConfig()).isEqualTo(Map.of("max.task.idle.ms", "0", "linger.ms", "5=x"));
        assertThat(options.values()).isEqualTo(Map.of("--http-port", "1", "--output", "out"));
        assertThat(options.get("--stream-threads", "1")).isEqualTo("1");
    }

    @Test
    void shouldRefuseWhatItWouldOtherwiseIgnoreOrMisread() {
        assertThatThrownBy(() -> PlatformBaseline.Options.parse(new String[] {"--state-cache-shipments", "65536"}))
                .hasMessage("unknown option --state-cache-shipments");
        assertThatThrownBy(() -> PlatformBaseline.Options.parse(new String[] {"--http-port"}))
                .hasMessage("--http-port needs a value");
        assertThatThrownBy(() -> PlatformBaseline.Options.parse(new String[] {"--client-config", "linger.ms"}))
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> PlatformBaseline.Options.parse(new String[] {"--output", "a", "--output", "b"}))
                .hasMessage("--output given twice");
        assertThatThrownBy(() -> PlatformBaseline.Options.parse(new String[0]).required("--state-dir"))
                .hasMessage("missing --state-dir");
    }

    private static Bytes key(final String id) {
        return Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
    }
}
