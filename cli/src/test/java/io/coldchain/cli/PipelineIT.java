package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.sim.publish.PublishResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a real broker, through the same code as {@code ./coldchain demo}: the
 * simulator publishes, the exactly-once streams application detects, and alerts are read back with
 * {@code read_committed}; garbage on a telemetry topic lands on the dead-letter topic with its
 * reason while good records keep flowing.
 */
class PipelineIT {

    private static final List<Alert> PRINTED = new CopyOnWriteArrayList<>();
    private static Demo demo;
    private static PublishResult published;

    @BeforeAll
    static void runDemo() throws Exception {
        demo = new Demo(new Demo.Settings(4, 7, 3_000, 1.0, 0, -1), PRINTED::add, line -> { }).start();
        // Garbage arrives while the simulation is running: it must not stop anything.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(demo.topics().temperatureReadings().name(),
                    "SHP-000001".getBytes(StandardCharsets.UTF_8), "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
        }
        published = demo.simulation().get(10, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void shouldRaiseTemperatureAlertsReadableWithReadCommitted() {
        final List<Alert> alerts = readCommittedAlerts(Duration.ofMinutes(5));

        assertThat(published.temperatureReadings()).isPositive();
        assertThat(alerts).anySatisfy(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.TEMPERATURE_EXCURSION);
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(alert.getShipmentId()).startsWith("SHP-");
        });
        // Every excursion the simulator injected is a warm spell that ends: the episodes resolve.
        assertThat(alerts).anyMatch(a -> a.getStatus() == AlertStatus.RESOLVED);
        assertThat(PRINTED).isNotEmpty();
    }

    @Test
    void shouldSendGarbageToTheDeadLetterTopicWithItsReasonWhileGoodRecordsFlow() {
        final List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(demo.topics().deadLetters().name())) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
            }
        }

        assertThat(dead).hasSize(1);
        final ConsumerRecord<byte[], byte[]> record = dead.get(0);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"avro\"}");
        assertThat(header(record, "__streams.errors.topic")).isEqualTo(demo.topics().temperatureReadings().name());
        assertThat(header(record, "__streams.errors.offset")).isNotBlank();
        assertThat(header(record, "__streams.errors.partition")).isNotBlank();
        assertThat(header(record, "__streams.errors.exception")).contains("SerializationException");
        assertThat(header(record, "__streams.errors.message")).contains("magic byte");
        // Good records kept flowing after the garbage: alerts exist for readings published after it.
        assertThat(readCommittedAlerts(Duration.ofMinutes(3))).isNotEmpty();
    }

    private static List<Alert> readCommittedAlerts(final Duration atMost) {
        final List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(demo.topics().alerts().name())) {
            final long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline && alerts.stream().noneMatch(a -> a.getStatus() == AlertStatus.RESOLVED)) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    alerts.add(demo.topics().alerts().valueSerde().deserializer().deserialize(record.topic(), record.value()));
                }
            }
        }
        return alerts;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String topic) {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "pipeline-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String key) {
        final Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
