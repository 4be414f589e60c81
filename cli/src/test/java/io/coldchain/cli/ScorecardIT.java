package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.score.AlertsTopic;
import io.coldchain.cli.score.Fleets;
import io.coldchain.cli.score.ObservedAlert;
import io.coldchain.cli.score.ScoreCommand;
import io.coldchain.cli.score.ScoreReport;
import io.coldchain.cli.score.Scorecard;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.AlertType;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.IncidentLabel;
import io.coldchain.sim.IncidentType;
import io.coldchain.sim.Pacing;
import io.coldchain.sim.ProgressListener;
import io.coldchain.sim.PublishResult;
import io.coldchain.sim.Publisher;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Acceptance of the detection scorecard on the real local broker: a seeded fleet with every incident and
 * confounder type ({@link Fleets#endToEnd}) on an imperfect network (out-of-order and redelivered records, skewed logger
 * clocks, late batches, GPS outliers) is published, the exactly-once streams application processes it, and
 * the alerts, read back with {@code read_committed}, must detect every incident (recall 1.0) and be right
 * (precision at least 0.99), through the same scorecard and {@code score} command a user runs.
 *
 * <p>The simulation is published before the streams application starts, as a replay: every partition's
 * records are then waiting, so Streams takes them in event-time order whatever the producer's batching.
 */
class ScorecardIT {

    private static final String APPLICATION_ID = "coldchain-scorecard-it";
    private static final Duration SETTLE = Duration.ofSeconds(6);
    private static final Duration AT_MOST = Duration.ofSeconds(150);

    @TempDir
    static Path dir;

    private static LocalKafka kafka;
    private static StreamsRuntime streams;
    private static final TopicCatalogue TOPICS = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX,
            TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
    private static SimulationSettings fleet;
    private static PublishResult published;
    private static Path labels;

    @BeforeAll
    static void runTheFleet() throws Exception {
        kafka = new LocalKafka(LocalKafkaSettings.builder().brokerPort(0).build()).start();
        kafka.createTopics(TOPICS);

        final SimulationSettings shape = Fleets.endToEnd(Instant.EPOCH);
        fleet = shape.withStart(Simulation.anchoredStart(shape, Pacing.UNPACED, Instant.now()));
        labels = dir.resolve("labels.jsonl");
        Files.write(labels, Simulation.labels(fleet).map(IncidentLabel::toJson).toList());

        final Map<String, Object> producerConfig = new HashMap<>(Publisher.producerDefaults());
        producerConfig.putAll(kafka.clientProperties());
        published = new Publisher(producerConfig, TOPICS).publish(fleet, Pacing.UNPACED, ProgressListener.NONE);

        streams = new StreamsRuntime(new StreamsSettings(kafka.bootstrapServers(), APPLICATION_ID,
                Files.createDirectories(dir.resolve("state")), TopicCatalogue.DEFAULT_PREFIX,
                TopicCatalogue.DEFAULT_PARTITIONS, null, StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS, -1, Map.of()),
                Duration.ofSeconds(20));
        final long began = System.nanoTime();
        streams.start();
        assertThat(streams.awaitRunning(Duration.ofSeconds(60))).as("streams RUNNING").isTrue();
        awaitAlertsSettled();
        System.out.printf("published %,d events in %s; the streams application caught up %s after it started%n",
                published.total(), published.elapsed(), Duration.ofNanos(System.nanoTime() - began).minus(SETTLE));
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldDetectEveryIncidentAndStaySilentOnEveryConfounder() {
        final List<IncidentLabel> truth = Simulation.labels(fleet).toList();
        final List<ObservedAlert> alerts = AlertsTopic.read(kafka.clientProperties(), TOPICS.alerts(),
                Duration.ofSeconds(30));
        final ScoreReport report = Scorecard.score(truth, alerts, Duration.ofMinutes(30));

        assertThat(published.completed()).isTrue();
        assertThat(truth.stream().map(IncidentLabel::type).collect(Collectors.toSet()))
                .as("every incident and confounder type is in the fleet")
                .containsAll(IncidentType.drawable().stream().map(Enum::name).toList());
        assertThat(report.missed()).as("missed incidents").isEmpty();
        assertThat(report.recall()).hasValue(1.0);
        assertThat(report.precision().orElseThrow()).as("precision; false alerts: %s", report.falseAlerts())
                .isGreaterThanOrEqualTo(0.99);
        assertThat(report.confounders()).allSatisfy(row -> assertThat(row.falseAlerts()).as(row.type()).isZero());
        // Every detector family is wired in and took part.
        assertThat(report.alerts().stream().map(ScoreReport.AlertRow::type).collect(Collectors.toSet()))
                .containsAll(Set.of(AlertType.TEMPERATURE_EXCURSION, AlertType.SENSOR_SILENT,
                        AlertType.ROUTE_DEVIATION, AlertType.UNSCHEDULED_STOP, AlertType.DIVERSION,
                        AlertType.REUSED_SERIAL, AlertType.UNKNOWN_SERIAL, AlertType.UNEXPECTED_CUSTODIAN));
        assertThat(report.alerts().stream().map(ScoreReport.AlertRow::type))
                .containsAnyOf(AlertType.DUPLICATE_SERIAL, AlertType.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void shouldPassTheScoreCommandsThresholdsReadingTheAlertsTopic() {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(new ScoreCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--labels", labels.toString(),
                        "--bootstrap-server", kafka.bootstrapServers(), "--min-precision", "0.99", "--min-recall", "1.0");
        System.out.println(out);

        assertThat(exit).as("score exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("recall 1.000 (minimum 1.0) ok");
    }

    /**
     * Until the application has consumed every input record and no alert has been committed for a few seconds.
     * Under exactly-once the input offsets commit with the alerts they produced.
     */
    private static void awaitAlertsSettled() throws Exception {
        final long deadline = System.nanoTime() + AT_MOST.toNanos();
        try (Admin admin = kafka.createAdmin()) {
            long lastAlerts = -1;
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                final long alerts = endOffsets(admin, Set.of(TOPICS.alerts().name())).values().stream()
                        .mapToLong(Long::longValue).sum();
                if (alerts != lastAlerts) {
                    lastAlerts = alerts;
                    stableSince = System.nanoTime();
                }
                if (inputLag(admin) == 0 && System.nanoTime() - stableSince >= SETTLE.toNanos()) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the streams application did not catch up within " + AT_MOST);
    }

    private static long inputLag(final Admin admin) throws Exception {
        final Set<String> inputs = Set.of(TOPICS.shipmentPlans().name(), TOPICS.temperatureReadings().name(),
                TOPICS.locationFixes().name(), TOPICS.custodyEvents().name());
        final Map<TopicPartition, Long> end = endOffsets(admin, inputs);
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            final OffsetAndMetadata offset = committed.get(e.getKey());
            lag += e.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final Set<String> topics) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest())));
        final Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }
}
