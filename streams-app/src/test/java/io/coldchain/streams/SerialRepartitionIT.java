package io.coldchain.streams;

import static io.coldchain.streams.SerialScenario.TOKYO;
import static io.coldchain.streams.SerialScenario.scan;
import static io.coldchain.streams.SerialScenario.sgtin;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, two custody events for the same serial in shipments on different partitions
 * are compared: the SGTIN-keyed repartition brings them to one task.
 */
class SerialRepartitionIT {

    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;

    private static int partitionOf(final String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void shouldCompareSightingsOfOneSerialFromShipmentsOnDifferentPartitions() throws Exception {
        final String first = "SHP-A";
        String second = null;
        for (int i = 0; second == null; i++) {
            if (partitionOf("SHP-X" + i) != partitionOf(first)) {
                second = "SHP-X" + i;
            }
        }
        final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, PARTITIONS, AvroSerdes.local());
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            kafka.createTopics(topics);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId("serial-it").stateDir(stateDir).partitions(PARTITIONS).httpPort(-1).build();
            try (StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20))) {
                streams.start();
                assertThat(streams.awaitRunning(Duration.ofMinutes(3))).isTrue();
                try (KafkaProducer<String, ShipmentPlan> plans = producer(kafka, topics.shipmentPlans().valueSerde().serializer());
                     KafkaProducer<String, CustodyEvent> custody = producer(kafka, topics.custodyEvents().valueSerde().serializer())) {
                    for (final String shipment : List.of(first, second)) {
                        plans.send(new ProducerRecord<>(topics.shipmentPlans().name(), shipment,
                                Plans.baselToFrankfurt(shipment).setSerials(List.of(sgtin(shipment))).build())).get();
                    }
                    final CustodyEvent basel = scan("ev-basel", first, 0, sgtin("CLONED")).build();
                    final CustodyEvent tokyo = scan("ev-tokyo", second, 60, sgtin("CLONED")).setBizLocation(TOKYO).build();
                    custody.send(new ProducerRecord<>(topics.custodyEvents().name(), first, basel)).get();
                    custody.send(new ProducerRecord<>(topics.custodyEvents().name(), second, tokyo)).get();
                }
                final List<Alert> alerts = readAlerts(kafka, topics, Duration.ofMinutes(3));

                assertThat(partitionOf(first)).isNotEqualTo(partitionOf(second));
                assertThat(alerts).anySatisfy(alert -> {
                    assertThat(alert.getType()).isIn(AlertType.IMPOSSIBLE_TRAVEL, AlertType.DUPLICATE_SERIAL);
                    assertThat(alert.getSerial()).isEqualTo(sgtin("CLONED"));
                    // Whichever of the two reached the serial's task first is the other sighting.
                    assertThat(List.of(alert.getEvidence().get("sighting.eventId"),
                            alert.getEvidence().get("otherSighting.eventId")))
                            .containsExactlyInAnyOrder("ev-tokyo", "ev-basel");
                });
            }
        }
    }

    private static <V> KafkaProducer<String, V> producer(final LocalKafka kafka,
                                                         final org.apache.kafka.common.serialization.Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), values);
    }

    private static List<Alert> readAlerts(final LocalKafka kafka, final TopicCatalogue topics, final Duration atMost) {
        final List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "serial-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.alerts().name()));
            final long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline && alerts.stream().noneMatch(a -> a.getType() == AlertType.IMPOSSIBLE_TRAVEL
                    || a.getType() == AlertType.DUPLICATE_SERIAL)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
            }
        }
        return alerts;
    }
}
