package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.contract.validation.PlanRefusedAlert;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly-once an alert is visible to a {@code read_committed} consumer only once its transaction commits. The
 * application here commits every {@link #COMMIT_INTERVAL}, longer than the test can run, so whatever becomes visible
 * was committed on request: an alert that is news asks for it ({@code CommitLiveAlertsProcessor}), a replayed one
 * does not. The replayed alert: a plan issued a month ago and refused. The live one: a temperature excursion 40 to 80
 * minutes ago in a logger's upload of its last 100 minutes, judged at the default grace, so neither its last evidence
 * nor its task's stream time when it is raised is within the 5 minutes a task counts as live.
 */
@DisplayName("A live alert is committed at once; a replayed one waits for the commit interval (issue 12)")
class LiveAlertCommitIT {

    /** Its transaction timeout (twice this and a second) must stay under the broker's 15 min maximum. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMinutes(6);
    /** Generous, and all the waits of the test together still well inside the commit interval. */
    private static final Duration AT_MOST = Duration.ofSeconds(100);
    private static final String OLD = "SHP-REFUSED-LAST-MONTH";
    private static final String LIVE = "SHP-WARM-NOW";

    @TempDir
    Path stateDir;

    @Test
    void shouldCommitALiveAlertAtOnceAndTakeTheReplayedAlertWaitingBeforeItAlong() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, 1, AvroSerdes.local());
            kafka.createTopics(topics);
            final TopicPartition alertsPartition = new TopicPartition(topics.alerts().name(), 0);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId("live-alert-commit-it").stateDir(stateDir).partitions(1)
                    .commitIntervalMs(COMMIT_INTERVAL.toMillis()).httpPort(-1).build();
            try (StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20));
                 KafkaConsumer<byte[], byte[]> uncommitted = reader(kafka, "read_uncommitted");
                 KafkaConsumer<byte[], byte[]> committed = reader(kafka, "read_committed");
                 KafkaConsumer<String, Alert> alerts = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                         topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer())) {
                streams.start();
                waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING);
                final Instant now = Instant.now();

                publish(kafka, topics.shipmentPlans().name(), topics.shipmentPlans().valueSerde().serializer(), OLD,
                        refusedPlan(OLD, now.minus(Duration.ofDays(30))));
                // Written (the alert is in the log) and not committed (the last stable offset has not moved past it).
                waitUntil(() -> endOffset(uncommitted, alertsPartition) > 0);
                assertThat(endOffset(committed, alertsPartition)).as("last stable offset of the alerts topic").isZero();

                publishWarmTripEndingAt(kafka, topics, now);
                alerts.assign(List.of(alertsPartition));
                alerts.seekToBeginning(List.of(alertsPartition));
                final List<Alert> seen = new ArrayList<>();
                waitUntil(() -> {
                    alerts.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    return seen.stream().anyMatch(a -> a.getShipmentId().equals(LIVE));
                }, () -> "committed: " + seen + "; alerts in the log, committed or not: "
                        + endOffset(uncommitted, alertsPartition));
                assertThat(seen).as("committed long before the %s interval", COMMIT_INTERVAL)
                        .extracting(Alert::getShipmentId, Alert::getType, Alert::getStatus)
                        .contains(tuple(OLD, AlertType.OTHER, AlertStatus.OPEN),
                                tuple(LIVE, AlertType.TEMPERATURE_EXCURSION, AlertStatus.OPEN));
                assertThat(seen).filteredOn(a -> a.getShipmentId().equals(OLD)).extracting(Alert::getRuleId)
                        .containsExactly(PlanRefusedAlert.RULE_ID);
                assertThat(seen).filteredOn(a -> a.getShipmentId().equals(LIVE))
                        .allSatisfy(a -> assertThat(a.getLastEvidenceTime())
                                .as("its evidence is older than the live lag")
                                .isLessThan(now.minus(Duration.ofMinutes(5)).toEpochMilli()));
            }
        }
    }

    /** A plan with a temperature profile nobody defined: refused, with an alert at its issue time. */
    private static ShipmentPlan refusedPlan(final String shipment, final Instant issuedAt) {
        return Plans.baselToFrankfurt(shipment).setProfileName("deep-frozen-ish").setIssuedAt(issuedAt.toEpochMilli())
                .build();
    }

    /** A 2-8 °C trip that left 100 minutes ago, 12 °C from 80 to 40 minutes ago: one excursion, readings up to now. */
    private static void publishWarmTripEndingAt(final LocalKafka kafka, final TopicCatalogue topics, final Instant now)
            throws Exception {
        final Instant departure = now.minus(Duration.ofMinutes(100));
        final ShipmentPlan plan = Plans.baselToFrankfurt(LIVE, departure)
                .setIssuedAt(departure.minus(Duration.ofHours(2)).toEpochMilli()).build();
        publish(kafka, topics.shipmentPlans().name(), topics.shipmentPlans().valueSerde().serializer(), LIVE, plan);
        final List<TemperatureReading> readings = new ArrayList<>();
        for (int minute = 0; minute <= 100; minute += 5) {
            readings.add(GoodStream.reading(LIVE, departure.plus(Duration.ofMinutes(minute)).toEpochMilli(),
                    minute >= 20 && minute < 60 ? 12.0 : 5.0));
        }
        publish(kafka, topics.temperatureReadings().name(), topics.temperatureReadings().valueSerde().serializer(),
                LIVE, readings.toArray(TemperatureReading[]::new));
    }

    @SafeVarargs
    private static <V> void publish(final LocalKafka kafka, final String topic, final Serializer<V> values,
                                    final String key, final V... records) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                values)) {
            for (final V value : records) {
                producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader(final LocalKafka kafka, final String isolation) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The end offset as this consumer's isolation level sees it: under read_committed, the last stable offset. */
    private static long endOffset(final KafkaConsumer<byte[], byte[]> consumer, final TopicPartition partition) {
        return consumer.endOffsets(List.of(partition)).get(partition);
    }

    private static void waitUntil(final BooleanSupplier condition) throws InterruptedException {
        waitUntil(condition, () -> "");
    }

    private static void waitUntil(final BooleanSupplier condition, final Supplier<String> state)
            throws InterruptedException {
        final long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(condition.getAsBoolean()).as(() -> "condition within " + AT_MOST + " " + state.get()).isTrue();
    }
}
