package io.coldchain.rules.route;

import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.ShipmentPlan;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route indexes of recently seen shipments, so a fix costs a lookup, not an index build.
 *
 * <p>Keyed by shipment id and checked against the plan's route points: the very same waypoint list
 * object (a caller that caches plans) is recognised by identity in O(1); a plan deserialized afresh
 * for the fix is recognised by a fingerprint of every waypoint (one to two nanoseconds each, an order
 * of magnitude below deserializing the plan it came from). A re-planned route gets a new index.
 *
 * <p>Bounded by the total number of waypoints indexed (an index holds about 90 bytes per waypoint);
 * least recently used routes are evicted first, the most recent one is always kept. Not
 * thread-safe: one cache per detector, one detector per stream task.
 */
public final class RouteIndexCache {

    private final long maxWaypoints;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long waypoints;
    private long builds;

    public RouteIndexCache(final long maxWaypoints) {
        if (maxWaypoints < 1) {
            throw new IllegalArgumentException("route index cache must hold at least 1 waypoint, got " + maxWaypoints);
        }
        this.maxWaypoints = maxWaypoints;
    }

    /** The index of the plan's route, built now if the shipment is new or its route changed. */
    public RouteIndex forPlan(final ShipmentPlan plan) {
        final List<GeoPoint> points = routePoints(plan);
        final Entry cached = entries.get(plan.shipmentId());
        if (cached != null && cached.source.get() == points) {
            return cached.index;
        }
        final long fingerprint = fingerprint(points);
        if (cached != null && cached.fingerprint == fingerprint) {
            entries.put(plan.shipmentId(), new Entry(fingerprint, new WeakReference<>(points), cached.index));
            return cached.index;
        }
        final RouteIndex index = RouteIndex.of(points);
        builds++;
        final Entry replaced = entries.put(plan.shipmentId(), new Entry(fingerprint, new WeakReference<>(points), index));
        waypoints += points.size() - (replaced == null ? 0 : replaced.index.waypoints());
        evict();
        return index;
    }

    /** How many indexes were built so far; tests use it to prove fixes reuse them. */
    public long builds() {
        return builds;
    }

    /** The planned waypoints, or origin → destination when the plan has fewer than two. */
    static List<GeoPoint> routePoints(final ShipmentPlan plan) {
        final List<GeoPoint> waypoints = plan.route().waypoints();
        return waypoints.size() >= 2 ? waypoints
                : List.of(plan.origin().center(), plan.destination().center());
    }

    private void evict() {
        final Iterator<Entry> eldestFirst = entries.values().iterator();
        while (waypoints > maxWaypoints && entries.size() > 1) {
            waypoints -= eldestFirst.next().index.waypoints();
            eldestFirst.remove();
        }
    }

    /** An order-sensitive hash of every coordinate; two independent lanes halve the multiply chain. */
    private static long fingerprint(final List<GeoPoint> points) {
        long lats = points.size();
        long lons = 0;
        for (final GeoPoint point : points) {
            lats = lats * 0x9E3779B97F4A7C15L + Double.doubleToRawLongBits(point.lat());
            lons = lons * 0xC2B2AE3D27D4EB4FL + Double.doubleToRawLongBits(point.lon());
        }
        return lats * 31 + lons;
    }

    private record Entry(long fingerprint, WeakReference<List<GeoPoint>> source, RouteIndex index) {
    }
}
