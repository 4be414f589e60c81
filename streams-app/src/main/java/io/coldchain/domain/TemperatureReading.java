package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code TemperatureReading} (schemas/TemperatureReading): what the rules see,
 * mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: One temperature sample from a logger travelling with a shipment. Keyed by shipmentId; the
 * Kafka record timestamp is eventTime.
 *
 * @param deviceId Identifier of the logger.
 * @param shipmentId Shipment the logger travels with; also the record key.
 * @param eventTime When the sample was taken, epoch milliseconds UTC (device clock).
 * @param temperatureCelsius Measured temperature in degrees Celsius.
 * @param batteryPercent Logger battery charge in percent (0..100), if reported.
 */
public record TemperatureReading(
        String deviceId,
        String shipmentId,
        long eventTime,
        double temperatureCelsius,
        Float batteryPercent) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.deviceId = deviceId;
        b.shipmentId = shipmentId;
        b.eventTime = eventTime;
        b.temperatureCelsius = temperatureCelsius;
        b.batteryPercent = batteryPercent;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String deviceId;
        private String shipmentId;
        private long eventTime;
        private double temperatureCelsius;
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

        public Builder temperatureCelsius(final double value) {
            this.temperatureCelsius = value;
            return this;
        }

        public Builder batteryPercent(final Float value) {
            this.batteryPercent = value;
            return this;
        }

        public TemperatureReading build() {
            return new TemperatureReading(deviceId, shipmentId, eventTime, temperatureCelsius, batteryPercent);
        }
    }
}
