package io.coldchain.rules.route;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the route rules. {@link #defaults()} holds values that suit road freight in Europe;
 * a plan's {@code route.corridorHalfWidthMeters} overrides the corridor width per shipment.
 *
 * @param grace               how long fixes wait in the reorder buffer for stragglers (event time); adds
 *                            to detection latency
 * @param corridor            the route-deviation rule
 * @param stops               stay-point detection and the stop rules
 * @param diversion           the diversion rules
 * @param delay               the late-arrival rule
 * @param hygiene             which fixes are dropped before any rule sees them
 * @param routeIndexCacheWaypoints waypoints of route indexes kept per stream task (about 90 bytes each;
 *                            least recently used routes evicted)
 */
public record RouteSettings(Duration grace, Corridor corridor, Stops stops, Diversion diversion, Delay delay,
                            Hygiene hygiene, long routeIndexCacheWaypoints) {

    public RouteSettings {
        requireNonNegative(grace, "grace");
        Objects.requireNonNull(corridor, "corridor");
        Objects.requireNonNull(stops, "stops");
        Objects.requireNonNull(diversion, "diversion");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(hygiene, "hygiene");
        requirePositive(routeIndexCacheWaypoints, "routeIndexCacheWaypoints");
    }

    /**
     * Grace 2 min; corridor 2 km, 3 fixes and 5 min out to open, 5 min back in to resolve, HIGH from
     * 10 km; stays within 200 m, unscheduled after 10 min off the route or 30 min on it (traffic),
     * ended by 2 fixes away; delivery-like stay 60 min from 2 h before the planned arrival; no
     * progress while moving for 45 min (steps of 1 km, moving above 10 km/h); DELAY beyond 30 min
     * late, 3 fixes and 10 min to open and 10 min to resolve, 70 km/h assumed until measured,
     * speed smoothed over 15 min; fixes dropped above 200 km/h implied or with accuracy worse than
     * 100 m, a new anchor accepted after 3 mutually consistent fixes; route indexes of up to 500,000
     * waypoints cached per task (about 45 MB).
     */
    public static RouteSettings defaults() {
        return new RouteSettings(Duration.ofMinutes(2), Corridor.defaults(), Stops.defaults(), Diversion.defaults(),
                Delay.defaults(), Hygiene.defaults(), 500_000);
    }

    public RouteSettings withGrace(final Duration value) {
        return new RouteSettings(value, corridor, stops, diversion, delay, hygiene, routeIndexCacheWaypoints);
    }

    public RouteSettings withCorridor(final Corridor value) {
        return new RouteSettings(grace, value, stops, diversion, delay, hygiene, routeIndexCacheWaypoints);
    }

    public RouteSettings withStops(final Stops value) {
        return new RouteSettings(grace, corridor, value, diversion, delay, hygiene, routeIndexCacheWaypoints);
    }

    public RouteSettings withDiversion(final Diversion value) {
        return new RouteSettings(grace, corridor, stops, value, delay, hygiene, routeIndexCacheWaypoints);
    }

    public RouteSettings withDelay(final Delay value) {
        return new RouteSettings(grace, corridor, stops, diversion, value, hygiene, routeIndexCacheWaypoints);
    }

    public RouteSettings withHygiene(final Hygiene value) {
        return new RouteSettings(grace, corridor, stops, diversion, delay, value, routeIndexCacheWaypoints);
    }

    /**
     * How long a condition must hold before its episode opens, and how long it must be gone before it
     * resolves: both a count of valid fixes and a span of event time, so neither a burst of fixes nor
     * one fix after a long gap is enough.
     */
    public record Confirmation(int minFixes, Duration minDuration, Duration clearDuration) {

        public Confirmation {
            requirePositive(minFixes, "minFixes");
            requireNonNegative(minDuration, "minDuration");
            requireNonNegative(clearDuration, "clearDuration");
        }
    }

    /**
     * @param defaultHalfWidthMeters corridor half-width when the plan gives none (0 or less)
     * @param confirmation           outside for this long opens ROUTE_DEVIATION, back inside this long resolves it
     * @param escalationMeters       an open deviation escalates to HIGH (UPDATED) once this far from the route
     */
    public record Corridor(double defaultHalfWidthMeters, Confirmation confirmation, double escalationMeters) {

        public Corridor {
            requirePositive(defaultHalfWidthMeters, "defaultHalfWidthMeters");
            Objects.requireNonNull(confirmation, "confirmation");
            requirePositive(escalationMeters, "escalationMeters");
        }

        public static Corridor defaults() {
            return new Corridor(2_000, new Confirmation(3, Duration.ofMinutes(5), Duration.ofMinutes(5)), 10_000);
        }
    }

    /**
     * @param radiusMeters         a stay is a run of fixes within this distance of its first fix
     * @param offRouteMinDuration  a stay outside the corridor and the planned stops this long is UNSCHEDULED_STOP
     * @param onRouteMinDuration   a stay inside the corridor this long is UNSCHEDULED_STOP (longer: traffic)
     * @param departureFixes       consecutive fixes beyond the radius that end a stay (one is GPS noise)
     */
    public record Stops(double radiusMeters, Duration offRouteMinDuration, Duration onRouteMinDuration,
                        int departureFixes) {

        public Stops {
            requirePositive(radiusMeters, "radiusMeters");
            requirePositive(offRouteMinDuration, "offRouteMinDuration");
            requirePositive(onRouteMinDuration, "onRouteMinDuration");
            requirePositive(departureFixes, "departureFixes");
        }

        public static Stops defaults() {
            return new Stops(200, Duration.ofMinutes(10), Duration.ofMinutes(30), 2);
        }
    }

    /**
     * @param deliveryStayMinDuration a stay outside the destination this long, starting within
     *                                {@code deliveryWindow} before the planned arrival or later, looks
     *                                like a delivery: DIVERSION
     * @param deliveryWindow          see above
     * @param noProgressDuration      moving this long without getting closer to the destination: DIVERSION
     * @param progressStepMeters      the remaining distance must shrink by this much to count as progress
     * @param movingSpeedKmh          implied speed between two fixes above which the vehicle is moving
     */
    public record Diversion(Duration deliveryStayMinDuration, Duration deliveryWindow, Duration noProgressDuration,
                            double progressStepMeters, double movingSpeedKmh) {

        public Diversion {
            requirePositive(deliveryStayMinDuration, "deliveryStayMinDuration");
            requireNonNegative(deliveryWindow, "deliveryWindow");
            requirePositive(noProgressDuration, "noProgressDuration");
            requirePositive(progressStepMeters, "progressStepMeters");
            requirePositive(movingSpeedKmh, "movingSpeedKmh");
        }

        public static Diversion defaults() {
            return new Diversion(Duration.ofMinutes(60), Duration.ofHours(2), Duration.ofMinutes(45), 1_000, 10);
        }
    }

    /**
     * @param tolerance       projected arrival later than planned by more than this is DELAY
     * @param confirmation    how long the projection must stay late to open, and on time to resolve
     * @param assumedSpeedKmh speed used for the projection until moving speed has been measured
     * @param speedSmoothing  time constant of the exponential smoothing of the moving speed
     */
    public record Delay(Duration tolerance, Confirmation confirmation, double assumedSpeedKmh,
                        Duration speedSmoothing) {

        public Delay {
            requireNonNegative(tolerance, "tolerance");
            Objects.requireNonNull(confirmation, "confirmation");
            requirePositive(assumedSpeedKmh, "assumedSpeedKmh");
            requirePositive(speedSmoothing, "speedSmoothing");
        }

        public static Delay defaults() {
            return new Delay(Duration.ofMinutes(30), new Confirmation(3, Duration.ofMinutes(10), Duration.ofMinutes(10)),
                    70, Duration.ofMinutes(15));
        }
    }

    /**
     * @param maxSpeedKmh       a fix implying a faster move from the last accepted one is dropped
     * @param maxAccuracyMeters a fix reporting a worse (larger) accuracy radius is dropped
     * @param reanchorFixes     this many consecutive fixes that are consistent with each other but all
     *                          impossible from the last accepted fix replace it (that one was the outlier)
     */
    public record Hygiene(double maxSpeedKmh, double maxAccuracyMeters, int reanchorFixes) {

        public Hygiene {
            requirePositive(maxSpeedKmh, "maxSpeedKmh");
            requirePositive(maxAccuracyMeters, "maxAccuracyMeters");
            requirePositive(reanchorFixes, "reanchorFixes");
        }

        public static Hygiene defaults() {
            return new Hygiene(200, 100, 3);
        }
    }

    private static void requirePositive(final double value, final String name) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("route setting " + name + " must be positive, got " + value);
        }
    }

    private static void requirePositive(final Duration value, final String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("route setting " + name + " must be positive, got " + value);
        }
    }

    private static void requireNonNegative(final Duration value, final String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException("route setting " + name + " must not be negative, got " + value);
        }
    }
}
