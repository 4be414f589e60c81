package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a broker shows of {@link WriteBehindStore}: that Kafka Streams commits it inside the task's exactly-once
 * transaction, so the writes it held reach the changelog, and a store restored from that changelog carries on where
 * the last commit left it. A commit interval of seconds makes it hold many writes per key between commits.
 */
@DisplayName("Writes held until the commit reach the changelog and are restored (exactly-once, real broker)")
class WriteBehindStoreIT {

    private static final String INPUT = "write-behind-it.input";
    private static final String OUTPUT = "write-behind-it.output";
    private static final String APP = "write-behind-it";
    private static final String STORE = "counts-store";
    private static final String CHANGELOG = APP + "-" + STORE + "-changelog";
    /** Each key's latest event, like a reorder buffer: put with putNew, the previous one deleted. */
    private static final String RECENT = "recent-store";
    private static final String RECENT_CHANGELOG = APP + "-" + RECENT + "-changelog";
    private static final List<String> KEYS = List.of("S1", "S2", "S3", "S4", "S5");
    private static final int PER_KEY = 200;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteTheLastHeldValueOfEveryKeyToTheChangelogAndRestoreIt() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            try (Admin admin = kafka.createAdmin()) {
                admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1), new NewTopic(OUTPUT, 1, (short) 1)))
                        .all().get();
            }
            produce(kafka, PER_KEY);
            try (KafkaStreams streams = start(kafka)) {
                final Read output = read(kafka, OUTPUT, KEYS.size() * PER_KEY);
                assertThat(output.last()).as("counts forwarded")
                        .containsOnlyKeys(KEYS).allSatisfy((key, count) -> assertThat(count).isEqualTo(PER_KEY));
                assertThat(output.smallest()).as("no count negated: each event found its predecessor in " + RECENT)
                        .isPositive();
                streams.close(Duration.ofSeconds(60));
            }
            final Read changelog = read(kafka, CHANGELOG, KEYS.size());
            assertThat(changelog.last()).as("the changelog holds each key's last count")
                    .containsOnlyKeys(KEYS).allSatisfy((key, count) -> assertThat(count).isEqualTo(PER_KEY));
            assertThat(changelog.records()).as("writes held between commits: far fewer changelog records than puts")
                    .isLessThan(KEYS.size() * PER_KEY / 2);
            final Read recent = read(kafka, RECENT_CHANGELOG, KEYS.size());
            assertThat(recent.records()).as("entries put new and deleted before the commit: neither record nor tombstone")
                    .isLessThan(KEYS.size() * PER_KEY / 2);
            final Map<String, Long> kept = new HashMap<>(recent.last());
            kept.values().removeIf(Objects::isNull);
            final Map<String, Long> latest = new HashMap<>();
            KEYS.forEach(key -> latest.put(key + "|" + PER_KEY, (long) PER_KEY));
            assertThat(kept).as("the changelog, compacted, holds each key's latest entry and nothing else")
                    .isEqualTo(latest);

            // A new instance with an empty state directory restores the store from the changelog alone.
            try (KafkaStreams streams = new KafkaStreams(topology(), properties(kafka))) {
                streams.cleanUp();
            }
            produce(kafka, 1);
            try (KafkaStreams streams = start(kafka)) {
                assertThat(lastPerKey(kafka, OUTPUT, KEYS.size() * (PER_KEY + 1))).as("counting goes on from the restored store")
                        .allSatisfy((key, count) -> assertThat(count).isEqualTo(PER_KEY + 1L));
                streams.close(Duration.ofSeconds(60));
            }
        }
    }

    private KafkaStreams start(final LocalKafka kafka) {
        final KafkaStreams streams = new KafkaStreams(topology(), properties(kafka));
        streams.start();
        return streams;
    }

    private static Topology topology() {
        final Topology topology = new Topology();
        topology.addSource("read-input", new StringDeserializer(), new StringDeserializer(), INPUT);
        topology.addProcessor("count-per-key", CountPerKey::new, "read-input");
        topology.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.Long())), "count-per-key");
        topology.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECENT),
                Serdes.String(), Serdes.Long())), "count-per-key");
        topology.addSink("write-output", OUTPUT, new StringSerializer(), Serdes.Long().serializer(), "count-per-key");
        return topology;
    }

    private Properties properties(final LocalKafka kafka) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "3000");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    private static void produce(final LocalKafka kafka, final int perKey) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < perKey; i++) {
                for (final String key : KEYS) {
                    producer.send(new ProducerRecord<>(INPUT, key, "event " + i));
                }
            }
            producer.flush();
        }
    }

    private static Map<String, Long> lastPerKey(final LocalKafka kafka, final String topic, final int expected) {
        return read(kafka, topic, expected).last();
    }

    /** The last value per key (null for a tombstone), how many records, and the smallest value read. */
    private record Read(Map<String, Long> last, int records, long smallest) {
    }

    /** A topic read committed to its end, once at least {@code expected} records are there: the last value per key. */
    private static Read read(final LocalKafka kafka, final String topic, final int expected) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final Map<String, Long> last = new HashMap<>();
        int read = 0;
        long smallest = Long.MAX_VALUE;
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new LongDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            while ((read < expected || consumer.position(partition) < consumer.endOffsets(List.of(partition)).get(partition))
                    && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    last.put(record.key(), record.value());
                    if (record.value() != null) {
                        smallest = Math.min(smallest, record.value());
                    }
                }
            }
        }
        assertThat(read).as("records read from " + topic).isGreaterThanOrEqualTo(expected);
        return new Read(last, read, smallest);
    }

    /**
     * Counts records per key in the store under test and forwards the count; keeps each key's latest event in
     * {@value #RECENT} (put new, the previous one deleted) and forwards the count negated if the previous one is missing.
     */
    private static final class CountPerKey implements Processor<String, String, String, Long> {

        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> counts;
        private KeyValueStore<String, Long> recent;
        private WriteBehindStore<String, Long> recentLayer;

        @Override
        public void init(final ProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
            this.recent = context.getStateStore(RECENT);
            this.recentLayer = WriteBehindStore.layerOf(recent);
            if (recentLayer == null) {
                throw new IllegalStateException("no write-behind layer found under " + recent.getClass());
            }
        }

        @Override
        public void process(final Record<String, String> record) {
            final Long before = counts.get(record.key());
            final long count = before == null ? 1 : before + 1;
            counts.put(record.key(), count);
            final boolean previousKept = before == null || recent.get(record.key() + "|" + before) != null;
            if (before != null) {
                recent.delete(record.key() + "|" + before);
            }
            recentLayer.putNew(record.key() + "|" + count, count);
            context.forward(record.withValue(previousKept ? count : -count));
        }
    }
}
