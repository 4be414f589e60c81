package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.Plans;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A schema registry outage pauses processing: nothing is dead-lettered and every alert comes once it is back")
class RegistryOutageIT {

    private static final int PARTITIONS = 3;
    private static final String SHIPMENT = "SHP-OUTAGE";

    @TempDir
    Path stateDir;

    @Test
    void shouldWaitForTheRegistryInsteadOfDeadLetteringValidRecords() throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, PARTITIONS,
                    AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, registry.url())));
            kafka.createTopics(topics);
            publishAWarmTrip(kafka, topics);

            registry.down(true);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId("registry-outage-it").stateDir(stateDir).partitions(PARTITIONS)
                    .schemaRegistryUrl(registry.url()).httpPort(-1).build();
            try (StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20))) {
                streams.start();
                waitUntil(() -> registry.refused() >= 8, Duration.ofSeconds(180)); // down for a while: ~20 s of retries
                assertThat(streams.dependenciesAvailable()).as("the outage is seen").isFalse();
                assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING,
                        KafkaStreams.State.PENDING_SHUTDOWN);

                registry.down(false);
                final List<Alert> alerts = readAlerts(kafka, topics, Duration.ofSeconds(180));

                assertThat(alerts).anySatisfy(alert -> {
                    assertThat(alert.getType()).isEqualTo(AlertType.TEMPERATURE_EXCURSION);
                    assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
                    assertThat(alert.getShipmentId()).isEqualTo(SHIPMENT);
                });
                assertThat(streams.dependenciesAvailable()).isTrue();
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(countRecords(kafka, topics.deadLetters().name(), Duration.ofSeconds(5)))
                        .as("valid records dead-lettered during the outage").isZero();
            }
        }
    }

    /** A plan and two hours of readings, 40 min of them at 12 °C: one excursion, released by the readings after it. */
    private static void publishAWarmTrip(final LocalKafka kafka, final TopicCatalogue topics) throws Exception {
        try (KafkaProducer<String, ShipmentPlan> plans = producer(kafka, topics.shipmentPlans().valueSerde().serializer());
             KafkaProducer<String, TemperatureReading> readings =
                     producer(kafka, topics.temperatureReadings().valueSerde().serializer())) {
            final ShipmentPlan plan = Plans.baselToFrankfurt(SHIPMENT)
                    .setIssuedAt(Plans.DEPARTURE.minus(Duration.ofHours(12)).toEpochMilli()).build();
            plans.send(new ProducerRecord<>(topics.shipmentPlans().name(), null, plan.getIssuedAt(), SHIPMENT, plan)).get();
            for (int minute = 0; minute <= 120; minute += 5) {
                final TemperatureReading reading = Plans.reading(SHIPMENT, Duration.ofMinutes(minute),
                        minute >= 40 && minute < 80 ? 12.0 : 5.0);
                readings.send(new ProducerRecord<>(topics.temperatureReadings().name(), null, reading.getEventTime(),
                        SHIPMENT, reading)).get();
            }
        }
    }

    private static <V> KafkaProducer<String, V> producer(final LocalKafka kafka, final Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), values);
    }

    private static List<Alert> readAlerts(final LocalKafka kafka, final TopicCatalogue topics, final Duration atMost) {
        final List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(consumerConfig(kafka),
                topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.alerts().name()));
            final long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline && alerts.stream().noneMatch(a -> a.getType() == AlertType.TEMPERATURE_EXCURSION)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
            }
        }
        return alerts;
    }

    private static int countRecords(final LocalKafka kafka, final String topic, final Duration forAtLeast) {
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(kafka),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long until = System.nanoTime() + forAtLeast.toNanos();
            while (System.nanoTime() < until) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return count;
    }

    private static Map<String, Object> consumerConfig(final LocalKafka kafka) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "registry-outage-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private static void waitUntil(final java.util.function.BooleanSupplier condition, final Duration atMost)
            throws InterruptedException {
        final long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + atMost).isTrue();
    }
}
