package io.coldchain.rules.route;

/**
 * A position at an instant: an accepted fix, an exit point, a stay anchor.
 *
 * @param lat        latitude, WGS84 degrees
 * @param lon        longitude, WGS84 degrees
 * @param timeMillis event time, epoch milliseconds UTC
 */
public record TrackPoint(double lat, double lon, long timeMillis) {

    /** Great-circle distance to another point, metres. */
    public double metersTo(final TrackPoint other) {
        return GreatCircle.distanceMeters(lat, lon, other.lat, other.lon);
    }

    /** Average speed from an earlier point to this one, km/h; infinite for no elapsed time. */
    public double kmhFrom(final TrackPoint earlier) {
        final long millis = timeMillis - earlier.timeMillis;
        return millis <= 0 ? Double.POSITIVE_INFINITY : metersTo(earlier) / millis * 3_600.0;
    }
}
