package io.coldchain.rules.serial;

import io.coldchain.rules.route.GreatCircle;

/**
 * The trip a pack must have made between two sightings, and whether any transport mode could make it.
 *
 * @param distanceMeters        great-circle distance between the two business locations ({@link GreatCircle})
 * @param elapsedMillis         time between the two sightings (absolute)
 * @param fastestFeasibleMillis the least time any transport mode needs for the distance
 *                              ({@link SerialSettings#fastestTravelMillis(double)})
 * @param impossible            farther apart than the same-place radius, and faster than the fastest feasible
 *                              travel even with the margin
 * @param atOnce                impossible, and within the simultaneity window: two places at once
 */
public record Travel(double distanceMeters, long elapsedMillis, double fastestFeasibleMillis, boolean impossible,
                     boolean atOnce) {

    /** The trip between two located sightings, or null when either has no coordinates: nothing can be judged. */
    public static Travel between(final Sighting a, final Sighting b, final SerialSettings settings) {
        if (!a.located() || !b.located()) {
            return null;
        }
        final double meters = GreatCircle.distanceMeters(a.latitude(), a.longitude(), b.latitude(), b.longitude());
        final long elapsed = Math.abs(b.eventTime() - a.eventTime());
        final double fastest = settings.fastestTravelMillis(meters);
        final boolean impossible = meters > settings.samePlaceRadiusMeters()
                && elapsed * (1 + settings.speedMargin()) < fastest;
        return new Travel(meters, elapsed, fastest, impossible,
                impossible && elapsed <= settings.simultaneityWindow().toMillis());
    }

    /** Implied speed in km/h; infinite when both sightings have the same time. */
    public double impliedSpeedKmh() {
        return elapsedMillis == 0 ? Double.POSITIVE_INFINITY : distanceMeters / 1000 / (elapsedMillis / 3_600_000.0);
    }
}
