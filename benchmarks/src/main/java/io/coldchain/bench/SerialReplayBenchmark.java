package io.coldchain.bench;

import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.streams.EndOfInput;
import io.coldchain.streams.topology.AlertsTopology;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.CustodyTopology;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The serial checks on a real broker, exactly-once: plans listing {@code serials} packs and the custody events that
 * ship them ({@code packsPerEvent} packs each, {@link SerialFleet}) are published first, then an application replays
 * them, timed from its first commit to zero lag on its input and repartition topics, and on to the moment every
 * serial input it buffered has been applied ({@link EndOfInput}: what a replay hands over at the end instead of
 * waiting {@link SerialTopology#SETTLE} of wall clock).
 *
 * <p>Applications ({@code apps=}, each under its own application id over the same topics, one stream thread, the
 * settings of {@code coldchain streams}: exactly-once v2, its default commit interval, 3 partitions):
 * <ul>
 *   <li>{@code noop}: the plan and custody sources into processors that do nothing (the baseline: consuming, decoding
 *       and committing the input);</li>
 *   <li>{@code packs}: the platform's ceiling for per-pack state: each custody event's packs re-keyed by SGTIN through
 *       a repartition topic and counted in a RocksDB store with a changelog ({@code groupByKey().count()}, Kafka's
 *       record cache at its default): one repartition record and one keyed store update a pack, the least any check
 *       that keeps state per serial does;</li>
 *   <li>{@code serial}: plans, custody and the serial sub-builder ({@link SerialTopology}: serial fraud and custody
 *       chains) with the alerts sink;</li>
 *   <li>{@code full}: the whole application ({@link ColdchainTopology}).</li>
 * </ul>
 * The raw producer's rate publishing the same custody events (acks=all) is the other baseline of the same run. The
 * stream thread's CPU time per custody event is reported too: on a shared machine it moves less than the rates.
 * Every run must catch the {@value #CLONES} clones ({@code DUPLICATE_SERIAL}).
 *
 * <pre>
 * ./mvnw -B -o -q -DskipTests -pl benchmarks -am package
 * java -Xmx2g -cp benchmarks/target/coldchain-benchmarks.jar io.coldchain.bench.SerialReplayBenchmark \
 *     [serials=1000000] [packsPerEvent=10] [serialsPerPlan=1000] [apps=noop,serial,full]   (also packs)
 * </pre>
 */
public final class SerialReplayBenchmark {

    private static final int CLONES = 5;
    private static final Duration LOOK_INTERVAL = Duration.ofMillis(100);
    /** Consecutive looks that must see the same offsets, everything consumed, before the input counts as consumed. */
    private static final int STILL_LOOKS = 3;
    /** A bound against a run that hangs, not an estimate. */
    private static final Duration GIVE_UP = Duration.ofMinutes(30);

    private final int serials;
    private final int packsPerEvent;
    private final SerialFleet fleet;
    private final List<String> apps;

    private SerialReplayBenchmark(final int serials, final int packsPerEvent, final int serialsPerPlan,
                                  final List<String> apps) {
        this.serials = serials;
        this.packsPerEvent = packsPerEvent;
        // Event times a day back: inside every event-time window of the application, whatever the date.
        this.fleet = new SerialFleet(Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), serials,
                serialsPerPlan);
        this.apps = apps;
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : args) {
            final String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        new SerialReplayBenchmark(Integer.parseInt(options.getOrDefault("serials", "1000000")),
                Integer.parseInt(options.getOrDefault("packsPerEvent", "10")),
                Integer.parseInt(options.getOrDefault("serialsPerPlan", "1000")),
                List.of(options.getOrDefault("apps", "noop,serial,full").split(","))).run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "serials=%,d packsPerEvent=%d plans=%,d apps=%s, %d CPUs, max heap %,d MiB, load %s%n",
                serials, packsPerEvent, fleet.plans(), apps, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, load());
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
             Admin admin = kafka.createAdmin()) {
            final StreamsSettings base = settings(kafka, "unused", Path.of("unused"));
            final TopicCatalogue topics = base.catalogue(AvroSerdes.local());
            kafka.createTopics(topics);
            final double rawEventsPerSecond = publish(kafka, topics);
            final List<Result> results = new ArrayList<>();
            for (final String app : apps) {
                results.add(replay(kafka, admin, topics, app));
            }
            final int events = custodyEvents() + CLONES;
            System.out.println();
            System.out.printf(Locale.ROOT, "%-8s %12s %12s %10s %12s %10s %12s %14s %8s%n", "app", "to zero lag",
                    "events/s", "× raw", "to applied", "events/s", "thread CPU", "µs CPU/event", "clones");
            for (final Result r : results) {
                System.out.printf(Locale.ROOT, "%-8s %11.1fs %,12.0f %10.3f %11.1fs %,10.0f %11.1fs %14.1f %5d/%d%n",
                        r.app, r.toZeroLag, events / r.toZeroLag, events / r.toZeroLag / rawEventsPerSecond, r.toApplied,
                        events / r.toApplied, r.threadCpuSeconds, r.threadCpuSeconds * 1e6 / events, r.clonesCaught,
                        CLONES);
            }
            System.out.printf(Locale.ROOT, "raw producer (acks=all): %,.0f custody events/s; load at the end %s%n",
                    rawEventsPerSecond, load());
            for (final Result r : results) {
                System.out.printf(Locale.ROOT, "%s alerts by type: %s%n", r.app, r.alertsByType);
            }
        }
    }

    private int custodyEvents() {
        return (serials + packsPerEvent - 1) / packsPerEvent;
    }

    /** Publishes the plans, then the custody events (timed: the raw producer's rate), then the clones. */
    private double publish(final LocalKafka kafka, final TopicCatalogue topics) {
        final Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ShipmentPlan> plans = new KafkaProducer<>(config, Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
             KafkaProducer<String, CustodyEvent> custody = new KafkaProducer<>(config, Serdes.String().serializer(),
                     topics.custodyEvents().valueSerde().serializer())) {
            long start = System.nanoTime();
            for (int p = 0; p < fleet.plans(); p++) {
                final ShipmentPlan plan = fleet.plan(p);
                plans.send(new ProducerRecord<>(topics.shipmentPlans().name(), null,
                        fleet.plansPublishedAt().toEpochMilli(), plan.getShipmentId(), plan));
            }
            plans.flush();
            System.out.printf(Locale.ROOT, "published %,d plans (%,d serials) in %.1f s%n", fleet.plans(), serials,
                    seconds(start));
            start = System.nanoTime();
            for (int first = 0; first < serials; first += packsPerEvent) {
                final CustodyEvent event = fleet.shipping(first, Math.min(packsPerEvent, serials - first),
                        SerialFleet.BASEL);
                custody.send(new ProducerRecord<>(topics.custodyEvents().name(), null, event.getEventTime(),
                        event.getShipmentId(), event));
            }
            custody.flush();
            final double elapsed = seconds(start);
            for (int c = 0; c < CLONES; c++) {
                final CustodyEvent clone = fleet.clone(c, CLONES);
                custody.send(new ProducerRecord<>(topics.custodyEvents().name(), null, clone.getEventTime(),
                        clone.getShipmentId(), clone));
            }
            custody.flush();
            System.out.printf(Locale.ROOT, "published %,d custody events (%d packs each) in %.1f s: %,.0f/s, "
                    + "then %d clones%n", custodyEvents(), packsPerEvent, elapsed, custodyEvents() / elapsed, CLONES);
            return custodyEvents() / elapsed;
        }
    }

    private Result replay(final LocalKafka kafka, final Admin admin, final TopicCatalogue topics, final String app)
            throws Exception {
        final String applicationId = "serial-replay-" + app;
        final Path stateDir = Files.createTempDirectory("coldchain-serial-replay-");
        final Properties props = settings(kafka, applicationId, stateDir).toProperties();
        final EndOfInput endOfInput = EndOfInput.create();
        props.put(EndOfInput.CONFIG, endOfInput);
        final Set<TopicPartition> inputs = partitions(admin, Set.of(topics.shipmentPlans().name(),
                topics.custodyEvents().name()));
        final Map<TopicPartition, Long> alertsBefore = ends(admin, partitions(admin, Set.of(topics.alerts().name())));
        System.out.printf(Locale.ROOT, "%s: application %s, load %s%n", app, applicationId, load());
        final Result result = new Result(app);
        try (KafkaStreams streams = new KafkaStreams(topology(app, props, topics), props)) {
            final long launched = System.nanoTime();
            streams.start();
            long first = 0;
            double cpuAtFirst = 0;
            Map<TopicPartition, Long> previous = null;
            int still = 0;
            long consumedAt = 0;
            while (still < STILL_LOOKS) {
                Thread.sleep(LOOK_INTERVAL.toMillis());
                check(streams, launched);
                final Map<TopicPartition, Long> committed = committed(admin, applicationId);
                if (first == 0 && inputs.stream().anyMatch(tp -> committed.getOrDefault(tp, 0L) > 0)) {
                    first = System.nanoTime();
                    cpuAtFirst = streamThreadCpuSeconds(applicationId);
                }
                final Set<TopicPartition> repartitions = partitions(admin, admin.listTopics().names().get().stream()
                        .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
                        .collect(Collectors.toSet()));
                final Map<TopicPartition, Long> ends = ends(admin, union(inputs, repartitions));
                final boolean consumed = first != 0 && ends.entrySet().stream().allMatch(end -> {
                    final long at = committed.getOrDefault(end.getKey(), 0L);
                    // Transactional topics end with a commit marker after their last record.
                    return inputs.contains(end.getKey()) ? at == end.getValue() : at >= end.getValue() - 1;
                }) && (app.equals("noop") || !repartitions.isEmpty());
                final Map<TopicPartition, Long> look = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
                look.putAll(ends);
                committed.forEach((tp, offset) -> look.merge(new TopicPartition("committed " + tp.topic(),
                        tp.partition()), offset, Long::sum));
                if (consumed && look.equals(previous)) {
                    still++;
                } else if (consumed) {
                    still = 1;
                    consumedAt = System.nanoTime();
                } else {
                    still = 0;
                }
                previous = look;
            }
            result.toZeroLag = (consumedAt - first) / 1e9;
            endOfInput.signal();
            while (!endOfInput.allFlushed()) {
                Thread.sleep(10);
                check(streams, launched);
            }
            final long applied = System.nanoTime();
            result.toApplied = (applied - first) / 1e9;
            result.threadCpuSeconds = streamThreadCpuSeconds(applicationId) - cpuAtFirst;
            System.out.printf(Locale.ROOT, "  first commit %.1f s after start; input and repartitions consumed %.1f s "
                            + "later; everything applied %.1f s after the first commit%n", (first - launched) / 1e9,
                    result.toZeroLag, result.toApplied);
            streams.close(Duration.ofSeconds(60)); // commits what the hand-over wrote
        } finally {
            deleteRecursively(stateDir);
        }
        printInternalTopics(admin, applicationId);
        final Map<TopicPartition, Long> alertsAfter = ends(admin, alertsBefore.keySet());
        final List<Alert> raised = read(kafka, topics, alertsBefore, alertsAfter);
        System.out.printf(Locale.ROOT, "  alerts topic offsets before %s, after %s: %,d alerts read%n",
                new TreeMap<>(alertsBefore.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                        Map.Entry::getValue))), new TreeMap<>(alertsAfter.entrySet().stream().collect(Collectors.toMap(
                        e -> e.getKey().partition(), Map.Entry::getValue))), raised.size());
        result.alertsByType = raised.stream().collect(Collectors.groupingBy(Alert::getType, TreeMap::new,
                Collectors.counting()));
        result.clonesCaught = (int) raised.stream().filter(a -> a.getType() == AlertType.DUPLICATE_SERIAL
                && a.getShipmentId().startsWith(SerialFleet.CLONE_SHIPMENT_PREFIX)).count();
        return result;
    }

    /**
     * What the application wrote to its changelog and repartition topics (all new with its application id), per custody
     * event: the end offsets, which count each transaction's commit marker on each partition it wrote as well.
     */
    private void printInternalTopics(final Admin admin, final String applicationId) throws Exception {
        final Set<String> internal = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(applicationId + "-"))
                .filter(t -> t.endsWith("-changelog") || t.endsWith("-repartition"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (internal.isEmpty()) {
            return;
        }
        final Map<String, Long> byTopic = new TreeMap<>();
        ends(admin, partitions(admin, internal)).forEach((tp, end) -> byTopic.merge(tp.topic(), end, Long::sum));
        final double events = custodyEvents() + CLONES;
        final long total = byTopic.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "  internal topics' end offsets (records and commit markers): %,d, %.1f per custody "
                + "event, %.2f per serial%n", total, total / events, total / (double) serials);
        byTopic.forEach((topic, end) -> System.out.printf(Locale.ROOT, "    %-60s %,12d %8.2f per event%n",
                topic.substring(applicationId.length() + 1), end, end / events));
    }

    private Topology topology(final String app, final Properties props, final TopicCatalogue topics) {
        final DetectionSettings detection = DetectionSettings.defaults();
        if (app.equals("full")) {
            return ColdchainTopology.build(props, topics, detection);
        }
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        final var plans = ShipmentPlansTopology.addTo(builder, topics,
                new ShipmentPlanValidator(detection.eventTimes(), detection.profiles()));
        final var custody = CustodyTopology.addTo(builder, topics, detection.eventTimes());
        switch (app) {
            case "serial" -> {
                final var alerts = SerialTopology.addTo(builder, topics, plans.table(), custody, detection.serial());
                AlertsTopology.addTo(topics, List.of(new AlertsTopology.NamedAlerts("custody-chain", alerts.chainAlerts())));
                AlertsTopology.addSeparately(topics, "serial", alerts.serialAlerts());
            }
            case "packs" -> custody
                    .flatMap((shipment, event) -> event.getEpcList().stream()
                            .map(epc -> KeyValue.pair(epc.toString(), shipment)).toList(), Named.as("packs-by-sgtin"))
                    .repartition(Repartitioned.<String, String>as("packs-by-sgtin").withKeySerde(Serdes.String())
                            .withValueSerde(Serdes.String()))
                    .groupByKey(Grouped.<String, String>as("packs-grouped").withKeySerde(Serdes.String())
                            .withValueSerde(Serdes.String()))
                    .count(Named.as("count-sightings"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(
                            "pack-sightings-store").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
            case "noop" -> {
                plans.table().toStream(Named.as("stream-plans-to-nothing"))
                        .process(NoOp::new, Named.as("ignore-plans"));
                custody.process(NoOp::new, Named.as("ignore-custody-events"));
            }
            default -> throw new IllegalArgumentException("apps: noop, packs, serial or full, not " + app);
        }
        return builder.build(props);
    }

    private static StreamsSettings settings(final LocalKafka kafka, final String applicationId, final Path stateDir) {
        return StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers()).applicationId(applicationId)
                .stateDir(stateDir).httpPort(-1).build();
    }

    private static void check(final KafkaStreams streams, final long launched) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the application stopped: " + streams.state());
        }
        if (System.nanoTime() - launched > GIVE_UP.toNanos()) {
            throw new IllegalStateException("not done after " + GIVE_UP);
        }
    }

    /** CPU time of the application's stream threads (named after its client id, the application id). */
    private static double streamThreadCpuSeconds(final String applicationId) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(applicationId + "-StreamThread-")) {
                nanos += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return nanos / 1e9;
    }

    private static Map<TopicPartition, Long> committed(final Admin admin, final String group) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

    private static Set<TopicPartition> partitions(final Admin admin, final Set<String> topicNames) throws Exception {
        if (topicNames.isEmpty()) {
            return Set.of();
        }
        final Set<TopicPartition> partitions = new HashSet<>();
        admin.describeTopics(topicNames).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
    }

    private static Map<TopicPartition, Long> ends(final Admin admin, final Set<TopicPartition> partitions)
            throws Exception {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        final Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The committed alerts written between {@code from} and {@code to}. */
    private static List<Alert> read(final LocalKafka kafka, final TopicCatalogue topics,
                                    final Map<TopicPartition, Long> from, final Map<TopicPartition, Long> to) {
        final Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            final long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))
                    && System.nanoTime() < giveUp) {
                for (final ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(500))) {
                    alerts.add(record.value());
                }
            }
        }
        return alerts;
    }

    private static <T> Set<T> union(final Set<T> a, final Set<T> b) {
        final Set<T> both = new HashSet<>(a);
        both.addAll(b);
        return both;
    }

    private static String load() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double seconds(final long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteRecursively(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static final class NoOp<K, V> implements Processor<K, V, Void, Void> {
        @Override
        public void process(final Record<K, V> record) {
            // the baseline: sources, deserialization, commits, nothing else
        }
    }

    private static final class Result {
        private final String app;
        private double toZeroLag;
        private double toApplied;
        private double threadCpuSeconds;
        private int clonesCaught;
        private Map<AlertType, Long> alertsByType = Map.of();

        Result(final String app) {
            this.app = app;
        }
    }
}
