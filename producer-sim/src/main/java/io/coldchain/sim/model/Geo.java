package io.coldchain.sim.model;

/**
 * Spherical-earth geometry (R = 6371 km, the radius the route rules use): great-circle distance,
 * points along a great circle, and small local offsets for GPS noise.
 *
 * <p>Written apart from the route rules' {@code GreatCircle} on purpose: the simulator is the ground truth the
 * detectors are scored against, and a bug shared by both would score 1.0.
 */
public final class Geo {

    public static final double EARTH_RADIUS_METERS = 6_371_000.0;

    private Geo() {
    }

    /** Great-circle (haversine) distance in metres. */
    public static double distanceMeters(final LatLon a, final LatLon b) {
        final double phi1 = Math.toRadians(a.lat());
        final double phi2 = Math.toRadians(b.lat());
        final double dPhi = phi2 - phi1;
        final double dLambda = Math.toRadians(b.lon() - a.lon());
        final double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * The point at {@code fraction} (0 = {@code a}, 1 = {@code b}) of the great-circle arc from {@code a} to
     * {@code b}.
     */
    public static LatLon interpolate(final LatLon a, final LatLon b, final double fraction) {
        if (fraction <= 0) {
            return a;
        }
        if (fraction >= 1) {
            return b;
        }
        final double delta = distanceMeters(a, b) / EARTH_RADIUS_METERS;
        if (delta < 1e-12) {
            return a;
        }
        final double f = fraction;
        final double phi1 = Math.toRadians(a.lat());
        final double lambda1 = Math.toRadians(a.lon());
        final double phi2 = Math.toRadians(b.lat());
        final double lambda2 = Math.toRadians(b.lon());
        final double wa = Math.sin((1 - f) * delta) / Math.sin(delta);
        final double wb = Math.sin(f * delta) / Math.sin(delta);
        final double x = wa * Math.cos(phi1) * Math.cos(lambda1) + wb * Math.cos(phi2) * Math.cos(lambda2);
        final double y = wa * Math.cos(phi1) * Math.sin(lambda1) + wb * Math.cos(phi2) * Math.sin(lambda2);
        final double z = wa * Math.sin(phi1) + wb * Math.sin(phi2);
        return new LatLon(Math.toDegrees(Math.atan2(z, Math.hypot(x, y))), Math.toDegrees(Math.atan2(y, x)));
    }

    /** Initial great-circle bearing from {@code a} to {@code b}, degrees clockwise from north, 0..360. */
    public static double bearingDegrees(final LatLon a, final LatLon b) {
        final double phi1 = Math.toRadians(a.lat());
        final double phi2 = Math.toRadians(b.lat());
        final double dLambda = Math.toRadians(b.lon() - a.lon());
        final double theta = Math.atan2(Math.sin(dLambda) * Math.cos(phi2),
                Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda));
        return (Math.toDegrees(theta) + 360) % 360;
    }

    /** The point {@code meters} from {@code p} along the great circle leaving it at {@code bearingDegrees}. */
    public static LatLon destination(final LatLon p, final double bearingDegrees, final double meters) {
        final double delta = meters / EARTH_RADIUS_METERS;
        final double theta = Math.toRadians(bearingDegrees);
        final double phi1 = Math.toRadians(p.lat());
        final double lambda1 = Math.toRadians(p.lon());
        final double sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
        final double phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
        final double lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * sinPhi2);
        double lon = Math.toDegrees(lambda2);
        lon = ((lon + 540) % 360) - 180;
        return new LatLon(Math.toDegrees(phi2), lon);
    }

    /** {@code p} moved by a small distance north and east (metres); fine for GPS noise, not for long hops. */
    public static LatLon offset(final LatLon p, final double northMeters, final double eastMeters) {
        final double lat = p.lat() + Math.toDegrees(northMeters / EARTH_RADIUS_METERS);
        final double cosLat = Math.max(1e-6, Math.cos(Math.toRadians(p.lat())));
        double lon = p.lon() + Math.toDegrees(eastMeters / (EARTH_RADIUS_METERS * cosLat));
        if (lon > 180) {
            lon -= 360;
        } else if (lon < -180) {
            lon += 360;
        }
        return new LatLon(Math.max(-90, Math.min(90, lat)), lon);
    }
}
