package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code TemperatureRule} (schemas/TemperatureRule): what the rules see, mapped at
 * one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: One rule of a temperature profile. Thresholds are inclusive, as WHO PQS indicators define
 * them.
 *
 * @param ruleId Stable identifier of the rule within its profile, e.g. 'who-type1-heat-45c-1h'. Part of alert ids.
 * @param kind How the rule is evaluated.
 * @param direction Which side of the limit is a violation.
 * @param limitCelsius The limit in degrees Celsius (inclusive).
 * @param durationMillis Duration in milliseconds for CONSECUTIVE and CUMULATIVE rules; 0 for INSTANT.
 * @param windowMillis Rolling window in milliseconds for MKT rules (24 h = 86400000 for refrigerated products); 0
 *     otherwise.
 * @param severity Severity of the alert this rule raises.
 */
public record TemperatureRule(
        String ruleId,
        TemperatureRuleKind kind,
        LimitDirection direction,
        double limitCelsius,
        long durationMillis,
        long windowMillis,
        Severity severity) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.ruleId = ruleId;
        b.kind = kind;
        b.direction = direction;
        b.limitCelsius = limitCelsius;
        b.durationMillis = durationMillis;
        b.windowMillis = windowMillis;
        b.severity = severity;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String ruleId;
        private TemperatureRuleKind kind;
        private LimitDirection direction;
        private double limitCelsius;
        private long durationMillis = 0L;
        private long windowMillis = 0L;
        private Severity severity;

        private Builder() {
        }

        public Builder ruleId(final String value) {
            this.ruleId = value;
            return this;
        }

        public Builder kind(final TemperatureRuleKind value) {
            this.kind = value;
            return this;
        }

        public Builder direction(final LimitDirection value) {
            this.direction = value;
            return this;
        }

        public Builder limitCelsius(final double value) {
            this.limitCelsius = value;
            return this;
        }

        public Builder durationMillis(final long value) {
            this.durationMillis = value;
            return this;
        }

        public Builder windowMillis(final long value) {
            this.windowMillis = value;
            return this;
        }

        public Builder severity(final Severity value) {
            this.severity = value;
            return this;
        }

        public TemperatureRule build() {
            return new TemperatureRule(ruleId, kind, direction, limitCelsius, durationMillis, windowMillis,
                    severity);
        }
    }
}
