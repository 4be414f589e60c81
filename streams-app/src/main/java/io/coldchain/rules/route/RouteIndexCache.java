package io.coldchain.rules.route;

import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.ShipmentPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route indexes of recently seen shipments, so a fix costs a lookup, not an index build.
 *
 * <p>Keyed by shipment id and checked against a fingerprint of the plan's route points: a re-planned
 * route gets a new index, an unchanged plan (deserialized afresh for every fix) reuses the old one.
 * The fingerprint reads every waypoint, a few nanoseconds each, far below the cost of building the
 * index or of deserializing the plan it came from. Least recently used entries are evicted beyond
 * the capacity. Not thread-safe: one cache per detector, one detector per stream task.
 */
public final class RouteIndexCache {

    private final Map<String, Entry> entries;
    private long builds;

    public RouteIndexCache(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("route index cache capacity must be at least 1, got " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The index of the plan's route, built now if the shipment is new or its route changed. */
    public RouteIndex forPlan(final ShipmentPlan plan) {
        final List<GeoPoint> points = routePoints(plan);
        final long fingerprint = fingerprint(points);
        final Entry cached = entries.get(plan.getShipmentId());
        if (cached != null && cached.fingerprint == fingerprint) {
            return cached.index;
        }
        final RouteIndex index = RouteIndex.of(points);
        builds++;
        entries.put(plan.getShipmentId(), new Entry(fingerprint, index));
        return index;
    }

    /** How many indexes were built so far; tests use it to prove fixes reuse them. */
    public long builds() {
        return builds;
    }

    /** The planned waypoints, or origin → destination when the plan has fewer than two. */
    static List<GeoPoint> routePoints(final ShipmentPlan plan) {
        final List<GeoPoint> waypoints = plan.getRoute().getWaypoints();
        return waypoints.size() >= 2 ? waypoints
                : List.of(plan.getOrigin().getCenter(), plan.getDestination().getCenter());
    }

    private static long fingerprint(final List<GeoPoint> points) {
        long hash = points.size();
        for (final GeoPoint point : points) {
            hash = hash * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(point.getLat());
            hash = hash * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(point.getLon());
        }
        return hash;
    }

    private record Entry(long fingerprint, RouteIndex index) {
    }
}
