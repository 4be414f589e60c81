package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.TopicExporter;
import io.coldchain.cli.score.Fleets;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.network.Realism;
import io.coldchain.sim.publish.Pacing;
import io.coldchain.sim.publish.ProgressListener;
import io.coldchain.sim.publish.PublishResult;
import io.coldchain.sim.publish.Publisher;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, scale-out: the same seeded fleet (every incident type, imperfect network) published twice on one broker,
 * into two topic prefixes of three partitions, is processed as a replay once by one instance and once by two instances
 * of another application id (one stream thread each, a standby replica of every task); both must commit the same
 * alerts, record for record. Each of the two instances must hold tasks of the detectors' sub-topology (the one reading
 * the inputs) and standbys, or the work was not split and the comparison would prove nothing.
 */
class ScaleOutIT {

    private static final int PARTITIONS = 3;
    private static final String ONE_PREFIX = "one.coldchain.";
    private static final String TWO_PREFIX = "two.coldchain.";
    private static final TopicCatalogue ONE = new TopicCatalogue(ONE_PREFIX, PARTITIONS, AvroSerdes.local());
    private static final TopicCatalogue TWO = new TopicCatalogue(TWO_PREFIX, PARTITIONS, AvroSerdes.local());
    /** The serial checks judge on the wall clock once their input is quiet (as {@code FleetRun} waits). */
    private static final Duration SERIAL_JUDGING = SerialTopology.QUIET_BEFORE_JUDGING.plus(SerialTopology.SETTLE)
            .plusSeconds(15);
    /** ... and until no alert has been committed for this long. */
    private static final Duration STILL = Duration.ofSeconds(10);
    /** A bound against a hung run, not a speed claim. */
    private static final Duration AT_MOST = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void shouldCommitTheSameAlertsWithTwoInstancesAsWithOne() throws Exception {
        final SimulationSettings shape = SimulationSettings.defaults(Instant.EPOCH)
                .withShipments(IncidentType.drawable().size() + 1).withSeed(Fleets.SEED).withWarmFraction(0.1)
                .withIncidents(IncidentMix.all()).withRealism(Realism.preset());
        // One start for both publications (the wall clock anchors it otherwise): the same input, record for record.
        final SimulationSettings fleet = shape.withStart(Simulation.anchoredStart(shape, Pacing.UNPACED, Instant.now()));
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.builder().brokerPort(0).build()).start()) {
            final long events = publish(kafka, ONE, fleet);
            assertThat(publish(kafka, TWO, fleet)).as("the same input twice").isEqualTo(events);

            final List<StreamsRuntime> runtimes = new ArrayList<>();
            try {
                // Paused until the second application's group has settled with both instances: otherwise the first to
                // join takes every task and processes on while the other joins (the assignor then keeps the tasks
                // where their state is), and the detection could all stay on one instance.
                final StreamsRuntime alone = start(kafka, ONE_PREFIX, "scale-out-it-one", "alone");
                runtimes.add(alone);
                final StreamsRuntime first = start(kafka, TWO_PREFIX, "scale-out-it-two", "first");
                runtimes.add(first);
                final StreamsRuntime second = start(kafka, TWO_PREFIX, "scale-out-it-two", "second");
                runtimes.add(second);
                // Paused, the clients take no task into RUNNING (nothing is restored); the group settles all the same.
                assertThat(awaitStableGroup(kafka, "scale-out-it-two", 2)).as("two members in a stable group").isTrue();
                runtimes.forEach(StreamsRuntime::resume);
                for (final StreamsRuntime runtime : runtimes) {
                    assertThat(runtime.awaitRunning(Duration.ofMinutes(3))).as("streams RUNNING").isTrue();
                }

                final String detection = TWO.temperatureReadings().name();
                final Set<String> detecting = new TreeSet<>();
                final Map<String, Set<TaskId>> active = new TreeMap<>();
                final Map<String, Set<TaskId>> standby = new TreeMap<>();
                awaitSettled(kafka, Map.of("scale-out-it-one", ONE, "scale-out-it-two", TWO), () -> {
                    note("alone", alone, active, standby);
                    note("first", first, active, standby);
                    note("second", second, active, standby);
                    if (reads(first, detection)) {
                        detecting.add("first");
                    }
                    if (reads(second, detection)) {
                        detecting.add("second");
                    }
                });
                System.out.printf("active tasks %s; standby tasks %s%n", active, standby);

                assertThat(detecting).as("instances that held a task reading %s", detection)
                        .containsExactly("first", "second");
                final Set<TaskId> split = new TreeSet<>(active.get("first"));
                split.addAll(active.get("second"));
                assertThat(split).as("every task of the application ran on one of the two")
                        .isEqualTo(active.get("alone"));
                assertThat(standby.get("first")).as("standby tasks of the first instance").isNotEmpty();
                assertThat(standby.get("second")).as("standby tasks of the second instance").isNotEmpty();
                assertThat(first.threadsReplaced() + second.threadsReplaced() + alone.threadsReplaced()).isZero();
            } finally {
                runtimes.forEach(StreamsRuntime::close);
            }

            final List<String> oneAlerts = alerts(kafka, ONE);
            final List<String> twoAlerts = alerts(kafka, TWO);
            System.out.printf("%,d input records; %d alert records with one instance, %d with two%n", events,
                    oneAlerts.size(), twoAlerts.size());
            assertThat(oneAlerts).as("alerts of the fleet").hasSizeGreaterThan(20);
            assertThat(twoAlerts).as("alerts of two instances, sorted, against one instance's")
                    .containsExactlyElementsOf(oneAlerts);
        }
    }

    private static long publish(final LocalKafka kafka, final TopicCatalogue topics, final SimulationSettings fleet) {
        kafka.createTopics(topics);
        final Map<String, Object> producerConfig = new HashMap<>(Publisher.producerDefaults());
        producerConfig.putAll(kafka.clientProperties());
        final PublishResult published = new Publisher(producerConfig, topics).publish(fleet, Pacing.UNPACED,
                ProgressListener.NONE);
        assertThat(published.completed()).as("the fleet was published").isTrue();
        return published.total();
    }

    /** One instance of {@code applicationId}, one stream thread, a standby replica of each task; started paused. */
    private StreamsRuntime start(final LocalKafka kafka, final String topicPrefix, final String applicationId,
                                 final String instance) throws Exception {
        final StreamsRuntime runtime = new StreamsRuntime(StreamsSettings.builder()
                .bootstrapServers(kafka.bootstrapServers()).topicPrefix(topicPrefix).partitions(PARTITIONS).applicationId(applicationId)
                .stateDir(Files.createDirectories(dir.resolve(instance))).httpPort(-1)
                .streamThreads(1).standbyReplicas(1).build(), Duration.ofSeconds(20));
        runtime.pause();
        runtime.start();
        return runtime;
    }

    /** Waits until group {@code groupId} is stable with {@code members} members; false if not within two minutes. */
    private static boolean awaitStableGroup(final LocalKafka kafka, final String groupId, final int members)
            throws Exception {
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Admin admin = kafka.createAdmin()) {
            while (System.nanoTime() < deadline) {
                final ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get()
                        .get(groupId);
                if (group.groupState() == GroupState.STABLE && group.members().size() == members) {
                    return true;
                }
                Thread.sleep(500);
            }
        }
        return false;
    }

    private static boolean reads(final StreamsRuntime runtime, final String topic) {
        return runtime.localThreads().stream().flatMap(thread -> thread.activeTasks().stream())
                .anyMatch(task -> task.topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic)));
    }

    /** Adds the tasks an instance holds now to what it held before (the assignment may move while it settles). */
    private static void note(final String instance, final StreamsRuntime runtime, final Map<String, Set<TaskId>> active,
                             final Map<String, Set<TaskId>> standby) {
        for (final ThreadMetadata thread : runtime.localThreads()) {
            thread.activeTasks().forEach(t -> active.computeIfAbsent(instance, k -> new TreeSet<>()).add(t.taskId()));
            thread.standbyTasks().forEach(t -> standby.computeIfAbsent(instance, k -> new TreeSet<>()).add(t.taskId()));
        }
    }

    /**
     * Waits until every application has consumed its input, the serial checks' wall-clock waits have passed since, and
     * no alert has been committed for a few seconds; {@code watch} runs at every poll.
     */
    private static void awaitSettled(final LocalKafka kafka, final Map<String, TopicCatalogue> applications,
                                     final Runnable watch) throws Exception {
        final long deadline = System.nanoTime() + AT_MOST.toNanos();
        final Set<String> alertTopics = new TreeSet<>();
        applications.values().forEach(topics -> alertTopics.add(topics.alerts().name()));
        try (Admin admin = kafka.createAdmin()) {
            long lastAlerts = -1;
            long stillSince = System.nanoTime();
            long consumedSince = -1;
            while (System.nanoTime() < deadline) {
                watch.run();
                final long now = System.nanoTime();
                final long alerts = GroupLag.records(admin, alertTopics);
                if (alerts != lastAlerts) {
                    lastAlerts = alerts;
                    stillSince = now;
                }
                long lag = 0;
                for (final Map.Entry<String, TopicCatalogue> app : applications.entrySet()) {
                    lag += GroupLag.inputLag(admin, app.getKey(), app.getValue());
                }
                if (lag > 0) {
                    consumedSince = -1;
                } else if (consumedSince < 0) {
                    consumedSince = now;
                }
                if (consumedSince >= 0 && now - consumedSince >= SERIAL_JUDGING.toNanos()
                        && now - stillSince >= STILL.toNanos()) {
                    watch.run();
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the applications did not catch up within " + AT_MOST);
    }

    /** The committed alerts of {@code topics}, each as its Avro JSON (every field), sorted. */
    private static List<String> alerts(final LocalKafka kafka, final TopicCatalogue topics) {
        final List<String> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                BoundedRead.readerConfig(kafka.clientProperties()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            new TopicExporter(consumer, Duration.ofSeconds(30)).read(topics.alerts(), null, null,
                    (Alert alert) -> alerts.add(alert.toString()), problem -> {
                        throw new AssertionError(problem);
                    });
        }
        alerts.sort(null);
        return alerts;
    }
}
