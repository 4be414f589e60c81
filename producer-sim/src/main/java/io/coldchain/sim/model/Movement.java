package io.coldchain.sim.model;

/**
 * Where the truck actually is: the planned {@link Trajectory}, bent by at most one excursion (a detour or a
 * stop, on or off the route) and possibly ending somewhere else (a wrong destination).
 *
 * <p>An excursion costs time: the truck's progress along the route runs on a <em>route clock</em> that falls
 * behind the wall clock by {@link Excursion#lostMillis()} over the excursion, evenly, so progress slows on a
 * detour and stops during a stop; meanwhile the truck is moved sideways off the route by the excursion's lateral
 * profile. Arrival is the planned trajectory's arrival plus the lost time. Speeds come from positions a few
 * seconds apart, so they stay consistent with whatever the path does.
 */
public final class Movement {

    /** Half the span of the difference that gives the speed of a bent path. */
    private static final long SPEED_HALF_SPAN_MILLIS = 15_000;
    /** Below this a bent path is standing still (numerical noise of the geometry). */
    private static final double STANDING_KMH = 0.5;

    private final Trajectory planned;
    private final Excursion excursion;
    private final Diversion diversion;
    private final long departure;
    private final long arrival;

    /**
     * A sideways excursion from the route.
     *
     * @param start          when it begins (the truck leaves its path along the route), epoch millis
     * @param durationMillis how long it lasts
     * @param lostMillis     how much the route clock falls behind over it (0..duration; duration for a stop)
     * @param lateralMeters  largest distance from the route, signed: positive to the right of the direction of
     *                       travel
     * @param rampMillis     for a stop: the drive from the route to the stop and back, each; 0 for a detour, whose
     *                       lateral profile is a smooth sin² bump
     * @param detour         true for a detour (moving all along), false for a stop
     */
    public record Excursion(long start, long durationMillis, long lostMillis, double lateralMeters, long rampMillis,
                     boolean detour) {

        public Excursion {
            if (durationMillis <= 0 || lostMillis < 0 || lostMillis > durationMillis || rampMillis < 0
                    || 2 * rampMillis > durationMillis) {
                throw new IllegalArgumentException("bad excursion " + this);
            }
        }

        public long end() {
            return start + durationMillis;
        }

        /** Route time lost by {@code time}. */
        long lostBy(final long time) {
            if (time <= start) {
                return 0;
            }
            if (time >= end()) {
                return lostMillis;
            }
            return Math.round((double) lostMillis * (time - start) / durationMillis);
        }

        /** Signed distance from the route at {@code time}, metres. */
        double lateralAt(final long time) {
            if (time <= start || time >= end() || lateralMeters == 0) {
                return 0;
            }
            final double s = (double) (time - start) / durationMillis;
            if (detour) {
                final double bump = Math.sin(Math.PI * s);
                return lateralMeters * bump * bump;
            }
            final long since = time - start;
            final long until = end() - time;
            if (since < rampMillis) {
                return lateralMeters * smooth((double) since / rampMillis);
            }
            if (until < rampMillis) {
                return lateralMeters * smooth((double) until / rampMillis);
            }
            return lateralMeters;
        }

        private static double smooth(final double u) {
            return u * u * (3 - 2 * u);
        }
    }

    /**
     * The end of the trip goes elsewhere: from the route position at {@code start} straight to {@code to}.
     *
     * @param start        when the truck leaves the route for the wrong site
     * @param from         where it leaves the route
     * @param to           the wrong site
     * @param travelMillis how long it takes to get there
     */
    public record Diversion(long start, LatLon from, LatLon to, long travelMillis) {
    }

    Movement(final Trajectory planned, final Excursion excursion, final Diversion diversion) {
        this.planned = planned;
        this.excursion = excursion;
        this.diversion = diversion;
        this.departure = planned.departure();
        if (diversion != null) {
            this.arrival = diversion.start() + diversion.travelMillis();
        } else {
            this.arrival = planned.arrival() + (excursion == null ? 0 : excursion.lostMillis());
        }
    }

    Trajectory planned() {
        return planned;
    }

    /** When the truck reaches the end of its trip: the destination, or the wrong site of a diversion. */
    long arrival() {
        return arrival;
    }

    /**
     * When the truck actually reaches the planned trajectory's stop: later by the time an excursion lost on the
     * way there (an excursion keeps clear of the stop, so it lies wholly before or wholly after it).
     */
    long stopArrival() {
        return planned.stopArrival() + lostBeforeStop();
    }

    /** When the truck actually leaves the planned trajectory's stop. */
    long stopDeparture() {
        return planned.stopDeparture() + lostBeforeStop();
    }

    private long lostBeforeStop() {
        return excursion != null && planned.hasStop() && excursion.end() <= planned.stopArrival()
                ? excursion.lostMillis() : 0;
    }

    boolean bent() {
        return excursion != null || diversion != null;
    }

    LatLon positionAt(final long time) {
        if (diversion != null && time >= diversion.start()) {
            final double u = Math.min(1, (double) (time - diversion.start()) / diversion.travelMillis());
            return Geo.interpolate(diversion.from(), diversion.to(), u);
        }
        if (excursion == null) {
            return planned.positionAt(time);
        }
        final long routeTime = time - excursion.lostBy(time);
        final LatLon onRoute = planned.positionAt(routeTime);
        final double lateral = excursion.lateralAt(time);
        if (lateral == 0) {
            return onRoute;
        }
        final double heading = Geo.bearingDegrees(onRoute, planned.legTo(routeTime));
        return Geo.destination(onRoute, heading + (lateral > 0 ? 90 : -90), Math.abs(lateral));
    }

    /** Ground speed at {@code time}, km/h; 0 outside the trip and while standing. */
    double speedKmhAt(final long time) {
        if (!bent()) {
            return planned.speedKmhAt(time);
        }
        if (time < departure || time >= arrival) {
            return 0;
        }
        final long from = Math.max(departure, time - SPEED_HALF_SPAN_MILLIS);
        final long to = Math.min(arrival, time + SPEED_HALF_SPAN_MILLIS);
        if (to <= from) {
            return 0;
        }
        final double kmh = Geo.distanceMeters(positionAt(from), positionAt(to)) / 1000 / ((to - from) / 3_600_000.0);
        return kmh < STANDING_KMH ? 0 : kmh;
    }
}
