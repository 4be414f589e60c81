package io.coldchain.bench;

import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.topology.AlertsTopology;
import io.coldchain.streams.topology.CustodyTopology;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Loads millions of distinct pack serials into the serial-integrity state and reports what it costs:
 * custody events per second, heap used after GC and the RocksDB bytes on disk, with a baseline measured in
 * the same run (the same plans and custody events through the same sources into a no-op processor).
 *
 * <p>Both runs use the real sub-builders ({@link ShipmentPlansTopology}, {@link CustodyTopology},
 * {@link SerialTopology}, {@link AlertsTopology}) on a {@link TopologyTestDriver} with persistent RocksDB
 * stores in a temporary state directory; no broker. Each shipment plan lists {@code serialsPerPlan} serials
 * (declared through the SGTIN repartition); its packs are then shipped in custody events of
 * {@code packsPerEvent} packs (one sighting of every serial). At the end, a few cloned packs are scanned at
 * Tokyo at the same time as their Basel scan: the run checks they are all caught.
 *
 * <p>The serial checks apply a serial's inputs once none has arrived for {@link SerialTopology#SETTLE} of wall
 * clock: at every drain of the captured output the run advances the driver's wall clock past it, so the inputs piped
 * since are applied then (as a live application would 10 s later), and at the end past
 * {@link SerialTopology#QUIET_BEFORE_JUDGING}, so the clones' sightings (in shipments without a plan) are judged.
 * Without it every input would stay in the reorder buffer and the rates would not include the checks at all.
 *
 * <p>Caveats: the driver commits (flushes the stores) after every record and keeps no broker, changelog
 * or repartition I/O, so the rates are those of the processing and the stores, not of a deployed
 * application under exactly-once; the ratio to the baseline is the meaningful figure. For the rate of the serial
 * checks as deployed (a broker, exactly-once), see {@link SerialReplayBenchmark}. The changelog
 * records the driver captures are drained as the run goes, so they do not count as heap.
 *
 * <pre>
 * ./mvnw -B -q -o -DskipTests -pl benchmarks -am package
 * java -Xmx2g -cp benchmarks/target/coldchain-benchmarks.jar io.coldchain.bench.SerialStateBenchmark \
 *     [serials=5000000] [packsPerEvent=10] [serialsPerPlan=1000]
 * </pre>
 */
public final class SerialStateBenchmark {

    private static final Instant T0 = Instant.parse("2026-11-02T06:00:00Z");
    private static final int CLONES = 5;
    /** Serials (declarations or sightings) between two drains of the driver's captured output. */
    private static final int DRAIN_EVERY_SERIALS = 20_000;

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());
    private final int serials;
    private final int packsPerEvent;
    private final int serialsPerPlan;
    private final SerialFleet fleet;

    private SerialStateBenchmark(final int serials, final int packsPerEvent, final int serialsPerPlan) {
        this.serials = serials;
        this.packsPerEvent = packsPerEvent;
        this.serialsPerPlan = serialsPerPlan;
        this.fleet = new SerialFleet(T0, serials, serialsPerPlan);
    }

    public static void main(final String[] args) throws IOException {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : args) {
            final String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        new SerialStateBenchmark(Integer.parseInt(options.getOrDefault("serials", "5000000")),
                Integer.parseInt(options.getOrDefault("packsPerEvent", "10")),
                Integer.parseInt(options.getOrDefault("serialsPerPlan", "1000"))).run();
    }

    private void run() throws IOException {
        System.out.printf(Locale.ROOT, "serials=%,d packsPerEvent=%d serialsPerPlan=%d, %d CPUs, max heap %,d MiB%n",
                serials, packsPerEvent, serialsPerPlan, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        final Result baseline = measure("baseline (no-op processor)", false);
        final Result serial = measure("serial-integrity topology", true);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %14s %14s %14s %12s %14s%n", "", "plans/s", "declared/s",
                "events/s", "heap MiB", "disk MiB");
        for (final Result r : List.of(baseline, serial)) {
            System.out.printf(Locale.ROOT, "%-28s %,14.0f %,14.0f %,14.0f %,12.1f %,14.1f%n", r.name,
                    r.plansPerSecond, r.plansPerSecond * serialsPerPlan, r.eventsPerSecond, r.heapBytes / 1048576.0,
                    r.diskBytes / 1048576.0);
        }
        System.out.printf(Locale.ROOT, "ratio baseline/serial: plans %.1f×, custody events %.1f×; "
                        + "serial state %.0f bytes on disk per serial (all stores)%n",
                baseline.plansPerSecond / serial.plansPerSecond, baseline.eventsPerSecond / serial.eventsPerSecond,
                (double) serial.diskBytes / serials);
        serial.storeBytes.forEach((store, bytes) -> System.out.printf(Locale.ROOT, "  %-36s %,12.1f MiB%n", store,
                bytes / 1048576.0));
        System.out.printf(Locale.ROOT, "clones caught: %d of %d (alerts other than DUPLICATE_SERIAL: %d)%n",
                serial.clonesCaught, CLONES, serial.otherAlerts);
    }

    private Result measure(final String name, final boolean withSerialTopology) throws IOException {
        final Path stateDir = Files.createTempDirectory("coldchain-serial-bench-");
        final Properties props = config(stateDir);
        final Result result = new Result(name);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(props, withSerialTopology), props, T0)) {
            final TestInputTopic<String, ShipmentPlan> plans = driver.createInputTopic(topics.shipmentPlans().name(),
                    Serdes.String().serializer(), topics.shipmentPlans().valueSerde().serializer());
            final TestInputTopic<String, CustodyEvent> custody = driver.createInputTopic(topics.custodyEvents().name(),
                    Serdes.String().serializer(), topics.custodyEvents().valueSerde().serializer());
            final Drain drain = new Drain(driver, topics);
            final int planCount = fleet.plans();

            long start = System.nanoTime();
            for (int p = 0; p < planCount; p++) {
                plans.pipeInput("SHP-" + p, fleet.plan(p), fleet.plansPublishedAt());
                drain.after(serialsPerPlan);
            }
            result.plansPerSecond = planCount / seconds(start);
            System.out.printf(Locale.ROOT, "%s: %,d plans declaring %,d serials in %.1f s%n", name, planCount, serials,
                    seconds(start));

            start = System.nanoTime();
            int events = 0;
            for (int first = 0; first < serials; first += packsPerEvent) {
                final CustodyEvent event = fleet.shipping(first, Math.min(packsPerEvent, serials - first), SerialFleet.BASEL);
                custody.pipeInput(event.getShipmentId(), event);
                events++;
                drain.after(event.getEpcList().size());
                if (events % (serials / packsPerEvent / 10) == 0) {
                    System.out.printf(Locale.ROOT, "  %,d custody events, %,.0f/s%n", events, events / seconds(start));
                }
            }
            result.eventsPerSecond = events / seconds(start);
            System.out.printf(Locale.ROOT, "%s: %,d custody events (%,d sightings) in %.1f s%n", name, events, serials,
                    seconds(start));

            for (int c = 0; c < CLONES; c++) {
                final CustodyEvent clone = fleet.clone(c, CLONES);
                custody.pipeInput(clone.getShipmentId(), clone);
            }
            final List<Alert> alerts = drain.all();
            result.clonesCaught = (int) alerts.stream().filter(a -> a.getType() == AlertType.DUPLICATE_SERIAL
                    && a.getShipmentId().startsWith(SerialFleet.CLONE_SHIPMENT_PREFIX)).count();
            result.otherAlerts = (int) alerts.stream().filter(a -> a.getType() != AlertType.DUPLICATE_SERIAL).count();
            result.heapBytes = heapAfterGc();
            result.storeBytes = storeBytes(stateDir);
            result.diskBytes = result.storeBytes.values().stream().mapToLong(Long::longValue).sum();
        } finally {
            deleteRecursively(stateDir);
        }
        return result;
    }

    private Topology topology(final Properties props, final boolean withSerialTopology) {
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        // The driver's wall clock stands at T0 while the benchmark pipes days of events: no future bound.
        final EventTimeWindow window = EventTimeWindow.defaults().withMaxAhead(Duration.ofDays(36_500));
        final var plans = ShipmentPlansTopology.addTo(builder, topics,
                new ShipmentPlanValidator(window, TemperatureProfiles.builtIn())).table();
        final var custody = CustodyTopology.addTo(builder, topics, window);
        if (withSerialTopology) {
            final var alerts = SerialTopology.addTo(builder, topics, plans, custody, SerialSettings.defaults());
            AlertsTopology.addTo(topics, List.of(new AlertsTopology.NamedAlerts("custody-chain", alerts.chainAlerts())));
            AlertsTopology.addSeparately(topics, "serial", alerts.serialAlerts());
        } else {
            plans.toStream(Named.as("stream-plans-to-nothing"))
                    .process(NoOp::new, Named.as("ignore-plans"));
            custody.process(NoOp::new, Named.as("ignore-custody-events"));
        }
        return builder.build(props);
    }

    private static Properties config(final Path stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coldchain-serial-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        return props;
    }

    private static double seconds(final long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes on disk per store directory (RocksDB files of every task of the store). */
    private static Map<String, Long> storeBytes(final Path stateDir) throws IOException {
        final Map<String, Long> bytes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                final Path relative = stateDir.relativize(file);
                final int rocksdb = indexOf(relative, "rocksdb");
                final String store = rocksdb >= 0 && rocksdb + 1 < relative.getNameCount()
                        ? relative.getName(rocksdb + 1).toString() : "(other files)";
                bytes.merge(store, size(file), Long::sum);
            });
        }
        return bytes;
    }

    private static int indexOf(final Path path, final String name) {
        for (int i = 0; i < path.getNameCount(); i++) {
            if (path.getName(i).toString().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static long size(final Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // RocksDB may delete a file while we walk
        }
    }

    private static void deleteRecursively(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * The driver keeps every record written to every topic (alerts, changelogs) until read: read them as
     * the run goes, keeping only the alerts.
     */
    private static final class Drain {
        private final TopologyTestDriver driver;
        private final TopicCatalogue topics;
        private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
        private final List<Alert> alerts = new ArrayList<>();

        Drain(final TopologyTestDriver driver, final TopicCatalogue topics) {
            this.driver = driver;
            this.topics = topics;
        }

        private int sinceLastDrain;

        /** Called after {@code serials} more serials went in: drains once enough have. */
        void after(final int serials) {
            sinceLastDrain += serials;
            if (sinceLastDrain >= DRAIN_EVERY_SERIALS) {
                driver.advanceWallClockTime(SerialTopology.SETTLE.plus(SerialTopology.SETTLE_CHECK_INTERVAL));
                drain();
                sinceLastDrain = 0;
            }
        }

        /** Lets everything piped settle and the quiet judgement run, then returns every alert of the run. */
        List<Alert> all() {
            final Duration quiet = SerialTopology.QUIET_BEFORE_JUDGING.plus(SerialTopology.SETTLE_CHECK_INTERVAL);
            driver.advanceWallClockTime(quiet);
            driver.advanceWallClockTime(quiet);
            drain();
            return alerts;
        }

        private void drain() {
            for (final String topic : driver.producedTopicNames()) {
                final TestOutputTopic<byte[], byte[]> output = outputs.computeIfAbsent(topic, name ->
                        driver.createOutputTopic(name, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
                while (!output.isEmpty()) {
                    final byte[] value = output.readValue();
                    if (topic.equals(topics.alerts().name())) {
                        alerts.add(topics.alerts().valueSerde().deserializer().deserialize(topic, value));
                    }
                }
            }
        }
    }

    private static final class NoOp<K, V> implements Processor<K, V, Void, Void> {
        @Override
        public void process(final Record<K, V> record) {
            // the baseline: sources, deserialization and the driver's own work, nothing else
        }
    }

    private static final class Result {
        private final String name;
        private double plansPerSecond;
        private double eventsPerSecond;
        private long heapBytes;
        private long diskBytes;
        private Map<String, Long> storeBytes = Map.of();
        private int clonesCaught;
        private int otherAlerts;

        Result(final String name) {
            this.name = name;
        }
    }
}
