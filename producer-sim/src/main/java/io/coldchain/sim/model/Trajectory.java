package io.coldchain.sim.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a truck is at any time: it leaves {@code from} at {@code departure}, follows the great circle and
 * reaches {@code to} at {@code arrival}. Speed swings smoothly by ±{@code wobble} around the mean over
 * {@code wobbleCycles} whole cycles, so progress stays monotonic and ends exactly on time.
 *
 * <p>A trajectory {@linkplain #viaStop via a stop} is two such legs with a dwell between them: the truck
 * drives to the stop, stands there from {@link #stopArrival()} to {@link #stopDeparture()}, then drives on.
 * Progress is then a fraction of the whole path (both legs); it stays constant during the dwell.
 */
public final class Trajectory {

    private final LatLon from;
    private final LatLon to;
    private final long departure;
    private final long arrival;
    private final double wobble;
    private final int wobbleCycles;
    private final double distanceMeters;
    private final double meanSpeedKmh;
    /** The legs to and from the stop, or null for a direct trajectory. */
    private final Trajectory first;
    private final Trajectory second;

    Trajectory(final LatLon from, final LatLon to, final long departure, final long arrival, final double wobble,
               final int wobbleCycles) {
        if (arrival <= departure || wobble < 0 || wobble >= 1 || wobbleCycles < 1) {
            throw new IllegalArgumentException("bad trajectory timing or wobble");
        }
        this.from = from;
        this.to = to;
        this.departure = departure;
        this.arrival = arrival;
        this.wobble = wobble;
        this.wobbleCycles = wobbleCycles;
        this.distanceMeters = Geo.distanceMeters(from, to);
        this.meanSpeedKmh = distanceMeters / 1000.0 / ((arrival - departure) / 3_600_000.0);
        this.first = null;
        this.second = null;
    }

    private Trajectory(final Trajectory first, final Trajectory second) {
        if (second.departure < first.arrival) {
            throw new IllegalArgumentException("the second leg leaves before the first arrives");
        }
        this.first = first;
        this.second = second;
        this.from = first.from;
        this.to = second.to;
        this.departure = first.departure;
        this.arrival = second.arrival;
        this.wobble = first.wobble;
        this.wobbleCycles = first.wobbleCycles + second.wobbleCycles;
        this.distanceMeters = first.distanceMeters + second.distanceMeters;
        this.meanSpeedKmh = distanceMeters / 1000.0
                / ((first.arrival - first.departure + second.arrival - second.departure) / 3_600_000.0);
    }

    /** From {@code first}'s start to its end (the stop), a dwell until {@code second} leaves, then {@code second}. */
    static Trajectory viaStop(final Trajectory first, final Trajectory second) {
        return new Trajectory(first, second);
    }

    /** Whether the truck makes a stop on the way. */
    public boolean hasStop() {
        return first != null;
    }

    /** Where the stop is; null without one. */
    LatLon stop() {
        return first == null ? null : first.to;
    }

    /** When the truck reaches the stop (the route clock); {@link Long#MAX_VALUE} without one. */
    long stopArrival() {
        return first == null ? Long.MAX_VALUE : first.arrival;
    }

    /** When the truck leaves the stop; {@link Long#MAX_VALUE} without one. */
    public long stopDeparture() {
        return first == null ? Long.MAX_VALUE : second.departure;
    }

    /** Where the leg being driven at {@code time} starts: the origin, or the stop once the truck has left it. */
    public LatLon legFrom(final long time) {
        return first == null || time < second.departure ? from : second.from;
    }

    /** Where the leg being driven at {@code time} ends: the stop until the truck leaves it, then the destination. */
    LatLon legTo(final long time) {
        return first == null || time >= second.departure ? to : first.to;
    }

    public double distanceMeters() {
        return distanceMeters;
    }

    LatLon from() {
        return from;
    }

    public LatLon to() {
        return to;
    }

    public long departure() {
        return departure;
    }

    public long arrival() {
        return arrival;
    }

    /** Mean speed over the trip, km/h. */
    public double meanSpeedKmh() {
        return meanSpeedKmh;
    }

    /** The first time at which the truck has covered {@code fraction} of the distance (progress is monotonic). */
    public long timeAtProgress(final double fraction) {
        long lo = departure;
        long hi = arrival;
        while (hi - lo > 1_000) {
            final long mid = lo + (hi - lo) / 2;
            if (progress(mid) < fraction) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** Fraction of the distance covered at {@code time}: 0 before departure, 1 from arrival on. */
    double progress(final long time) {
        if (first != null) {
            if (time < first.arrival) {
                return first.progress(time) * first.distanceMeters / distanceMeters;
            }
            return (first.distanceMeters + second.progress(time) * second.distanceMeters) / distanceMeters;
        }
        final double u = elapsedFraction(time);
        final double w = 2 * Math.PI * wobbleCycles;
        return u + wobble / w * Math.sin(w * u);
    }

    public LatLon positionAt(final long time) {
        if (first != null) {
            return time < second.departure ? first.positionAt(time) : second.positionAt(time);
        }
        return Geo.interpolate(from, to, progress(time));
    }

    /** True ground speed at {@code time} in km/h; 0 outside the drive. */
    double speedKmhAt(final long time) {
        if (first != null) {
            return time < first.arrival ? first.speedKmhAt(time) : second.speedKmhAt(time);
        }
        if (time < departure || time >= arrival) {
            return 0;
        }
        return meanSpeedKmh * (1 + wobble * Math.cos(2 * Math.PI * wobbleCycles * elapsedFraction(time)));
    }

    /** The planned route: points on the great circle from {@code from} to {@code to}, at most {@code spacing} apart. */
    List<LatLon> waypoints(final double spacingMeters) {
        if (first != null) {
            final List<LatLon> points = new ArrayList<>(first.waypoints(spacingMeters));
            final List<LatLon> rest = second.waypoints(spacingMeters);
            points.addAll(rest.subList(1, rest.size()));
            return points;
        }
        final int legs = Math.max(1, (int) Math.ceil(distanceMeters / spacingMeters));
        final List<LatLon> points = new ArrayList<>(legs + 1);
        points.add(from);
        for (int i = 1; i < legs; i++) {
            points.add(Geo.interpolate(from, to, (double) i / legs));
        }
        points.add(to);
        return points;
    }

    private double elapsedFraction(final long time) {
        return Math.max(0, Math.min(1, (double) (time - departure) / (arrival - departure)));
    }
}
