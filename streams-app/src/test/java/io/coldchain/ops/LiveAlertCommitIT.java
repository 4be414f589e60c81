package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.contract.validation.PlanRefusedAlert;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.Plans;
import io.coldchain.streams.processors.CountAlertsProcessor;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly-once an alert is visible to a {@code read_committed} consumer only once its transaction commits. The
 * application here commits every {@link #COMMIT_INTERVAL} (far longer than the test runs), so whatever becomes visible
 * was committed on request: a live alert asks for it ({@code CommitLiveAlertsProcessor}), a replayed one does not.
 * Refused plans make the alerts: one plan issued a month ago, one issued now.
 */
@DisplayName("A live alert is committed at once; a replayed one waits for the commit interval (issue 12)")
class LiveAlertCommitIT {

    /** Its transaction timeout (twice this and a second) must stay under the broker's 15 min maximum. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMinutes(6);
    /** Generous, and still well inside the commit interval. */
    private static final Duration AT_MOST = Duration.ofMinutes(4);
    /** How long the replayed alert, processed, is watched for not being visible. */
    private static final Duration UNCOMMITTED_FOR = Duration.ofSeconds(10);
    private static final String OLD = "SHP-REFUSED-LAST-MONTH";
    private static final String LIVE = "SHP-REFUSED-NOW";

    @TempDir
    Path stateDir;

    @Test
    void shouldCommitALiveAlertAtOnceAndTakeTheReplayedAlertWaitingBeforeItAlong() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, 1, AvroSerdes.local());
            kafka.createTopics(topics);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId("live-alert-commit-it").stateDir(stateDir).partitions(1)
                    .commitIntervalMs(COMMIT_INTERVAL.toMillis()).httpPort(-1).build();
            try (StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20));
                 KafkaConsumer<String, Alert> alerts = committedAlerts(kafka, topics)) {
                streams.start();
                waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING, AT_MOST);
                final List<Alert> seen = new ArrayList<>();

                publishRefusedPlan(kafka, topics, OLD, Instant.now().minus(Duration.ofDays(30)));
                waitUntil(() -> alertsCounted(streams) >= 1, AT_MOST);
                final long until = System.nanoTime() + UNCOMMITTED_FOR.toNanos();
                while (System.nanoTime() < until) {
                    alerts.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                }
                assertThat(seen).as("the replayed alert, processed, before anything asked for a commit").isEmpty();

                publishRefusedPlan(kafka, topics, LIVE, Instant.now());
                final long deadline = System.nanoTime() + AT_MOST.toNanos();
                while (System.nanoTime() < deadline && seen.size() < 2) {
                    alerts.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                }
                assertThat(seen).as("committed long before the %s interval", COMMIT_INTERVAL)
                        .extracting(Alert::getShipmentId, Alert::getRuleId)
                        .containsExactlyInAnyOrder(
                                tuple(OLD, PlanRefusedAlert.RULE_ID),
                                tuple(LIVE, PlanRefusedAlert.RULE_ID));
            }
        }
    }

    /** A plan with a temperature profile nobody defined: refused, with an alert at its issue time. */
    private static void publishRefusedPlan(final LocalKafka kafka, final TopicCatalogue topics, final String shipment,
                                           final Instant issuedAt) throws Exception {
        final ShipmentPlan plan = Plans.baselToFrankfurt(shipment).setProfileName("deep-frozen-ish")
                .setIssuedAt(issuedAt.toEpochMilli()).build();
        try (KafkaProducer<String, ShipmentPlan> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                topics.shipmentPlans().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.shipmentPlans().name(), shipment, plan)).get();
        }
    }

    private static double alertsCounted(final StreamsRuntime streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(CountAlertsProcessor.METRICS_GROUP)
                        && e.getKey().name().equals(CountAlertsProcessor.ALERTS_TOTAL))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static KafkaConsumer<String, Alert> committedAlerts(final LocalKafka kafka, final TopicCatalogue topics) {
        final KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "live-alert-commit-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer());
        consumer.subscribe(List.of(topics.alerts().name()));
        return consumer;
    }

    private static void waitUntil(final BooleanSupplier condition, final Duration atMost) throws InterruptedException {
        final long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + atMost).isTrue();
    }
}
