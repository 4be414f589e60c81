package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code LocationFix} (schemas/LocationFix): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: One GPS fix from a tracker travelling with a shipment. Keyed by shipmentId; the Kafka record
 * timestamp is eventTime.
 *
 * @param deviceId Identifier of the tracker.
 * @param shipmentId Shipment the tracker travels with; also the record key.
 * @param eventTime When the fix was taken, epoch milliseconds UTC.
 * @param lat Latitude in decimal degrees (WGS84).
 * @param lon Longitude in decimal degrees (WGS84).
 * @param accuracyMeters Reported horizontal accuracy (1-sigma radius) in metres, if known.
 * @param speedKmh Ground speed reported by the device in km/h, if known.
 * @param batteryPercent Tracker battery charge in percent (0..100), if reported.
 */
public record LocationFix(
        String deviceId,
        String shipmentId,
        long eventTime,
        double lat,
        double lon,
        Double accuracyMeters,
        Double speedKmh,
        Float batteryPercent) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.deviceId = deviceId;
        b.shipmentId = shipmentId;
        b.eventTime = eventTime;
        b.lat = lat;
        b.lon = lon;
        b.accuracyMeters = accuracyMeters;
        b.speedKmh = speedKmh;
        b.batteryPercent = batteryPercent;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String deviceId;
        private String shipmentId;
        private long eventTime;
        private double lat;
        private double lon;
        private Double accuracyMeters;
        private Double speedKmh;
        private Float batteryPercent;

        private Builder() {
        }

        public Builder deviceId(final String value) {
            this.deviceId = value;
            return this;
        }

        public Builder shipmentId(final String value) {
            this.shipmentId = value;
            return this;
        }

        public Builder eventTime(final long value) {
            this.eventTime = value;
            return this;
        }

        public Builder lat(final double value) {
            this.lat = value;
            return this;
        }

        public Builder lon(final double value) {
            this.lon = value;
            return this;
        }

        public Builder accuracyMeters(final Double value) {
            this.accuracyMeters = value;
            return this;
        }

        public Builder speedKmh(final Double value) {
            this.speedKmh = value;
            return this;
        }

        public Builder batteryPercent(final Float value) {
            this.batteryPercent = value;
            return this;
        }

        public LocationFix build() {
            return new LocationFix(deviceId, shipmentId, eventTime, lat, lon, accuracyMeters, speedKmh,
                    batteryPercent);
        }
    }
}
