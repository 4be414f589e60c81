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
        waypoints = List.copyOf(waypoints);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.waypoints = waypoints;
        b.corridorHalfWidthMeters = corridorHalfWidthMeters;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private List<GeoPoint> waypoints = List.of();
        private double corridorHalfWidthMeters = 2000.0;

        private Builder() {
        }

        public Builder waypoints(final List<GeoPoint> value) {
            this.waypoints = value;
            return this;
        }

        public Builder corridorHalfWidthMeters(final double value) {
            this.corridorHalfWidthMeters = value;
            return this;
        }

        public Route build() {
            return new Route(waypoints, corridorHalfWidthMeters);
        }
    }
}
