package io.coldchain.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a truck is at any time: it leaves {@code from} at {@code departure}, follows the great circle and
 * reaches {@code to} at {@code arrival}. Speed swings smoothly by ±{@code wobble} around the mean over
 * {@code wobbleCycles} whole cycles, so progress stays monotonic and ends exactly on time.
 */
final class Trajectory {

    private final LatLon from;
    private final LatLon to;
    private final long departure;
    private final long arrival;
    private final double wobble;
    private final int wobbleCycles;
    private final double distanceMeters;
    private final double meanSpeedKmh;

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
    }

    double distanceMeters() {
        return distanceMeters;
    }

    LatLon from() {
        return from;
    }

    LatLon to() {
        return to;
    }

    long departure() {
        return departure;
    }

    long arrival() {
        return arrival;
    }

    /** Mean speed over the trip, km/h. */
    double meanSpeedKmh() {
        return meanSpeedKmh;
    }

    /** The first time at which the truck has covered {@code fraction} of the distance (progress is monotonic). */
    long timeAtProgress(final double fraction) {
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
        final double u = elapsedFraction(time);
        final double w = 2 * Math.PI * wobbleCycles;
        return u + wobble / w * Math.sin(w * u);
    }

    LatLon positionAt(final long time) {
        return Geo.interpolate(from, to, progress(time));
    }

    /** True ground speed at {@code time} in km/h; 0 outside the drive. */
    double speedKmhAt(final long time) {
        if (time < departure || time >= arrival) {
            return 0;
        }
        return meanSpeedKmh * (1 + wobble * Math.cos(2 * Math.PI * wobbleCycles * elapsedFraction(time)));
    }

    /** The planned route: points on the great circle from {@code from} to {@code to}, at most {@code spacing} apart. */
    List<LatLon> waypoints(final double spacingMeters) {
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
