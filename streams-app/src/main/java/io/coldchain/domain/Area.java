package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code Area} (schemas/Area): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A named circular area: a depot, a pharmacy, a planned stop or a destination.
 *
 * @param name Human-readable name, e.g. 'Frankfurt DC'.
 * @param gln GS1 Global Location Number (13 digits) of the site, if known.
 * @param center Centre of the area (WGS84 degrees).
 * @param radiusMeters Radius of the area in metres.
 */
public record Area(
        String name,
        String gln,
        GeoPoint center,
        double radiusMeters) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.name = name;
        b.gln = gln;
        b.center = center;
        b.radiusMeters = radiusMeters;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String name;
        private String gln;
        private GeoPoint center;
        private double radiusMeters;

        private Builder() {
        }

        public Builder name(final String value) {
            this.name = value;
            return this;
        }

        public Builder gln(final String value) {
            this.gln = value;
            return this;
        }

        public Builder center(final GeoPoint value) {
            this.center = value;
            return this;
        }

        public Builder radiusMeters(final double value) {
            this.radiusMeters = value;
            return this;
        }

        public Area build() {
            return new Area(name, gln, center, radiusMeters);
        }
    }
}
