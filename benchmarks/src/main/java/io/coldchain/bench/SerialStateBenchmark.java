package io.coldchain.bench;

import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.ColdchainTopology;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.streams.SerialTopology;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Loads millions of distinct serials into the serial state (RocksDB, through the real topology on a
 * TopologyTestDriver) and reports heap and disk used and custody events per second. Baseline in the
 * same run: the same custody events through the same driver for shipments without plans or serials
 * in state, where only the route and chain checks skip them (what the pipeline pays without the
 * serial lookups).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * java -Xmx2g -cp benchmarks/target/coldchain-benchmarks.jar io.coldchain.bench.SerialStateBenchmark 5000000
 * </pre>
 */
public final class SerialStateBenchmark {

    private static final String GTIN = "00614141123452";
    private static final int SERIALS_PER_SHIPMENT = 50;
    private static final Party SHIPPER = party("7601234000017", "Shipper");
    private static final Party CARRIER = party("4012345000009", "Carrier");

    private SerialStateBenchmark() {
    }

    public static void main(final String[] args) throws IOException {
        final int serials = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        final int shipments = serials / SERIALS_PER_SHIPMENT;
        final Path stateDir = Files.createTempDirectory("coldchain-serial-bench");
        final TopicCatalogue topics = new TopicCatalogue("coldchain.", 1, AvroSerdes.local());
        final Properties props = new StreamsSettings("unused:9092", "serial-bench", stateDir, "coldchain.", 1, null,
                100, -1, Map.of()).toProperties();
        props.remove("processing.guarantee");
        final Instant t0 = Instant.parse("2026-11-02T06:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ColdchainTopology.build(props, topics, DetectionSettings.defaults()), props, t0)) {
            final TestInputTopic<String, ShipmentPlan> plans = driver.createInputTopic(topics.shipmentPlans().name(),
                    Serdes.String().serializer(), topics.shipmentPlans().valueSerde().serializer());
            final TestInputTopic<String, CustodyEvent> custody = driver.createInputTopic(topics.custodyEvents().name(),
                    Serdes.String().serializer(), topics.custodyEvents().valueSerde().serializer());

            final long loadStart = System.nanoTime();
            for (int s = 0; s < shipments; s++) {
                plans.pipeInput(id(s), plan(s, t0), t0);
                if ((s + 1) % 10_000 == 0) {
                    System.err.printf(Locale.ROOT, "loaded %,d serials%n", (long) (s + 1) * SERIALS_PER_SHIPMENT);
                }
            }
            final double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            final int events = Math.min(shipments, 20_000);
            final double baseline = rate(custody, events, t0, true);
            final double measured = rate(custody, events, t0, false);

            System.gc();
            final Runtime rt = Runtime.getRuntime();
            final long heap = rt.totalMemory() - rt.freeMemory();
            final long disk = size(stateDir);
            final long keys = driver.getKeyValueStore(SerialTopology.STATE_STORE).approximateNumEntries();
            System.out.printf(Locale.ROOT, "serials loaded:            %,d (%,d plans of %d) in %.1f s = %,.0f serials/s%n",
                    (long) shipments * SERIALS_PER_SHIPMENT, shipments, SERIALS_PER_SHIPMENT, loadSeconds,
                    shipments * SERIALS_PER_SHIPMENT / loadSeconds);
            System.out.printf(Locale.ROOT, "serial-state entries:      ~%,d (RocksDB estimate)%n", keys);
            System.out.printf(Locale.ROOT, "heap used after GC:        %,d MB (max %,d MB)%n", heap >> 20, rt.maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "state dir on disk:         %,d MB (%.0f bytes per serial)%n", disk >> 20,
                    (double) disk / ((long) shipments * SERIALS_PER_SHIPMENT));
            System.out.printf(Locale.ROOT, "custody events/s (%d packs each) against the loaded state: %,.0f%n",
                    SERIALS_PER_SHIPMENT, measured);
            System.out.printf(Locale.ROOT, "baseline, same events for shipments unknown to the state:  %,.0f (ratio %.2f)%n",
                    baseline, measured / baseline);
        } finally {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double rate(final TestInputTopic<String, CustodyEvent> custody, final int events, final Instant t0,
                               final boolean unknownShipments) {
        final long start = System.nanoTime();
        for (int s = 0; s < events; s++) {
            final String shipment = unknownShipments ? "NOPLAN-" + s : id(s);
            final List<String> packs = new ArrayList<>(SERIALS_PER_SHIPMENT);
            for (int p = 0; p < SERIALS_PER_SHIPMENT; p++) {
                packs.add(unknownShipments ? GTIN + ".U" + s + "X" + p : serial(s, p));
            }
            final long time = t0.plusSeconds(600 + s).toEpochMilli();
            custody.pipeInput(shipment, CustodyEvent.newBuilder().setEventId("ev-" + shipment).setEventTime(time)
                    .setRecordTime(time).setAction(EpcisAction.OBSERVE).setBizStep("shipping").setDisposition("in_transit")
                    .setEpcList(packs).setCustodian(CARRIER).setSourceParty(SHIPPER).setDestinationParty(CARRIER)
                    .setShipmentId(shipment).setLot("L1").setExpiryDate("2027-06-30")
                    .setBizLocation(area(47.5596, 7.5886)).build());
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static String id(final int s) {
        return String.format(Locale.ROOT, "SHP-%08d", s);
    }

    private static String serial(final int s, final int p) {
        return GTIN + "." + Integer.toString(s, 36).toUpperCase(Locale.ROOT) + "P" + p;
    }

    private static ShipmentPlan plan(final int s, final Instant t0) {
        final List<String> packs = new ArrayList<>(SERIALS_PER_SHIPMENT);
        for (int p = 0; p < SERIALS_PER_SHIPMENT; p++) {
            packs.add(serial(s, p));
        }
        final GeoPoint a = GeoPoint.newBuilder().setLat(47.5596).setLon(7.5886).build();
        final GeoPoint b = GeoPoint.newBuilder().setLat(50.1109).setLon(8.6821).build();
        return ShipmentPlan.newBuilder().setShipmentId(id(s)).setProfileName("refrigerated-2-8")
                .setProduct(Product.newBuilder().setGtin(GTIN).setLot("L1").setExpiryDate("2027-06-30").build())
                .setRoute(Route.newBuilder().setWaypoints(List.of(a, b)).build())
                .setOrigin(area(a.getLat(), a.getLon())).setDestination(area(b.getLat(), b.getLon()))
                .setPlannedDeparture(t0.toEpochMilli()).setPlannedArrival(t0.plusSeconds(4 * 3600).toEpochMilli())
                .setExpectedCustodians(List.of(SHIPPER, CARRIER)).setSerials(packs)
                .setStatus(ShipmentStatus.IN_TRANSIT).build();
    }

    private static Area area(final double lat, final double lon) {
        return Area.newBuilder().setName("site").setCenter(GeoPoint.newBuilder().setLat(lat).setLon(lon).build())
                .setRadiusMeters(500).build();
    }

    private static Party party(final String gln, final String name) {
        return Party.newBuilder().setGln(gln).setName(name).build();
    }

    private static long size(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
