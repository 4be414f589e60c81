package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 14 item 1 end to end: a seeded fleet with incidents published while the streams application runs; then
 * {@code coldchain replay} of one incident shipment's time range into a case gives exactly that shipment's live
 * alerts (same ids, same bytes), in the case's alerts topic, the live alerts topic gains nothing, a second replay
 * into another case is byte-identical, and each replay ends by itself.
 */
class ReplayIT {

    /** Incidents whose alerts depend on the shipment's own data only (no other shipment's packs). */
    private static final Set<String> OWN_DATA_INCIDENTS = Set.of("DOOR_OPEN", "WARM_SPELL", "FREEZING", "DETOUR",
            "THEFT_STOP", "REEFER_FAILURE");
    private static final Set<AlertType> SERIAL_TYPES = Set.of(AlertType.DUPLICATE_SERIAL, AlertType.IMPOSSIBLE_TRAVEL,
            AlertType.REUSED_SERIAL, AlertType.UNKNOWN_SERIAL, AlertType.ATTRIBUTE_MISMATCH, AlertType.INVALID_SERIAL);
    /** A bound against a hung replay, not a speed claim. */
    private static final Duration REPLAY_AT_MOST = Duration.ofMinutes(10);
    private static final TopicCatalogue TOPICS = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX,
            TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());

    @TempDir
    Path dir;

    @Test
    void shouldReplayAnIncidentIntoACaseWithTheLiveAlertsAndNothingElse() throws Exception {
        try (FleetRun run = new FleetRun("coldchain-replay-it-live", dir)) {
            run.startStreams(Map.of()).publish().awaitAlertsSettled().stopStreams();
            final Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrapServers());
            final Map<String, long[]> spans = eventTimeSpans(client);
            final long fleetEnd = spans.values().stream().mapToLong(span -> span[1]).max().orElseThrow();
            final List<Rec> liveAlerts = read(client, TOPICS.alerts().name());
            final String shipment = pick(run.truth(), liveAlerts, spans, fleetEnd);
            final long[] span = spans.get(shipment);
            final List<Rec> expected = liveAlerts.stream().filter(r -> r.key().equals(shipment)).toList();
            final long liveEnd = committedEnd(client, TOPICS.alerts().name());
            System.out.printf("replaying %s: %d live alert records, event time %s .. %s%n", shipment, expected.size(),
                    Instant.ofEpochMilli(span[0]), Instant.ofEpochMilli(span[1]));

            final Replay first = replay(run, "incident-a", shipment, span);
            assertThat(first.exit()).as("exit code; stderr:%n%s", first.err()).isZero();
            final List<Rec> caseAlerts = read(client, "coldchain.cases.incident-a.alerts");
            assertThat(sorted(caseAlerts.stream().filter(r -> r.key().equals(shipment)).toList()))
                    .as("the shipment's alerts in the case: the live ones, byte for byte")
                    .isEqualTo(sorted(expected));
            assertThat(committedEnd(client, TOPICS.alerts().name())).as("live alerts topic").isEqualTo(liveEnd);

            final Replay second = replay(run, "incident-b", shipment, span);
            assertThat(second.exit()).as("exit code; stderr:%n%s", second.err()).isZero();
            assertThat(sorted(read(client, "coldchain.cases.incident-b.alerts")))
                    .as("a second replay of the slice").isEqualTo(sorted(caseAlerts));
            assertThat(digestLine(second.out())).isEqualTo(digestLine(first.out()));

            final Replay refused = replay(run, "incident-a", shipment, span);
            assertThat(refused.exit()).as("an existing case without --overwrite").isEqualTo(2);
            assertThat(refused.err()).contains("case 'incident-a' exists").contains("--overwrite");
            final Replay again = replay(run, "incident-a", shipment, span, "--overwrite");
            assertThat(again.exit()).as("exit code; stderr:%n%s", again.err()).isZero();
            assertThat(sorted(read(client, "coldchain.cases.incident-a.alerts")))
                    .as("the case replaced, not appended to").isEqualTo(sorted(caseAlerts));
            assertThat(committedEnd(client, TOPICS.alerts().name())).as("live alerts topic").isEqualTo(liveEnd);
        }
    }

    /** One run of the command; it must return by itself. */
    private record Replay(int exit, String out, String err, Duration took) {
    }

    private static Replay replay(final FleetRun run, final String caseName, final String shipment, final long[] span,
                                 final String... more) throws Exception {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = ColdchainCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            final long began = System.nanoTime();
            final List<String> args = new ArrayList<>(List.of("replay", "--case", caseName,
                    "--bootstrap-server", run.bootstrapServers(), "--shipment", shipment,
                    "--from", Instant.ofEpochMilli(span[0]).toString(), "--to", Instant.ofEpochMilli(span[1] + 1).toString()));
            args.addAll(List.of(more));
            final Future<Integer> exit = executor.submit(() -> cli.execute(args.toArray(String[]::new)));
            final int code = exit.get(REPLAY_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
            final Replay replay = new Replay(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - began));
            System.out.printf("replay %s took %s, exit %d%n%s%s", caseName, replay.took(), code, replay.err(), replay.out());
            return replay;
        } finally {
            executor.shutdownNow();
        }
    }

    private static String digestLine(final String out) {
        return out.lines().filter(line -> line.contains("sha256")).findFirst().orElseThrow()
                .replaceAll("coldchain\\.cases\\.[^.]+\\.", "");
    }

    /**
     * An incident shipment whose alerts rest on its own data, raised live, and whose data ended at least half an hour
     * of event time before the fleet's: its last buffered events were handed over on stream time, live.
     */
    private static String pick(final List<IncidentLabel> truth, final List<Rec> alerts, final Map<String, long[]> spans,
                               final long fleetEnd) {
        final Map<String, List<Alert>> byShipment = new TreeMap<>();
        for (final Rec rec : alerts) {
            byShipment.computeIfAbsent(rec.key(), k -> new ArrayList<>()).add(rec.alert());
        }
        return truth.stream()
                .filter(label -> OWN_DATA_INCIDENTS.contains(label.type()))
                .map(IncidentLabel::shipmentId)
                .filter(id -> byShipment.containsKey(id) && spans.containsKey(id))
                .filter(id -> byShipment.get(id).stream().noneMatch(a -> SERIAL_TYPES.contains(a.getType())))
                .filter(id -> fleetEnd - spans.get(id)[1] >= Duration.ofMinutes(30).toMillis())
                .sorted()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no incident shipment to replay among " + byShipment.keySet()));
    }

    /** A record as bytes, and its alert. */
    private record Rec(String key, byte[] value, long timestamp, Alert alert) {
        String canonical() {
            return key + "|" + timestamp + "|" + HexFormat.of().formatHex(value);
        }
    }

    private static List<String> sorted(final List<Rec> records) {
        return records.stream().map(Rec::canonical).sorted().toList();
    }

    private static List<Rec> read(final Map<String, Object> client, final String topic) {
        final List<Rec> records = new ArrayList<>();
        readAll(client, topic, record -> records.add(new Rec(new String(record.key(), StandardCharsets.UTF_8),
                record.value(), record.timestamp(), TOPICS.alerts().valueSerde().deserializer()
                .deserialize(topic, record.value()))));
        return records;
    }

    /** Per shipment, the earliest and latest event time (record timestamp) of its readings, fixes and scans. */
    private static Map<String, long[]> eventTimeSpans(final Map<String, Object> client) {
        final Map<String, long[]> spans = new HashMap<>();
        for (final String topic : List.of(TOPICS.temperatureReadings().name(), TOPICS.locationFixes().name(),
                TOPICS.custodyEvents().name())) {
            readAll(client, topic, record -> spans.merge(new String(record.key(), StandardCharsets.UTF_8),
                    new long[] {record.timestamp(), record.timestamp()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
        }
        return spans;
    }

    private static void readAll(final Map<String, Object> client, final String topic,
                                final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        final Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
                        each.accept(record);
                    }
                }
            }
        }
    }

    private static long committedEnd(final Map<String, Object> client, final String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .values().stream().mapToLong(i -> i.offset()).sum();
        }
    }
}
