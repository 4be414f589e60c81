package io.coldchain.bench;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.route.GreatCircle;
import io.coldchain.rules.route.RouteDetector;
import io.coldchain.rules.route.RouteIndex;
import io.coldchain.rules.route.RouteMatch;
import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.route.RouteState;
import io.coldchain.domain.Area;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.Product;
import io.coldchain.domain.Route;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.serde.AvroWireSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Fixes per second through the corridor check, for a coarse (10-waypoint) and a dense (5,000-waypoint)
 * Basel → Frankfurt route, with the naive full scan of every leg measured in the same run as the
 * baseline. Fixes move along the route a kilometre apart (a truck reporting every 40 s at 90 km/h),
 * 150 m to the side of it, so every one is inside the 2 km corridor.
 *
 * <ul>
 *   <li>{@code tracked}: {@link RouteIndex#locate} from the previous fix's leg, what the detector does
 *       for a fix inside the corridor;</li>
 *   <li>{@code reacquired}: {@link RouteIndex#nearest} through the block caps, what it does for the
 *       first fix and for every fix outside the corridor;</li>
 *   <li>{@code fullScan}: every leg, the baseline;</li>
 *   <li>{@code detector}: a whole {@link RouteDetector#onEvent} (hygiene, corridor, stays, progress,
 *       ETA) with the same plan object every fix, so the cached index is found by identity;</li>
 *   <li>{@code detectorFreshPlan}: the same with an equal but distinct plan object every fix, as
 *       when the plan is deserialized for each fix: the cached index is found by fingerprinting
 *       every waypoint;</li>
 *   <li>{@code planDeserialization}: decoding the plan from its Avro bytes, which the reorder buffer
 *       does before every fix it releases; for comparison, not part of the corridor check.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -o -pl streams-app install -DskipTests &amp;&amp; ./mvnw -B -q -o -pl benchmarks package -DskipTests
 * java -jar benchmarks/target/coldchain-benchmarks.jar Corridor -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorridorBenchmark {

    private static final GeoPoint BASEL = point(47.5596, 7.5886);
    private static final GeoPoint FRANKFURT = point(50.1109, 8.6821);
    private static final double CORRIDOR_METERS = 2_000;
    private static final long START = 1_793_599_200_000L;

    /** Waypoints of the planned route. */
    @Param({"10", "5000"})
    public int waypoints;

    private RouteIndex index;
    private double[] lats;
    private double[] lons;
    private int next;
    private int hint;
    private RouteDetector detector;
    private ShipmentPlan plan;
    private ShipmentPlan[] freshPlans;
    private LocationFix[] fixes;
    private RouteState state;
    private AvroWireSerde<io.coldchain.schemas.ShipmentPlan> planSerde;
    private byte[] planBytes;

    @Setup
    public void setUp() {
        final List<GeoPoint> route = route(waypoints);
        index = RouteIndex.of(route);
        final int count = (int) (index.totalMeters() / 1_000);
        lats = new double[count];
        lons = new double[count];
        fixes = new LocationFix[count];
        final Random side = new Random(1);
        for (int i = 0; i < count; i++) {
            final double[] p = beside(route, i * 1_000.0, side.nextBoolean() ? 150 : -150);
            lats[i] = p[0];
            lons[i] = p[1];
            fixes[i] = LocationFix.builder().deviceId("tracker").shipmentId("SHP-BENCH")
                    .eventTime(START + i * 40_000L).lat(p[0]).lon(p[1]).accuracyMeters(5.0).build();
        }
        plan = plan(route);
        freshPlans = new ShipmentPlan[] {plan(route(waypoints)), plan(route(waypoints))};
        detector = new RouteDetector(RouteSettings.defaults());
        planSerde = AvroSerdes.local().value(io.coldchain.schemas.ShipmentPlan.class);
        planBytes = planSerde.serializer().serialize("coldchain.shipment.plans", Contracts.toWire(plan));
        next = 0;
        hint = -1;
        state = null;
    }

    @Benchmark
    public RouteMatch tracked() {
        final int i = advance();
        final RouteMatch match = index.locate(lats[i], lons[i], i == 0 ? -1 : hint, CORRIDOR_METERS);
        hint = match.leg();
        return match;
    }

    @Benchmark
    public RouteMatch reacquired() {
        final int i = advance();
        return index.nearest(lats[i], lons[i]);
    }

    @Benchmark
    public RouteMatch fullScan() {
        final int i = advance();
        return index.nearestByFullScan(lats[i], lons[i]);
    }

    @Benchmark
    public Outcome<RouteState> detector() {
        final int i = advance();
        // A new trip each pass, so every fix is later than the last one (no duplicate-timestamp drops).
        final Outcome<RouteState> outcome = detector.onEvent(plan, i == 0 ? null : state, fixes[i]);
        state = outcome.state();
        return outcome;
    }

    @Benchmark
    public Outcome<RouteState> detectorFreshPlan() {
        final int i = advance();
        final Outcome<RouteState> outcome = detector.onEvent(freshPlans[i & 1], i == 0 ? null : state, fixes[i]);
        state = outcome.state();
        return outcome;
    }

    @Benchmark
    public ShipmentPlan planDeserialization() {
        return Contracts.toDomain(planSerde.deserializer().deserialize("coldchain.shipment.plans", planBytes));
    }

    private int advance() {
        final int i = next;
        next = i + 1 == lats.length ? 0 : i + 1;
        return i;
    }

    /**
     * Basel → Frankfurt as {@code count} waypoints on a line that winds 3 km either side of the great
     * circle, so consecutive legs change direction like a road does.
     */
    static List<GeoPoint> route(final int count) {
        final double total = GreatCircle.distanceMeters(BASEL.lat(), BASEL.lon(), FRANKFURT.lat(),
                FRANKFURT.lon());
        final double bearing = GreatCircle.initialBearingDegrees(BASEL.lat(), BASEL.lon(), FRANKFURT.lat(),
                FRANKFURT.lon());
        final List<GeoPoint> route = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final double f = (double) i / (count - 1);
            final double[] on = GreatCircle.destination(BASEL.lat(), BASEL.lon(), bearing, f * total);
            final double wiggle = i == 0 || i == count - 1 ? 0 : 3_000 * Math.sin(f * 2 * Math.PI * 7);
            final double[] p = GreatCircle.destination(on[0], on[1], bearing + 90, wiggle);
            route.add(point(p[0], p[1]));
        }
        return route;
    }

    /** The point {@code along} metres along the polyline, moved {@code aside} metres to its right. */
    private static double[] beside(final List<GeoPoint> route, final double along, final double aside) {
        double left = along;
        for (int i = 1; i < route.size(); i++) {
            final GeoPoint a = route.get(i - 1);
            final GeoPoint b = route.get(i);
            final double leg = GreatCircle.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
            if (left <= leg || i == route.size() - 1) {
                final double heading = GreatCircle.initialBearingDegrees(a.lat(), a.lon(), b.lat(), b.lon());
                final double[] on = GreatCircle.destination(a.lat(), a.lon(), heading, Math.min(left, leg));
                return GreatCircle.destination(on[0], on[1], heading + 90, aside);
            }
            left -= leg;
        }
        throw new IllegalStateException("unreachable");
    }

    private static ShipmentPlan plan(final List<GeoPoint> route) {
        return ShipmentPlan.builder().shipmentId("SHP-BENCH").profileName("refrigerated-2-8")
                .product(new Product("00614141123452", "", "L1", "2027-01-01"))
                .route(new Route(route, CORRIDOR_METERS))
                .origin(new Area("Basel DC", null, BASEL, 500))
                .destination(new Area("Frankfurt DC", null, FRANKFURT, 500))
                .plannedDeparture(START).plannedArrival(START + 4 * 3_600_000L)
                .status(ShipmentStatus.IN_TRANSIT).build();
    }

    private static GeoPoint point(final double lat, final double lon) {
        return new GeoPoint(lat, lon);
    }
}
