package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code GeoPoint} (schemas/GeoPoint): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A position on the WGS84 ellipsoid.
 *
 * @param lat Latitude in decimal degrees (WGS84), -90..90.
 * @param lon Longitude in decimal degrees (WGS84), -180..180.
 */
public record GeoPoint(
        double lat,
        double lon) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.lat = lat;
        b.lon = lon;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private double lat;
        private double lon;

        private Builder() {
        }

        public Builder lat(final double value) {
            this.lat = value;
            return this;
        }

        public Builder lon(final double value) {
            this.lon = value;
            return this;
        }

        public GeoPoint build() {
            return new GeoPoint(lat, lon);
        }
    }
}
