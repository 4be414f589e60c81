package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.score.AlertsTopic;
import io.coldchain.cli.score.Fleets;
import io.coldchain.cli.score.ObservedAlert;
import io.coldchain.cli.score.ScoreReport;
import io.coldchain.cli.score.Scorecard;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.DeadLetters;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.publish.Pacing;
import io.coldchain.sim.publish.ProgressListener;
import io.coldchain.sim.publish.PublishResult;
import io.coldchain.sim.publish.Publisher;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The scorecard ITs' harness: a local broker, the seeded fleet of {@link Fleets#endToEnd} with its ground truth,
 * the exactly-once streams application, and the scorecard of the committed alerts.
 */
final class FleetRun implements AutoCloseable {

    static final TopicCatalogue TOPICS = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX,
            TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
    /**
     * Once the input is consumed, the serial checks still judge on the wall clock: pending sightings after a quiet
     * minute, each pack's inputs after settling. Their findings come last, so the run waits this long after the
     * input topics were last consumed (the repartitioned serial input follows a little later: hence the slack).
     */
    private static final Duration SERIAL_JUDGING = SerialTopology.QUIET_BEFORE_JUDGING.plus(SerialTopology.SETTLE)
            .plusSeconds(15);
    /** ... and until no alert has been committed for this long. */
    private static final Duration STILL = Duration.ofSeconds(10);
    /** A bound against a hung run, not a speed claim (on an idle machine it takes well under a minute). */
    private static final Duration AT_MOST = Duration.ofMinutes(10);

    private final String applicationId;
    private final Path dir;
    private final LocalKafka kafka;
    private final SimulationSettings fleet;
    private final Path labels;
    private StreamsRuntime streams;
    private PublishResult published;

    /** Starts the broker, creates the topics and writes the fleet's ground truth to {@code dir/labels.jsonl}. */
    FleetRun(final String applicationId, final Path dir) throws Exception {
        this.applicationId = applicationId;
        this.dir = dir;
        this.kafka = new LocalKafka(LocalKafkaSettings.builder().brokerPort(0).build()).start();
        kafka.createTopics(TOPICS);
        final SimulationSettings shape = Fleets.endToEnd(Instant.EPOCH);
        this.fleet = shape.withStart(Simulation.anchoredStart(shape, Pacing.UNPACED, Instant.now()));
        this.labels = dir.resolve("labels.jsonl");
        Files.write(labels, Simulation.labels(fleet).map(IncidentLabel::toJson).toList());
    }

    /** Publishes the whole fleet as fast as the broker takes it. */
    FleetRun publish() {
        final Map<String, Object> producerConfig = new HashMap<>(Publisher.producerDefaults());
        producerConfig.putAll(kafka.clientProperties());
        published = new Publisher(producerConfig, TOPICS).publish(fleet, Pacing.UNPACED, ProgressListener.NONE);
        assertThat(published.completed()).as("the fleet was published").isTrue();
        return this;
    }

    /** Starts the streams application with its production settings plus {@code overrides}; waits for RUNNING. */
    FleetRun startStreams(final Map<String, String> overrides) throws Exception {
        streams = new StreamsRuntime(StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .applicationId(applicationId).stateDir(Files.createDirectories(dir.resolve("state"))).httpPort(-1)
                .overrides(overrides).build(),
                Duration.ofSeconds(20));
        streams.start();
        assertThat(streams.awaitRunning(Duration.ofMinutes(3))).as("streams RUNNING").isTrue();
        return this;
    }

    /**
     * Waits until the application has consumed every input record, the serial checks' wall-clock waits have passed
     * since, and no alert has been committed for a few seconds (under exactly-once the input offsets commit with the
     * alerts they produced).
     */
    FleetRun awaitAlertsSettled() throws Exception {
        final long began = System.nanoTime();
        final long deadline = began + AT_MOST.toNanos();
        try (Admin admin = kafka.createAdmin()) {
            long lastAlerts = -1;
            long stillSince = System.nanoTime();
            long consumedSince = -1;
            while (System.nanoTime() < deadline) {
                final long now = System.nanoTime();
                final long alerts = GroupLag.records(admin, Set.of(TOPICS.alerts().name()));
                if (alerts != lastAlerts) {
                    lastAlerts = alerts;
                    stillSince = now;
                }
                if (GroupLag.inputLag(admin, applicationId, TOPICS) > 0) {
                    consumedSince = -1;
                } else if (consumedSince < 0) {
                    consumedSince = now;
                }
                if (consumedSince >= 0 && now - consumedSince >= SERIAL_JUDGING.toNanos()
                        && now - stillSince >= STILL.toNanos()) {
                    System.out.printf("%s: published %,d events in %s; input consumed %s later; alerts still %s"
                                    + " after the start of the wait%n", applicationId, published.total(),
                            published.elapsed(), Duration.ofNanos(consumedSince - began), Duration.ofNanos(now - began));
                    return this;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the streams application did not catch up within " + AT_MOST);
    }

    /** Stops the streams application (the broker stays up). */
    FleetRun stopStreams() {
        if (streams != null) {
            streams.close();
            streams = null;
        }
        return this;
    }

    List<IncidentLabel> truth() {
        return Simulation.labels(fleet).toList();
    }

    Path labels() {
        return labels;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The committed alerts scored against the ground truth. */
    ScoreReport score() {
        final List<ObservedAlert> alerts = AlertsTopic.read(kafka.clientProperties(), TOPICS.alerts(),
                Duration.ofSeconds(30));
        return Scorecard.score(truth(), alerts, Duration.ofMinutes(30));
    }

    /**
     * What the application did with the shipments of {@code missed}, for a failure message: their committed alerts, and
     * the records of theirs it set aside (late data, by reason) or refused (dead letters).
     */
    String diagnose(final List<IncidentLabel> missed) {
        final Set<String> shipments = new TreeSet<>();
        missed.forEach(label -> shipments.add(label.shipmentId()));
        final StringBuilder out = new StringBuilder();
        final List<ObservedAlert> alerts = AlertsTopic.read(kafka.clientProperties(), TOPICS.alerts(),
                Duration.ofSeconds(30));
        for (final String shipment : shipments) {
            out.append(System.lineSeparator()).append(shipment).append(": alerts ").append(alerts.stream()
                    .filter(a -> shipment.equals(a.shipmentId())).map(a -> a.type() + "/" + a.status()).toList());
        }
        final Map<String, String> reasonHeaders = Map.of(TOPICS.lateData().name(),
                ReorderingDetectorProcessor.LATE_REASON_HEADER, TOPICS.deadLetters().name(), DeadLetters.REASON_HEADER);
        reasonHeaders.forEach((topic, header) -> {
            final Map<String, Integer> reasons = new TreeMap<>();
            int total = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    BoundedRead.readerConfig(kafka.clientProperties()), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                final BoundedRead read = BoundedRead.open(consumer, topic, null, Duration.ofSeconds(30), System::nanoTime);
                while (read.hasMore()) {
                    for (final ConsumerRecord<byte[], byte[]> r : read.poll()) {
                        total++;
                        final String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        if (shipments.stream().anyMatch(key::contains)) {
                            final Header reason = r.headers().lastHeader(header);
                            final String text = reason == null ? "(no reason header)"
                                    : new String(reason.value(), StandardCharsets.UTF_8);
                            reasons.merge(key + ": " + text.replaceAll("[0-9]{6,}", "N"), 1, Integer::sum);
                        }
                    }
                }
            }
            out.append(System.lineSeparator()).append(topic).append(": ").append(total).append(" records; of ")
                    .append(shipments).append(": ").append(reasons);
        });
        return out.toString();
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
        }
        kafka.close();
    }
}
