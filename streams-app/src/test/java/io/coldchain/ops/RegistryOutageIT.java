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
import io.coldchain.streams.GoodStream;
import io.coldchain.streams.Plans;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A schema registry outage pauses processing: nothing is dead-lettered and every alert comes once it is back")
class RegistryOutageIT {

    private static final int PARTITIONS = 3;
    private static final String SHIPMENT = "SHP-OUTAGE";
    /** Transaction states that hold no partition's last stable offset back. */
    private static final Set<TransactionState> SETTLED = EnumSet.of(TransactionState.EMPTY,
            TransactionState.COMPLETE_COMMIT, TransactionState.COMPLETE_ABORT);

    @TempDir
    Path stateDir;

    @Test
    void shouldWaitForTheRegistryInsteadOfDeadLetteringValidRecords() throws Exception {
        sitOutAnOutage(Map.of(), false);
    }

    /**
     * The stream thread waits for the registry inside Kafka Streams' poll phase, holding records it has fetched. When
     * the wait outlasts {@code max.poll.interval.ms}, its consumer is dropped from the group; back, it finds its
     * partitions lost and assigned again. The records it held must be read again, not skipped: they were neither
     * processed nor committed, and are still on the topic.
     */
    @Test
    void shouldReadAgainWhatItHeldWhenDroppedFromTheGroupDuringAnOutage() throws Exception {
        sitOutAnOutage(Map.of(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), "8000"), true);
    }

    /** @param dropped wait, before the registry comes back, until the application's consumer has left its group */
    private void sitOutAnOutage(final Map<String, String> overrides, final boolean dropped) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, PARTITIONS,
                    AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, registry.url())));
            kafka.createTopics(topics);
            publishAWarmTrip(kafka, topics);

            registry.down(true);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId("registry-outage-it").stateDir(stateDir).partitions(PARTITIONS)
                    .schemaRegistryUrl(registry.url()).httpPort(-1).overrides(overrides)
                    .commitIntervalMs(Long.getLong("coldchain.it.commitIntervalMs", StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS))
                    .build();
            try (StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20))) {
                streams.start();
                waitUntil(() -> registry.refused() >= 8, Duration.ofSeconds(180)); // down for a while: ~20 s of retries
                assertThat(streams.dependenciesAvailable()).as("the outage is seen").isFalse();
                assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING,
                        KafkaStreams.State.PENDING_SHUTDOWN);

                if (dropped) {
                    try (Admin admin = kafka.createAdmin()) {
                        waitUntil(() -> membersOf(admin, "registry-outage-it") == 0, Duration.ofSeconds(180));
                    }
                }
                registry.down(false);
                final List<Alert> alerts = readAlerts(kafka, topics, Duration.ofSeconds(180));

                assertThat(alerts).as(() -> "no excursion alert after the registry came back; " + diagnosis(kafka, topics,
                        streams)).anySatisfy(alert -> {
                    assertThat(alert.getType()).isEqualTo(AlertType.TEMPERATURE_EXCURSION);
                    assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
                    assertThat(alert.getShipmentId()).isEqualTo(SHIPMENT);
                });
                if (dropped) {
                    assertThat(streams.threadsReplaced()).as("the thread that held the records, not a replacement, "
                            + "read them again").isZero();
                }
                assertThat(streams.dependenciesAvailable()).isTrue();
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(countRecords(kafka, topics.deadLetters().name(), Duration.ofSeconds(5)))
                        .as("valid records dead-lettered during the outage").isZero();
            }
        }
    }

    /**
     * A plan and two hours of readings, 40 min of them at 12 °C: one excursion, released by the readings after it. The
     * trip ended an hour ago. Not the fixture's fixed date: the topics keep telemetry 7 days by record timestamp (the
     * event time), so readings a month old are deleted by the broker's first retention check, 30 s after it starts,
     * and a test still waiting out the outage then lost them (docs/RELIABILITY.md, "Old record timestamps").
     */
    private static void publishAWarmTrip(final LocalKafka kafka, final TopicCatalogue topics) throws Exception {
        final Instant departure = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        try (KafkaProducer<String, ShipmentPlan> plans = producer(kafka, topics.shipmentPlans().valueSerde().serializer());
             KafkaProducer<String, TemperatureReading> readings =
                     producer(kafka, topics.temperatureReadings().valueSerde().serializer())) {
            final ShipmentPlan plan = Plans.baselToFrankfurt(SHIPMENT, departure)
                    .setIssuedAt(departure.minus(Duration.ofHours(12)).toEpochMilli()).build();
            plans.send(new ProducerRecord<>(topics.shipmentPlans().name(), null, plan.getIssuedAt(), SHIPMENT, plan)).get();
            for (int minute = 0; minute <= 120; minute += 5) {
                final TemperatureReading reading = GoodStream.reading(SHIPMENT,
                        departure.plus(Duration.ofMinutes(minute)).toEpochMilli(), minute >= 40 && minute < 80 ? 12.0 : 5.0);
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

    /**
     * What a failure needs to say whether the application stalled or only the read_committed reader did: the alerts'
     * end offsets read uncommitted and committed (a gap is a transaction still open), the transactions the broker holds
     * open, the application's committed input offsets against the readings' end, and its state.
     */
    private static String diagnosis(final LocalKafka kafka, final TopicCatalogue topics, final StreamsRuntime streams) {
        final StringBuilder out = new StringBuilder("state ").append(streams.state());
        try (Admin admin = kafka.createAdmin()) {
            for (final String topic : List.of(topics.alerts().name(), topics.temperatureReadings().name())) {
                final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
                }
                out.append("; ").append(topic).append(" end offsets uncommitted ")
                        .append(offsets(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))))
                        .append(" committed ")
                        .append(offsets(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))));
            }
            out.append("; application's committed offsets ").append(admin.listConsumerGroupOffsets("registry-outage-it")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() == null ? "none" : e.getValue().offset())).sorted().toList());
            final List<String> open = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .filter(listing -> !SETTLED.contains(listing.state())) // ongoing, or ending with markers unwritten
                    .map(TransactionListing::transactionalId).toList();
            out.append("; transactions not settled ");
            if (!open.isEmpty()) {
                admin.describeTransactions(open).all().get(30, TimeUnit.SECONDS).forEach((id, description) -> out
                        .append(id).append(' ').append(description.state())
                        .append(" since ").append(description.transactionStartTimeMs().orElse(-1))
                        .append(" on ").append(description.topicPartitions()).append(' '));
            }
            out.append("(now ").append(System.currentTimeMillis()).append(')');
            out.append("; alerts read uncommitted ").append(uncommittedAlerts(kafka, topics));
        } catch (final Exception e) {
            out.append("; diagnosis failed: ").append(e);
        }
        return out.toString();
    }

    /**
     * Every alert record on the topic read uncommitted, as partition:offset type/status/shipment: with the committed end
     * offsets above, an alert that a read_committed reader skips is one its transaction aborted, and the offsets it
     * leaves out are transaction markers.
     */
    private static List<String> uncommittedAlerts(final LocalKafka kafka, final TopicCatalogue topics) {
        final Map<String, Object> config = new HashMap<>(consumerConfig(kafka));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        final List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config,
                topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.alerts().name()));
            final long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.partition() + ":" + r.offset() + " "
                        + r.value().getType() + "/" + r.value().getStatus() + "/" + r.value().getShipmentId()));
            }
        }
        return seen;
    }

    private static int membersOf(final Admin admin, final String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().size();
        } catch (final Exception e) {
            throw new IllegalStateException("could not describe group " + group, e);
        }
    }

    private static String offsets(final ListOffsetsResult result) throws Exception {
        return result.all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .map(e -> e.getKey().partition() + "=" + e.getValue().offset()).sorted().toList().toString();
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
