package io.coldchain.rules.route;

import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.EpcisAction;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.Party;
import io.coldchain.domain.PlannedStop;
import io.coldchain.domain.Product;
import io.coldchain.domain.Route;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;

/**
 * Test fixtures on real geography: the Basel → Frankfurt motorway route (A5/E35 via Freiburg,
 * Offenburg, Karlsruhe, the Heidelberg/Mannheim junction and Darmstadt; approximate coordinates of
 * junctions), plans along it, and a trip builder that drives a tracker along or off it.
 */
public final class RouteFixtures {

    public static final Instant DEPARTURE = Instant.parse("2026-11-02T06:00:00Z");
    public static final Duration PLANNED_DURATION = Duration.ofMinutes(270);
    public static final Duration FIX_INTERVAL = Duration.ofSeconds(60);

    public static final GeoPoint BASEL_DC = point(47.5596, 7.5886);
    public static final GeoPoint FRANKFURT_DC = point(50.1109, 8.6821);
    public static final GeoPoint MAINZ = point(49.9929, 8.2473);

    /** The A5 from Basel to Frankfurt, junction by junction. */
    public static final List<GeoPoint> A5 = List.of(
            BASEL_DC,
            point(47.5950, 7.6100),   // Weil am Rhein, border
            point(47.6560, 7.5700),   // Efringen-Kirchen
            point(47.8150, 7.5750),   // Neuenburg junction
            point(47.9200, 7.6700),   // Bad Krozingen
            point(48.0050, 7.7850),   // Freiburg-Mitte
            point(48.0700, 7.8100),   // Freiburg-Nord
            point(48.1600, 7.7700),   // Riegel
            point(48.2200, 7.7900),   // Herbolzheim
            point(48.3400, 7.8400),   // Lahr
            point(48.4700, 7.9200),   // Offenburg
            point(48.5500, 7.9700),   // Appenweier
            point(48.6300, 8.0500),   // Achern
            point(48.7000, 8.1100),   // Bühl
            point(48.7700, 8.1800),   // Baden-Baden
            point(48.8600, 8.2500),   // Rastatt
            point(48.9700, 8.3900),   // Karlsruhe-Süd
            point(48.9950, 8.4700),   // Karlsruhe-Durlach
            point(49.1300, 8.5600),   // Bruchsal
            point(49.3000, 8.6400),   // Walldorf
            point(49.4100, 8.6100),   // Heidelberg/Mannheim junction
            point(49.5500, 8.6400),   // Weinheim
            point(49.6900, 8.6300),   // Bensheim
            point(49.8700, 8.6200),   // Darmstadt
            point(49.9900, 8.6200),   // Langen
            point(50.0500, 8.6000),   // Frankfurter Kreuz
            FRANKFURT_DC);

    /** Where the planned rest stop is: the Bruchsal service area, on the route. */
    public static final double REST_STOP_KM = 240;

    public static final GeoPoint HAMBURG_HUB = point(53.5511, 9.9937);
    public static final GeoPoint STOCKHOLM_DC = point(59.3293, 18.0686);

    /** Basel to Stockholm via the Fehmarn Belt ferry, city by city: 1,550 km of legs (some 1,750 km by road). */
    public static final List<GeoPoint> NORTH = List.of(
            BASEL_DC,
            point(49.0069, 8.4037),   // Karlsruhe
            FRANKFURT_DC,
            point(51.3127, 9.4797),   // Kassel
            point(52.3759, 9.7320),   // Hannover
            HAMBURG_HUB,
            point(53.8655, 10.6866),  // Lübeck
            point(54.5000, 11.2250),  // Puttgarden
            point(54.6550, 11.3550),  // Rødby
            point(55.6761, 12.5683),  // Copenhagen
            point(55.6050, 13.0038),  // Malmö
            point(57.7826, 14.1618),  // Jönköping
            point(58.4108, 15.6214),  // Linköping
            STOCKHOLM_DC);

    private RouteFixtures() {
    }

    public static GeoPoint point(final double lat, final double lon) {
        return new GeoPoint(lat, lon);
    }

    public static long at(final Duration afterDeparture) {
        return DEPARTURE.plus(afterDeparture).toEpochMilli();
    }

    /** Length of the A5 route, metres. */
    public static double routeMeters() {
        return routeMeters(A5);
    }

    /** Length of a route, metres. */
    public static double routeMeters(final List<GeoPoint> route) {
        double meters = 0;
        for (int i = 1; i < route.size(); i++) {
            meters += distance(route.get(i - 1), route.get(i));
        }
        return meters;
    }

    /** The point {@code km} along the A5 route (clamped to its ends). */
    public static GeoPoint alongRoute(final double km) {
        return alongRoute(A5, km);
    }

    /** The point {@code km} along a route (clamped to its ends). */
    public static GeoPoint alongRoute(final List<GeoPoint> route, final double km) {
        double left = Math.max(0, km * 1_000);
        for (int i = 1; i < route.size(); i++) {
            final GeoPoint a = route.get(i - 1);
            final GeoPoint b = route.get(i);
            final double leg = distance(a, b);
            if (left <= leg) {
                return toward(a, b, left);
            }
            left -= leg;
        }
        return route.get(route.size() - 1);
    }

    /** Along-route position of a route's waypoint, km. */
    public static double waypointKm(final List<GeoPoint> route, final GeoPoint waypoint) {
        final int index = route.indexOf(waypoint);
        return routeMeters(route.subList(0, index + 1)) / 1_000;
    }

    /** The point {@code meters} to the right (east, travelling north) of the route at {@code km}; negative: left. */
    public static GeoPoint offRoute(final double km, final double meters) {
        final GeoPoint on = alongRoute(km);
        final GeoPoint ahead = alongRoute(km + 0.5);
        final double heading = GreatCircle.initialBearingDegrees(on.lat(), on.lon(), ahead.lat(), ahead.lon());
        final double[] p = GreatCircle.destination(on.lat(), on.lon(), heading + 90, meters);
        return point(p[0], p[1]);
    }

    /** A refrigerated shipment on the A5 route: 2 km corridor, a 45 min rest stop at Bruchsal, 4 h 30 planned. */
    public static ShipmentPlan.Builder plan(final String shipmentId) {
        return ShipmentPlan.builder()
                .shipmentId(shipmentId)
                .product(new Product("00614141123452", "Vaccine X", "L42", "2027-06-30"))
                .profileName("refrigerated-2-8")
                .route(new Route(A5, 2_000))
                .plannedStops(List.of(new PlannedStop(area("Bruchsal services", "4012345000009", alongRoute(REST_STOP_KM), 300),
                        Duration.ofMinutes(45).toMillis())))
                .origin(area("Basel DC", "7601234000017", BASEL_DC, 500))
                .destination(area("Frankfurt DC", "4001234000014", FRANKFURT_DC, 1_000))
                .plannedDeparture(DEPARTURE.toEpochMilli())
                .plannedArrival(DEPARTURE.plus(PLANNED_DURATION).toEpochMilli())
                .expectedCustodians(List.of(party("7601234000017", "Basel DC"), party("4001234000014", "Frankfurt DC")))
                .serials(List.of("00614141123452.S1"))
                .status(ShipmentStatus.IN_TRANSIT);
    }

    /**
     * A shipment from Basel to Stockholm ({@link #NORTH}): 2 km corridor, a hub stop at Hamburg of up
     * to 60 min, planned arrival {@code planned} after departure.
     */
    public static ShipmentPlan.Builder northPlan(final String shipmentId, final Duration planned) {
        return plan(shipmentId)
                .route(new Route(NORTH, 2_000))
                .plannedStops(List.of(new PlannedStop(area("Hamburg hub", "4012345000016", HAMBURG_HUB, 500),
                        Duration.ofMinutes(60).toMillis())))
                .destination(area("Stockholm DC", "7301234000012", STOCKHOLM_DC, 1_000))
                .plannedArrival(DEPARTURE.plus(planned).toEpochMilli())
                .expectedCustodians(List.of(party("7601234000017", "Basel DC"),
                        party("7301234000012", "Stockholm DC")));
    }

    public static Area area(final String name, final String gln, final GeoPoint center, final double radiusMeters) {
        return new Area(name, gln, center, radiusMeters);
    }

    public static Party party(final String gln, final String name) {
        return new Party(gln, name);
    }

    public static LocationFix fix(final String shipmentId, final long eventTime, final double lat, final double lon,
                                  final Double accuracyMeters) {
        return LocationFix.builder()
                .deviceId("tracker-" + shipmentId)
                .shipmentId(shipmentId)
                .eventTime(eventTime)
                .lat(lat)
                .lon(lon)
                .accuracyMeters(accuracyMeters)
                .build();
    }

    /** A custody scan of the shipment's pack at a business location. */
    public static CustodyEvent scan(final String shipmentId, final String bizStep, final Area location,
                                    final long eventTime) {
        return CustodyEvent.builder()
                .eventId("urn:uuid:" + shipmentId + "-" + bizStep + "-" + eventTime)
                .eventTime(eventTime)
                .recordTime(eventTime + 1_000)
                .action(EpcisAction.OBSERVE)
                .bizStep(bizStep)
                .disposition("in_progress")
                .epcList(List.of("00614141123452.S1"))
                .bizLocation(location)
                .custodian(party("4009999000017", "Unknown Logistics"))
                .shipmentId(shipmentId)
                .build();
    }

    public static Trip trip(final String shipmentId) {
        return new Trip(shipmentId);
    }

    /** A vehicle leaving Basel DC at the planned departure along {@code route}. */
    public static Journey journey(final List<GeoPoint> route) {
        return new Journey(route);
    }

    private static double distance(final GeoPoint a, final GeoPoint b) {
        return GreatCircle.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
    }

    private static GeoPoint toward(final GeoPoint from, final GeoPoint to, final double meters) {
        final double bearing = GreatCircle.initialBearingDegrees(from.lat(), from.lon(), to.lat(), to.lon());
        final double[] p = GreatCircle.destination(from.lat(), from.lon(), bearing, meters);
        return point(p[0], p[1]);
    }

    /**
     * A tracker's trip, one fix a minute from the planned departure at Basel DC, with a few metres of
     * seeded GPS jitter. Positions advance by driving along the route, to a point, or standing still.
     */
    public static final class Trip {

        private final String shipmentId;
        private final List<LocationFix> fixes = new ArrayList<>();
        private final Random jitter = new Random(42);
        private long time = DEPARTURE.toEpochMilli();
        private double km;
        private GeoPoint position = BASEL_DC;

        private Trip(final String shipmentId) {
            this.shipmentId = shipmentId;
            emit(position);
        }

        /** Drives along the route to {@code toKm} at {@code kmh}; backwards if {@code toKm} is behind. */
        public Trip alongRouteTo(final double toKm, final double kmh) {
            final double stepKm = Math.copySign(kmh * FIX_INTERVAL.toSeconds() / 3_600.0, toKm - km);
            while (Math.abs(toKm - km) > Math.abs(stepKm)) {
                km += stepKm;
                tick(alongRoute(km));
            }
            km = toKm;
            tick(alongRoute(km));
            return this;
        }

        /** Drives in a straight line (great circle) to {@code target} at {@code kmh}. */
        public Trip driveTo(final GeoPoint target, final double kmh) {
            final GeoPoint start = position;
            final double total = distance(start, target);
            final double step = kmh * FIX_INTERVAL.toSeconds() / 3.6;
            for (double done = step; done < total; done += step) {
                tick(toward(start, target, done));
            }
            tick(target);
            return this;
        }

        /** Drives back to the route at {@code km} and continues from there. */
        public Trip rejoinRouteAt(final double rejoinKm, final double kmh) {
            driveTo(alongRoute(rejoinKm), kmh);
            km = rejoinKm;
            return this;
        }

        /** Stands still for {@code duration}, fixes jittering by a few metres. */
        public Trip stay(final Duration duration) {
            final GeoPoint here = position;
            final long until = time + duration.toMillis();
            while (time + FIX_INTERVAL.toMillis() <= until) {
                tick(here);
            }
            position = here;
            return this;
        }

        /** Adds one fix at an explicit position and accuracy, one interval later; the trip's position is unchanged. */
        public Trip glitch(final GeoPoint where, final double accuracyMeters) {
            time += FIX_INTERVAL.toMillis();
            fixes.add(fix(shipmentId, time, where.lat(), where.lon(), accuracyMeters));
            return this;
        }

        public long time() {
            return time;
        }

        public List<LocationFix> fixes() {
            return List.copyOf(fixes);
        }

        private void tick(final GeoPoint next) {
            time += FIX_INTERVAL.toMillis();
            emit(next);
        }

        private void emit(final GeoPoint next) {
            position = next;
            final double[] noisy = GreatCircle.destination(next.lat(), next.lon(), jitter.nextDouble() * 360,
                    jitter.nextDouble() * 8);
            fixes.add(fix(shipmentId, time, noisy[0], noisy[1], 5.0));
        }
    }

    /**
     * A vehicle's movement in continuous time, independent of any tracker: driving along a route,
     * standing, driving straight to a point. {@link #sampled} reads it the way a tracker does, at
     * times of its own that need not fall on an arrival or a departure.
     */
    public static final class Journey {

        private final List<GeoPoint> route;
        private final List<Segment> segments = new ArrayList<>();
        private long time = DEPARTURE.toEpochMilli();
        private double km;
        private GeoPoint position = BASEL_DC;

        private Journey(final List<GeoPoint> route) {
            this.route = route;
        }

        /** Drives along the route to {@code toKm} at {@code kmh}. */
        public Journey alongRouteTo(final double toKm, final double kmh) {
            final double fromKm = km;
            final long millis = Math.round(Math.abs(toKm - fromKm) / kmh * 3_600_000);
            add(millis, f -> alongRoute(route, fromKm + f * (toKm - fromKm)));
            km = toKm;
            position = alongRoute(route, toKm);
            return this;
        }

        /** Drives along the route to its end at {@code kmh}. */
        public Journey toTheEnd(final double kmh) {
            return alongRouteTo(routeMeters(route) / 1_000, kmh);
        }

        /** Drives in a straight line (great circle) to {@code target} at {@code kmh}; off the route. */
        public Journey driveTo(final GeoPoint target, final double kmh) {
            final GeoPoint start = position;
            final double meters = distance(start, target);
            add(Math.round(meters / 1_000 / kmh * 3_600_000), f -> toward(start, target, f * meters));
            position = target;
            return this;
        }

        /** Stands still for {@code duration}. */
        public Journey stay(final Duration duration) {
            final GeoPoint here = position;
            add(duration.toMillis(), f -> here);
            return this;
        }

        /** Event time the journey has reached so far. */
        public long time() {
            return time;
        }

        /**
         * Fixes as a tracker reports them: the first at departure, then after seeded random intervals
         * between {@code min} and {@code max} (whole seconds), up to the journey's end; a few metres of
         * jitter, and a share {@code duplicates} of fixes sent twice (same time, same position).
         */
        public List<LocationFix> sampled(final String shipmentId, final Duration min, final Duration max,
                                         final double duplicates, final long seed) {
            final Random random = new Random(seed);
            final List<LocationFix> fixes = new ArrayList<>();
            final long spread = max.toSeconds() - min.toSeconds();
            for (long t = DEPARTURE.toEpochMilli(); t <= time;
                 t += (min.toSeconds() + (spread == 0 ? 0 : random.nextLong(spread + 1))) * 1_000) {
                final GeoPoint at = positionAt(t);
                final double[] noisy = GreatCircle.destination(at.lat(), at.lon(), random.nextDouble() * 360,
                        random.nextDouble() * 8);
                final LocationFix fix = fix(shipmentId, t, noisy[0], noisy[1], 5.0);
                fixes.add(fix);
                if (random.nextDouble() < duplicates) {
                    fixes.add(fix.toBuilder().build());
                }
            }
            return fixes;
        }

        private GeoPoint positionAt(final long t) {
            for (final Segment segment : segments) {
                if (t <= segment.to()) {
                    final long length = segment.to() - segment.from();
                    return segment.at().apply(length == 0 ? 1 : (double) (t - segment.from()) / length);
                }
            }
            return position;
        }

        private void add(final long millis, final DoubleFunction<GeoPoint> at) {
            segments.add(new Segment(time, time + millis, at));
            time += millis;
        }

        private record Segment(long from, long to, DoubleFunction<GeoPoint> at) {
        }
    }
}
