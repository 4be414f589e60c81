package io.coldchain.bench;

import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.contract.validation.Validation;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicCreator;
import io.coldchain.topics.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The state footprint of a large fleet (issue 12): {@code benchmarks/state-footprint.sh} runs it in two modes.
 *
 * <p>{@code generate BOOTSTRAP SHIPMENTS SERIALS_PER_SHIPMENT [WAYPOINTS]}: creates the catalogue's topics (default
 * prefix and partitions) and publishes, with a fast producer (lz4, large batches), SHIPMENTS shipment plans that pass
 * {@link ShipmentPlanValidator}, each listing SERIALS_PER_SHIPMENT packs (SGTINs with a valid GTIN check digit) and a
 * planned route of WAYPOINTS points (default 50, as the simulator's routes; before 2026-12-04, 2: origin and
 * destination), then
 * for every shipment one pickup scan of all its packs at the origin, {@value #ROUNDS} temperature readings (5 °C, in
 * the 2–8 °C band) and {@value #ROUNDS} GPS fixes along its route, 10 minutes apart. Records go out in event-time
 * order (all plans, all scans, then round after round of readings and fixes), so nothing is late for the reorder
 * buffers. Event times are hours behind the wall clock and end {@value #ROUNDS} rounds after they start: the run is a
 * replay, so no silence limit (1 h of a shipment's own readings) is crossed and no alert is expected; planned arrival
 * is three days after departure.
 *
 * <p>{@code stores STATE_DIR SHIPMENTS SERIALS}: for a stopped application's state directory, the bytes on disk per
 * store (every task), and the live keys of each RocksDB database (read-only, every column family, tombstones not
 * counted; the column family of changelog offsets left out), per shipment and per serial.
 */
public final class StateFootprint {

    static final int ROUNDS = 5;
    private static final String GTIN = "00614141123452";
    private static final Party SHIPPER = Party.newBuilder().setGln("7601234000017").setName("Basel Pharma").build();
    private static final Party CARRIER = Party.newBuilder().setGln("4012345000009").setName("Rhine Reefer").build();
    private static final Party CONSIGNEE = Party.newBuilder().setGln("4098765000005").setName("Frankfurt Hospital").build();
    private static final Area ORIGIN = area("Basel DC", "7601234000024", 47.5596, 7.5886);
    private static final Area DESTINATION = area("Frankfurt Hospital", "4098765000012", 50.1109, 8.6821);
    private static final Duration ROUND = Duration.ofMinutes(10);

    private StateFootprint() {
    }

    public static void main(final String[] args) throws Exception {
        if ((args.length == 4 || args.length == 5) && args[0].equals("generate")) {
            generate(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length == 5 ? Integer.parseInt(args[4]) : 50);
        } else if (args.length == 4 && args[0].equals("stores")) {
            stores(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
        } else {
            System.err.println("usage: StateFootprint generate BOOTSTRAP SHIPMENTS SERIALS_PER_SHIPMENT [WAYPOINTS]"
                    + " | stores STATE_DIR SHIPMENTS SERIALS");
            System.exit(2);
        }
    }

    // ---- generate ----

    private static void generate(final String bootstrap, final int shipments, final int serialsPerShipment,
                                 final int waypoints) throws Exception {
        if (waypoints < 2) {
            throw new IllegalArgumentException("a route has at least 2 waypoints, got " + waypoints);
        }
        final Route route = route(waypoints);
        final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, TopicCatalogue.DEFAULT_PARTITIONS,
                AvroSerdes.local());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicCreator(admin, TopicCreator.BROKER_DEFAULT_REPLICATION, Duration.ofSeconds(60)).create(topics);
        }
        // Hours behind the wall clock: a replay, whose time moves only with its events.
        final long start = Instant.now().minus(Duration.ofHours(3)).toEpochMilli() / 60_000 * 60_000;
        final ShipmentPlanValidator validator =
                new ShipmentPlanValidator(EventTimeWindow.defaults(), TemperatureProfiles.builtIn());
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        final Sender sender = new Sender();
        final long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                org.apache.kafka.common.serialization.Serdes.String().serializer(),
                org.apache.kafka.common.serialization.Serdes.ByteArray().serializer())) {
            for (int s = 0; s < shipments; s++) {
                final ShipmentPlan plan = plan(s, serialsPerShipment, route, start);
                if (s == 0) {
                    final Validation validation = validator.check(plan.getShipmentId(), plan, System.currentTimeMillis());
                    if (!validation.valid()) {
                        throw new IllegalStateException("the generated plan is refused: " + validation);
                    }
                    plan.getSerials().forEach(Sgtin::parse);
                }
                sender.send(producer, topics.shipmentPlans(), plan.getShipmentId(), plan, plan.getIssuedAt());
            }
            for (int s = 0; s < shipments; s++) {
                final CustodyEvent pickup = pickup(s, serialsPerShipment, start);
                sender.send(producer, topics.custodyEvents(), pickup.getShipmentId(), pickup, pickup.getEventTime());
            }
            for (int r = 0; r < ROUNDS; r++) {
                final long time = start + r * ROUND.toMillis();
                for (int s = 0; s < shipments; s++) {
                    final TemperatureReading reading = reading(s, time);
                    sender.send(producer, topics.temperatureReadings(), reading.getShipmentId(), reading, time);
                    final LocationFix fix = fix(s, r, time + 30_000);
                    sender.send(producer, topics.locationFixes(), fix.getShipmentId(), fix, time + 30_000);
                }
            }
            producer.flush();
        }
        sender.check();
        final double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "published %,d records (%,d shipments, %,d serials; %,.1f MiB of Avro values)"
                        + " in %.1f s: %,.0f records/s, %,.1f MiB/s; event times from %s%n",
                sender.records.get(), shipments, (long) shipments * serialsPerShipment, sender.bytes.get() / 1048576.0,
                seconds, sender.records.get() / seconds, sender.bytes.get() / 1048576.0 / seconds,
                Instant.ofEpochMilli(start));
    }

    private static String shipmentId(final int s) {
        return String.format(Locale.ROOT, "FP-%07d", s);
    }

    private static String serial(final int s, final int pack) {
        return GTIN + '.' + String.format(Locale.ROOT, "%07d%04d", s, pack);
    }

    /**
     * A planned route of {@code waypoints} points from origin to destination, evenly spaced on the straight line the
     * fixes follow (a transport system's polyline has tens to hundreds of points; the simulator's about 50).
     */
    private static Route route(final int waypoints) {
        final GeoPoint a = ORIGIN.getCenter();
        final GeoPoint b = DESTINATION.getCenter();
        final List<GeoPoint> points = new ArrayList<>(waypoints);
        for (int i = 0; i < waypoints; i++) {
            final double f = i / (double) (waypoints - 1);
            points.add(GeoPoint.newBuilder().setLat(a.getLat() + f * (b.getLat() - a.getLat()))
                    .setLon(a.getLon() + f * (b.getLon() - a.getLon())).build());
        }
        return Route.newBuilder().setWaypoints(points).build();
    }

    private static ShipmentPlan plan(final int s, final int serialsPerShipment, final Route route, final long start) {
        final List<String> serials = new ArrayList<>(serialsPerShipment);
        for (int p = 0; p < serialsPerShipment; p++) {
            serials.add(serial(s, p));
        }
        return ShipmentPlan.newBuilder()
                .setShipmentId(shipmentId(s))
                .setProduct(Product.newBuilder().setGtin(GTIN).setName("Vaccine X").setLot("L" + (s % 97))
                        .setExpiryDate("2028-06-30").build())
                .setProfileName(TemperatureProfiles.REFRIGERATED)
                .setRoute(route)
                .setOrigin(ORIGIN)
                .setDestination(DESTINATION)
                .setPlannedDeparture(start - Duration.ofMinutes(30).toMillis())
                .setPlannedArrival(start + Duration.ofDays(3).toMillis())
                .setExpectedCustodians(List.of(SHIPPER, CARRIER, CONSIGNEE))
                .setSerials(serials)
                .setStatus(ShipmentStatus.IN_TRANSIT)
                .setIssuedAt(start - Duration.ofHours(1).toMillis())
                .build();
    }

    /** The carrier picks every pack up at the origin depot from the shipper, before the first reading. */
    private static CustodyEvent pickup(final int s, final int serialsPerShipment, final long start) {
        final List<String> packs = new ArrayList<>(serialsPerShipment);
        for (int p = 0; p < serialsPerShipment; p++) {
            packs.add(serial(s, p));
        }
        final long time = start - Duration.ofMinutes(20).toMillis();
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:fp-" + shipmentId(s) + "-pickup")
                .setEventTime(time)
                .setEventTimeZoneOffset("+01:00")
                .setRecordTime(time + 2_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(packs)
                .setReadPoint(ORIGIN.getGln())
                .setBizLocation(ORIGIN)
                .setCustodian(CARRIER)
                .setSourceParty(SHIPPER)
                .setDestinationParty(CARRIER)
                .setShipmentId(shipmentId(s))
                .setLot("L" + (s % 97))
                .setExpiryDate("2028-06-30")
                .build();
    }

    private static TemperatureReading reading(final int s, final long time) {
        return TemperatureReading.newBuilder().setDeviceId("LOG-" + shipmentId(s)).setShipmentId(shipmentId(s))
                .setEventTime(time).setTemperatureCelsius(5.0 + (s % 7) * 0.1).setBatteryPercent(90f).build();
    }

    /** Round {@code r}: r × 10 km of the way from origin to destination (on the straight leg, inside the corridor). */
    private static LocationFix fix(final int s, final int r, final long time) {
        final GeoPoint a = ORIGIN.getCenter();
        final GeoPoint b = DESTINATION.getCenter();
        final double f = r * 10.0 / 250.0;
        return LocationFix.newBuilder().setDeviceId("GPS-" + shipmentId(s)).setShipmentId(shipmentId(s))
                .setEventTime(time).setLat(a.getLat() + f * (b.getLat() - a.getLat()))
                .setLon(a.getLon() + f * (b.getLon() - a.getLon())).setAccuracyMeters(10.0).setSpeedKmh(60.0)
                .setBatteryPercent(90f).build();
    }

    private static Area area(final String name, final String gln, final double lat, final double lon) {
        return Area.newBuilder().setName(name).setGln(gln)
                .setCenter(GeoPoint.newBuilder().setLat(lat).setLon(lon).build()).setRadiusMeters(500).build();
    }

    /** Serializes with the topic's own serde and counts what went out; the first send failure stops the run. */
    private static final class Sender {
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        <V> void send(final KafkaProducer<String, byte[]> producer, final TopicSpec<String, V> topic, final String key,
                      final V value, final long timestamp) {
            check();
            final Serializer<V> serializer = topic.valueSerde().serializer();
            final byte[] bytes = serializer.serialize(topic.name(), value);
            producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, bytes), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            records.incrementAndGet();
            this.bytes.addAndGet(bytes.length);
        }

        void check() {
            if (failure.get() != null) {
                throw new IllegalStateException("send failed: " + failure.get(), failure.get());
            }
        }
    }

    // ---- stores ----

    private static void stores(final Path stateDir, final long shipments, final long serials)
            throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        final Map<String, long[]> byStore = new TreeMap<>(); // store -> {bytes on disk, keys, key+value bytes}
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byStore.computeIfAbsent(storeOf(stateDir, file), k -> new long[3])[0] += Files.size(file);
            }
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (final Path current : (Iterable<Path>) files.filter(f -> f.getFileName().toString().equals("CURRENT"))
                    ::iterator) {
                final long[] counts = count(current.getParent());
                final long[] store = byStore.computeIfAbsent(storeOf(stateDir, current), k -> new long[3]);
                store[1] += counts[0];
                store[2] += counts[1];
            }
        }
        System.out.printf(Locale.ROOT, "%-44s %12s %12s %14s %14s %12s%n", "store (all tasks)", "disk MiB", "live keys",
                "B/key (k+v)", "disk B/shipment", "disk B/serial");
        long total = 0;
        for (final Map.Entry<String, long[]> e : byStore.entrySet()) {
            final long[] v = e.getValue();
            total += v[0];
            System.out.printf(Locale.ROOT, "%-44s %,12.1f %,12d %,14.0f %,14.0f %,12.1f%n", e.getKey(), v[0] / 1048576.0,
                    v[1], v[1] == 0 ? 0.0 : (double) v[2] / v[1], (double) v[0] / shipments, (double) v[0] / serials);
        }
        System.out.printf(Locale.ROOT, "%-44s %,12.1f %12s %14s %,14.0f %,12.1f%n", "total", total / 1048576.0, "", "",
                (double) total / shipments, (double) total / serials);
        final long[] none = new long[3];
        System.out.printf(Locale.ROOT, "serial states: %,d for %,d serials; serials with inputs still waiting to settle:"
                        + " %,d (inputs in the overflow store: %,d); shipments with temperature state: %,d, with route"
                        + " state: %,d (of %,d)%n",
                byStore.getOrDefault("serial-state-store", none)[1], serials,
                byStore.getOrDefault("serial-pending-store", none)[1],
                byStore.getOrDefault("serial-reorder-buffer-store", none)[1],
                byStore.getOrDefault("temperature-state-store", none)[1],
                byStore.getOrDefault("route-state-store", none)[1], shipments);
    }

    /** The store a file belongs to: the directory after {@code rocksdb}, else the one after the task directory. */
    private static String storeOf(final Path stateDir, final Path file) {
        final Path relative = stateDir.relativize(file);
        for (int i = 0; i + 1 < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().equals("rocksdb") && i + 2 < relative.getNameCount()) {
                return relative.getName(i + 1).toString();
            }
        }
        // <application id>/<task>/<store>/... (versioned and segmented stores), or a file of the task itself
        for (int i = 0; i + 1 < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().matches("\\d+_\\d+") && i + 2 < relative.getNameCount()) {
                return relative.getName(i + 1).toString();
            }
        }
        return "(other files)";
    }

    /** Live keys and their key + value bytes over every column family of one RocksDB database, read-only. */
    private static long[] count(final Path db) throws RocksDBException {
        final long[] counts = new long[2];
        final List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, db.toString());
        }
        final List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
        final List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (RocksDB rocks = RocksDB.openReadOnly(db.toString(), descriptors, handles)) {
            for (final ColumnFamilyHandle handle : handles) {
                // Kafka Streams keeps the changelog offsets of the store in a column family of its own: not state.
                if (new String(handle.getName(), StandardCharsets.UTF_8).equals("offsets")) {
                    handle.close();
                    continue;
                }
                try (RocksIterator it = rocks.newIterator(handle)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        counts[0]++;
                        counts[1] += it.key().length + it.value().length;
                    }
                }
                handle.close();
            }
        }
        return counts;
    }
}
