package io.coldchain.rules.serial;

/**
 * The trip a pack must have made between two sightings, and whether any transport mode could make it.
 *
 * @param distanceMeters        great-circle distance between the two business locations
 * @param elapsedMillis         time between the two sightings (absolute)
 * @param fastestFeasibleMillis the least time any transport mode needs for the distance
 *                              ({@link SerialSettings#fastestTravelMillis(double)})
 * @param impossible            farther apart than the same-place radius, and faster than the fastest feasible
 *                              travel even with the margin
 * @param atOnce                impossible, and within the simultaneity window: two places at once
 */
public record Travel(double distanceMeters, long elapsedMillis, double fastestFeasibleMillis, boolean impossible,
                     boolean atOnce) {

    /** Mean earth radius in metres, the sphere the distance is measured on. */
    static final double EARTH_RADIUS_METERS = 6_371_000.0;

    /** The trip between two located sightings, or null when either has no coordinates: nothing can be judged. */
    public static Travel between(final Sighting a, final Sighting b, final SerialSettings settings) {
        if (!a.located() || !b.located()) {
            return null;
        }
        final double meters = distanceMeters(a.latitude(), a.longitude(), b.latitude(), b.longitude());
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

    /** Great-circle (haversine) distance in metres on the mean earth sphere. */
    public static double distanceMeters(final double lat1, final double lon1, final double lat2, final double lon2) {
        final double phi1 = Math.toRadians(lat1);
        final double phi2 = Math.toRadians(lat2);
        final double sinDPhi = Math.sin((phi2 - phi1) / 2);
        final double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        final double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
