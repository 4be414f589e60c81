package io.coldchain.kafka;

import io.coldchain.topics.TopicCreator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.topics.TopicCatalogue;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real in-process broker: one shared for the class, plus short-lived ones where a test needs its own. */
class LocalKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        final long t0 = System.nanoTime();
        kafka = LocalKafka.start(LocalKafkaSettings.defaults());
        System.out.printf("LocalKafka.start() took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldCreateEveryCatalogueTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
        final TopicCatalogue catalogue = TopicCatalogue.defaults();
        final Set<String> names = catalogue.all().stream().map(TopicSpec::name).collect(Collectors.toSet());

        final Set<String> created = kafka.createTopics(catalogue);

        assertThat(created).isEqualTo(names);
        try (Admin admin = kafka.createAdmin()) {
            final Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            final List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            final Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (TopicSpec<?, ?> spec : catalogue.all()) {
                final TopicDescription topic = topics.get(spec.name());
                assertThat(topic.partitions()).as(spec.name()).hasSize(spec.partitions());
                assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
                final Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                assertThat(config.get("cleanup.policy").value()).as(spec.name()).isEqualTo(spec.cleanupPolicy());
            }
        }
    }

    @Test
    void shouldCreateTopicsIdempotently() {
        final TopicCatalogue catalogue = new TopicCatalogue("it.idempotent.", 2, AvroSerdes.local());

        final Set<String> first = kafka.createTopics(catalogue);
        final Set<String> second;
        try (Admin admin = kafka.createAdmin()) {
            second = new TopicCreator(admin, TopicCreator.BROKER_DEFAULT_REPLICATION, WAIT).create(catalogue);
        }

        assertThat(first).hasSize(catalogue.all().size());
        assertThat(second).isEmpty();
    }

    @Test
    void shouldShowOnlyCommittedRecordsToReadCommittedConsumers() throws Exception {
        final String topic = "it.transactions";
        createTopic(kafka, topic);
        final Map<String, Object> producerConfig = new HashMap<>(kafka.clientProperties());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-transactional-producer");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }

        assertThat(readAll(kafka, topic, "read_committed")).containsExactly("committed-1", "committed-2");
        assertThat(readAll(kafka, topic, "read_uncommitted")).containsExactly("committed-1", "aborted", "committed-2");
    }

    @Test
    void shouldKeepRecordsAcrossRestartWithTheSameDataDirectory(@TempDir final Path tmp) throws Exception {
        final Path dataDir = tmp.resolve("kafka-data");
        final LocalKafkaSettings settings = LocalKafkaSettings.builder().dataDir(dataDir).build();
        final String clusterId;
        try (LocalKafka first = LocalKafka.start(settings)) {
            clusterId = first.clusterId();
            createTopic(first, "it.durable");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(first.clientProperties(),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("it.durable", "k", "survives restart")).get();
            }
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        try (LocalKafka second = LocalKafka.start(settings)) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(readAll(second, "it.durable", "read_committed")).containsExactly("survives restart");
        }
        assertThat(dataDir).isDirectory();
    }

    @Test
    void shouldDeleteTheTemporaryDataDirectoryOnCloseAndCloseTwice() {
        final LocalKafka broker = LocalKafka.start(LocalKafkaSettings.defaults());
        final Path dataDir = broker.dataDir();
        assertThat(dataDir).isDirectory();

        broker.close();
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldRefuseABrokerPortAlreadyInUseWithOneClearSentence() {
        final int port = kafka.brokerPort();

        assertThatThrownBy(() -> LocalKafka.start(LocalKafkaSettings.builder().brokerPort(port).build()))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("port " + port + " is already in use: pass --port to choose another")
                .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(port));
    }

    @Test
    void shouldRefuseAPortHeldByAnotherProgram() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            final int port = other.getLocalPort();

            assertThatThrownBy(() -> LocalKafka.start(LocalKafkaSettings.builder().controllerPort(port).build()))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " is already in use: pass --controller-port to choose another");
        }
    }

    @Test
    void shouldRefuseADataDirectoryInUseByAnotherBroker(@TempDir final Path tmp) {
        try (LocalKafka first = LocalKafka.start(LocalKafkaSettings.builder().dataDir(tmp).build())) {
            assertThatThrownBy(() -> LocalKafka.start(LocalKafkaSettings.builder().dataDir(tmp).build()))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessage("data directory " + tmp.toAbsolutePath().normalize()
                            + " is in use by another Kafka broker: stop it or choose another directory");
            assertThat(first.isRunning()).isTrue();
        }
    }

    @Test
    void shouldRefuseANonEmptyDirectoryThatHoldsNoKafkaData(@TempDir final Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "not Kafka");

        assertThatThrownBy(() -> LocalKafka.start(LocalKafkaSettings.builder().dataDir(tmp).build()))
                .isInstanceOf(LocalKafkaException.class)
                .hasMessageContaining("is not empty and holds no Kafka data");
        assertThat(tmp).isDirectoryContaining(p -> p.getFileName().toString().equals("notes.txt"));
    }

    // ---------------------------------------------------------------------------------------------------

    private static void createTopic(final LocalKafka broker, final String topic) throws Exception {
        try (Admin admin = broker.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    /** Every value of partition 0 of {@code topic}, reading from the start up to the end visible at this level. */
    private static List<String> readAll(final LocalKafka broker, final String topic, final String isolation) {
        final Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final TopicPartition partition = new TopicPartition(topic, 0);
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition), WAIT).get(partition);
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.position(partition, WAIT) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            assertThat(consumer.position(partition)).as("position of " + partition).isGreaterThanOrEqualTo(end);
        }
        return values;
    }
}
