package io.coldchain.domain;

import java.util.List;

/**
 * The domain twin of the contract's {@code Route} (schemas/Route): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: The planned route as an ordered polyline of great-circle legs.
 *
 * @param waypoints Ordered waypoints from origin to destination (WGS84 degrees); consecutive pairs are legs.
 * @param corridorHalfWidthMeters Half-width of the allowed corridor around the route, in metres.
 */
public record Route(
        List<GeoPoint> waypoints,
        double corridorHalfWidthMeters) {

    public Route {
        waypoints = GeoPoints.copyOf(waypoints); // coordinates, not an object per waypoint: plans stay on the heap
    }
}
