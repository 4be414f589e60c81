package io.coldchain.rules.route;

import io.coldchain.domain.GeoPoint;
import java.util.Arrays;
import java.util.List;

/**
 * A planned route prepared for matching fixes against it without scanning every leg.
 *
 * <p>Two searches, both exact about what matters:
 * <ul>
 *   <li><b>Tracking</b> ({@link #locate}): trucks move forward along the route, so the leg matched
 *       for the previous fix is a strong hint. A window of legs around it is evaluated, and slid
 *       forward while the best leg is the window's last one and the fix lies beyond its end (a long
 *       gap between fixes). If the best leg in the window is within the accepted distance (the
 *       corridor), the fix is inside the corridor whatever the other legs say, so the answer is
 *       final. Cost: a few dozen legs per fix, independent of route length.</li>
 *   <li><b>Re-acquisition</b> ({@link #nearest}): for the first fix, and for every fix the window
 *       places outside the corridor, the true nearest leg is found. Consecutive legs are grouped
 *       into about √n blocks, each bounded by a spherical cap; blocks are visited in order of the
 *       lower bound "distance to the cap" and the search stops when that bound exceeds the best
 *       distance found. Cost: O(√n) plus the legs of the few blocks near the fix.</li>
 * </ul>
 * A grid of lat/lon cells would do as well for re-acquisition, but caps on unit vectors need no
 * special cases at the antimeridian or the poles, and consecutive legs make tight blocks.
 *
 * <p>Immutable and built once per plan (see {@link RouteIndexCache}); never serialized.
 */
public final class RouteIndex {

    /** Legs evaluated behind the hint (GPS noise at a leg boundary, a short reversal). */
    private static final int WINDOW_BEHIND = 2;
    /** Legs evaluated ahead of the hint before sliding. */
    private static final int WINDOW_AHEAD = 24;
    private static final int MIN_BLOCK = 8;
    private static final double DEGENERATE_RADIANS = 1e-12;

    private final double[] x;
    private final double[] y;
    private final double[] z;
    // Per leg: the normal of its great circle, the tangent at its start, its length and start offset (radians).
    private final double[] nx;
    private final double[] ny;
    private final double[] nz;
    private final double[] tx;
    private final double[] ty;
    private final double[] tz;
    private final double[] legRadians;
    private final double[] startRadians;
    private final int blockSize;
    private final double[] capX;
    private final double[] capY;
    private final double[] capZ;
    private final double[] capRadians;
    private final double totalMeters;

    private RouteIndex(final double[] lats, final double[] lons) {
        final int points = lats.length;
        final int legs = Math.max(1, points - 1);
        x = new double[points];
        y = new double[points];
        z = new double[points];
        for (int i = 0; i < points; i++) {
            final double[] u = GreatCircle.unit(lats[i], lons[i]);
            x[i] = u[0];
            y[i] = u[1];
            z[i] = u[2];
        }
        nx = new double[legs];
        ny = new double[legs];
        nz = new double[legs];
        tx = new double[legs];
        ty = new double[legs];
        tz = new double[legs];
        legRadians = new double[legs];
        startRadians = new double[legs];
        double along = 0;
        for (int i = 0; i < legs; i++) {
            final int a = i;
            final int b = Math.min(i + 1, points - 1);
            final double cx = y[a] * z[b] - z[a] * y[b];
            final double cy = z[a] * x[b] - x[a] * z[b];
            final double cz = x[a] * y[b] - y[a] * x[b];
            final double norm = Math.sqrt(cx * cx + cy * cy + cz * cz);
            legRadians[i] = Math.atan2(norm, x[a] * x[b] + y[a] * y[b] + z[a] * z[b]);
            startRadians[i] = along;
            along += legRadians[i];
            if (legRadians[i] > DEGENERATE_RADIANS && norm > 1e-15) {
                nx[i] = cx / norm;
                ny[i] = cy / norm;
                nz[i] = cz / norm;
                tx[i] = ny[i] * z[a] - nz[i] * y[a];
                ty[i] = nz[i] * x[a] - nx[i] * z[a];
                tz[i] = nx[i] * y[a] - ny[i] * x[a];
            } else {
                legRadians[i] = 0; // a repeated waypoint: the leg is a point
            }
        }
        totalMeters = along * GreatCircle.EARTH_RADIUS_METERS;
        blockSize = Math.max(MIN_BLOCK, (int) Math.ceil(Math.sqrt(legs)));
        final int blocks = (legs + blockSize - 1) / blockSize;
        capX = new double[blocks];
        capY = new double[blocks];
        capZ = new double[blocks];
        capRadians = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            buildCap(k, Math.min(k * blockSize, points - 1), Math.min((k + 1) * blockSize, points - 1));
        }
    }

    /** An index of the polyline through {@code waypoints}; at least one point. */
    public static RouteIndex of(final List<GeoPoint> waypoints) {
        if (waypoints.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one waypoint");
        }
        final double[] lats = new double[waypoints.size()];
        final double[] lons = new double[waypoints.size()];
        for (int i = 0; i < lats.length; i++) {
            lats[i] = waypoints.get(i).lat();
            lons[i] = waypoints.get(i).lon();
        }
        return new RouteIndex(lats, lons);
    }

    public int legs() {
        return legRadians.length;
    }

    public int waypoints() {
        return x.length;
    }

    /** Length of the route along its legs, metres. */
    public double totalMeters() {
        return totalMeters;
    }

    /**
     * Matches a fix, starting from the leg matched last time.
     *
     * @param hintLeg      the leg matched for the previous fix, or -1 if none
     * @param acceptMeters a windowed match at most this far from the route is final (the corridor
     *                     half-width); a farther one is checked against the whole route
     */
    public RouteMatch locate(final double lat, final double lon, final int hintLeg, final double acceptMeters) {
        final double[] p = GreatCircle.unit(lat, lon);
        if (hintLeg >= 0 && hintLeg < legs()) {
            final Best best = new Best();
            int lo = Math.max(0, hintLeg - WINDOW_BEHIND);
            int hi = Math.min(legs() - 1, hintLeg + WINDOW_AHEAD);
            scan(p, lo, hi, best);
            while (best.leg == hi && best.beyondEnd && hi < legs() - 1) {
                final double before = best.radians;
                lo = hi + 1;
                hi = Math.min(legs() - 1, hi + WINDOW_AHEAD);
                scan(p, lo, hi, best);
                if (best.radians >= before) {
                    break;
                }
            }
            if (best.radians * GreatCircle.EARTH_RADIUS_METERS <= acceptMeters) {
                return best.toMatch();
            }
        }
        return nearest(p);
    }

    /** The exact nearest point of the route, found through the block caps. */
    public RouteMatch nearest(final double lat, final double lon) {
        return nearest(GreatCircle.unit(lat, lon));
    }

    /** The exact nearest point of the route by evaluating every leg: the baseline the index is measured against. */
    public RouteMatch nearestByFullScan(final double lat, final double lon) {
        final Best best = new Best();
        scan(GreatCircle.unit(lat, lon), 0, legs() - 1, best);
        return best.toMatch();
    }

    private RouteMatch nearest(final double[] p) {
        final int blocks = capRadians.length;
        final double[] lowerBound = new double[blocks];
        final Integer[] order = new Integer[blocks];
        for (int k = 0; k < blocks; k++) {
            lowerBound[k] = Math.max(0, GreatCircle.angle(p[0], p[1], p[2], capX[k], capY[k], capZ[k]) - capRadians[k]);
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(lowerBound[a], lowerBound[b]));
        final Best best = new Best();
        for (final int k : order) {
            if (lowerBound[k] > best.radians) {
                break;
            }
            scan(p, k * blockSize, Math.min((k + 1) * blockSize, legs()) - 1, best);
        }
        return best.toMatch();
    }

    private void scan(final double[] p, final int from, final int to, final Best best) {
        final double px = p[0];
        final double py = p[1];
        final double pz = p[2];
        for (int i = from; i <= to; i++) {
            final double length = legRadians[i];
            final double distance;
            final double along;
            boolean beyondEnd = false;
            if (length == 0) {
                distance = GreatCircle.angle(px, py, pz, x[i], y[i], z[i]);
                along = 0;
                beyondEnd = true;
            } else {
                final double onLeg = Math.atan2(px * tx[i] + py * ty[i] + pz * tz[i], px * x[i] + py * y[i] + pz * z[i]);
                if (onLeg < 0) {
                    distance = GreatCircle.angle(px, py, pz, x[i], y[i], z[i]);
                    along = 0;
                } else if (onLeg > length) {
                    distance = GreatCircle.angle(px, py, pz, x[i + 1], y[i + 1], z[i + 1]);
                    along = length;
                    beyondEnd = true;
                } else {
                    distance = Math.abs(Math.asin(GreatCircle.clamp(px * nx[i] + py * ny[i] + pz * nz[i])));
                    along = onLeg;
                }
            }
            if (distance < best.radians) {
                best.radians = distance;
                best.leg = i;
                best.alongRadians = startRadians[i] + along;
                best.beyondEnd = beyondEnd;
            }
        }
    }

    private void buildCap(final int block, final int fromPoint, final int toPoint) {
        double sx = 0;
        double sy = 0;
        double sz = 0;
        for (int i = fromPoint; i <= toPoint; i++) {
            sx += x[i];
            sy += y[i];
            sz += z[i];
        }
        final double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
        if (norm < 1e-9) {
            capX[block] = x[fromPoint];
            capY[block] = y[fromPoint];
            capZ[block] = z[fromPoint];
            capRadians[block] = Math.PI; // points all round the globe: never pruned
            return;
        }
        capX[block] = sx / norm;
        capY[block] = sy / norm;
        capZ[block] = sz / norm;
        double radius = 0;
        for (int i = fromPoint; i <= toPoint; i++) {
            radius = Math.max(radius, GreatCircle.angle(capX[block], capY[block], capZ[block], x[i], y[i], z[i]));
        }
        // On a leg shorter than a half circle the point farthest from a centre within 90° is an end
        // point, so the end points bound the whole block; beyond that, do not prune.
        capRadians[block] = radius < Math.PI / 2 ? radius + 1e-12 : Math.PI;
    }

    /** Mutable best-so-far of one search. */
    private static final class Best {
        private double radians = Double.POSITIVE_INFINITY;
        private int leg = -1;
        private double alongRadians;
        private boolean beyondEnd;

        private RouteMatch toMatch() {
            return new RouteMatch(leg, radians * GreatCircle.EARTH_RADIUS_METERS,
                    alongRadians * GreatCircle.EARTH_RADIUS_METERS);
        }
    }
}
