package io.coldchain.rules.route;

/**
 * Spherical-earth geometry on the mean earth radius (R = 6371 km), the model the route rules are
 * specified in: haversine distance, initial bearing, destination point, and the signed cross-track
 * and along-track distances of a point to the great circle through a leg.
 *
 * <p>Cross- and along-track distances are computed with unit vectors rather than the bearing form
 * {@code asin(sin δ·sin(θAP − θAB))}: the same quantities, exact at short range (no {@code acos} of
 * values near 1) and cheap enough for {@link RouteIndex} to evaluate many legs per fix.
 */
public final class GreatCircle {

    /** Mean earth radius in metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_000.0;

    private GreatCircle() {
    }

    /** Great-circle distance in metres (haversine). */
    public static double distanceMeters(final double lat1, final double lon1, final double lat2, final double lon2) {
        final double phi1 = Math.toRadians(lat1);
        final double phi2 = Math.toRadians(lat2);
        final double sinDPhi = Math.sin((phi2 - phi1) / 2);
        final double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        final double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Initial bearing from the first point towards the second, degrees clockwise from north in [0, 360). */
    public static double initialBearingDegrees(final double lat1, final double lon1, final double lat2,
                                               final double lon2) {
        final double phi1 = Math.toRadians(lat1);
        final double phi2 = Math.toRadians(lat2);
        final double dLambda = Math.toRadians(lon2 - lon1);
        final double y = Math.sin(dLambda) * Math.cos(phi2);
        final double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }

    /** The point reached from a start point by travelling {@code meters} along a great circle at an initial bearing. */
    public static double[] destination(final double lat, final double lon, final double bearingDegrees,
                                       final double meters) {
        final double delta = meters / EARTH_RADIUS_METERS;
        final double theta = Math.toRadians(bearingDegrees);
        final double phi1 = Math.toRadians(lat);
        final double lambda1 = Math.toRadians(lon);
        final double sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
        final double phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
        final double lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * sinPhi2);
        return new double[] {Math.toDegrees(phi2), normaliseLongitude(Math.toDegrees(lambda2))};
    }

    /**
     * Signed cross-track distance in metres of point P from the great circle through A towards B:
     * positive to the right of the direction of travel, negative to the left.
     */
    public static double crossTrackMeters(final double latP, final double lonP, final double latA, final double lonA,
                                          final double latB, final double lonB) {
        final double[] n = normal(unit(latA, lonA), unit(latB, lonB));
        return -Math.asin(clamp(dot(unit(latP, lonP), n))) * EARTH_RADIUS_METERS;
    }

    /**
     * Signed along-track distance in metres from A to the foot of the perpendicular from P on the
     * great circle through A towards B; negative when the foot lies behind A. Not clamped to the leg.
     */
    public static double alongTrackMeters(final double latP, final double lonP, final double latA, final double lonA,
                                          final double latB, final double lonB) {
        final double[] a = unit(latA, lonA);
        final double[] p = unit(latP, lonP);
        final double[] tangent = cross(normal(a, unit(latB, lonB)), a);
        return Math.atan2(dot(p, tangent), dot(p, a)) * EARTH_RADIUS_METERS;
    }

    /** The unit vector (x towards 0°N 0°E, z towards the north pole) of a position. */
    static double[] unit(final double lat, final double lon) {
        final double phi = Math.toRadians(lat);
        final double lambda = Math.toRadians(lon);
        final double cosPhi = Math.cos(phi);
        return new double[] {cosPhi * Math.cos(lambda), cosPhi * Math.sin(lambda), Math.sin(phi)};
    }

    /** Angle in radians between two unit vectors, accurate at any range. */
    static double angle(final double ax, final double ay, final double az, final double bx, final double by,
                        final double bz) {
        final double cx = ay * bz - az * by;
        final double cy = az * bx - ax * bz;
        final double cz = ax * by - ay * bx;
        return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
    }

    private static double[] normal(final double[] a, final double[] b) {
        final double[] n = cross(a, b);
        final double norm = Math.sqrt(dot(n, n));
        if (norm < 1e-15) {
            throw new IllegalArgumentException("a leg needs two distinct, non-antipodal end points");
        }
        return new double[] {n[0] / norm, n[1] / norm, n[2] / norm};
    }

    private static double[] cross(final double[] a, final double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(final double[] a, final double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double clamp(final double value) {
        return Math.max(-1, Math.min(1, value));
    }

    private static double normaliseLongitude(final double lon) {
        return ((lon + 540) % 360) - 180;
    }
}
