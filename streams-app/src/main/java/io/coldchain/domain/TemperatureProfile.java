package io.coldchain.domain;

import java.util.List;

/**
 * The domain twin of the contract's {@code TemperatureProfile} (schemas/TemperatureProfile): what the rules see,
 * mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A product temperature profile: the storage band and the rules that define an excursion.
 *
 * @param name Profile name, e.g. 'refrigerated-2-8'.
 * @param minCelsius Lower bound of the storage band in degrees Celsius (inclusive, in range).
 * @param maxCelsius Upper bound of the storage band in degrees Celsius (inclusive, in range).
 * @param rules Excursion rules evaluated in addition to the band.
 * @param maxReadingGapMillis Longest interval in milliseconds one reading may stand for; a longer gap is missing data.
 * @param maxSilenceMillis Longest time in milliseconds without a reading while in transit before SENSOR_SILENT is
 *     raised.
 * @param stabilityBudgetMillis Stability budget: total time outside the band allowed over the shipment (time out of
 *     refrigeration), in milliseconds; 0 = none.
 */
public record TemperatureProfile(
        String name,
        double minCelsius,
        double maxCelsius,
        List<TemperatureRule> rules,
        long maxReadingGapMillis,
        long maxSilenceMillis,
        long stabilityBudgetMillis) {

    public TemperatureProfile {
        rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.name = name;
        b.minCelsius = minCelsius;
        b.maxCelsius = maxCelsius;
        b.rules = rules;
        b.maxReadingGapMillis = maxReadingGapMillis;
        b.maxSilenceMillis = maxSilenceMillis;
        b.stabilityBudgetMillis = stabilityBudgetMillis;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String name;
        private double minCelsius;
        private double maxCelsius;
        private List<TemperatureRule> rules = List.of();
        private long maxReadingGapMillis = 1800000L;
        private long maxSilenceMillis = 3600000L;
        private long stabilityBudgetMillis = 0L;

        private Builder() {
        }

        public Builder name(final String value) {
            this.name = value;
            return this;
        }

        public Builder minCelsius(final double value) {
            this.minCelsius = value;
            return this;
        }

        public Builder maxCelsius(final double value) {
            this.maxCelsius = value;
            return this;
        }

        public Builder rules(final List<TemperatureRule> value) {
            this.rules = value;
            return this;
        }

        public Builder maxReadingGapMillis(final long value) {
            this.maxReadingGapMillis = value;
            return this;
        }

        public Builder maxSilenceMillis(final long value) {
            this.maxSilenceMillis = value;
            return this;
        }

        public Builder stabilityBudgetMillis(final long value) {
            this.stabilityBudgetMillis = value;
            return this;
        }

        public TemperatureProfile build() {
            return new TemperatureProfile(name, minCelsius, maxCelsius, rules, maxReadingGapMillis,
                    maxSilenceMillis, stabilityBudgetMillis);
        }
    }
}
