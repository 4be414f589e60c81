package io.coldchain.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The domain twin of the contract's {@code Alert} (schemas/Alert): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: An alert about a shipment or a pack. Keyed by shipmentId. Every state change of one episode
 * (OPEN, UPDATED, RESOLVED) carries the same alertId. The Kafka record timestamp is lastEvidenceTime.
 *
 * @param alertId Deterministic id of the episode: derived from shipment, rule and episode start, so replays produce
 *     the same ids.
 * @param type Alert type.
 * @param severity Current severity of the episode.
 * @param status OPEN when the rule trips, UPDATED on escalation, RESOLVED when the condition clears.
 * @param shipmentId Shipment concerned; also the record key.
 * @param serial SGTIN concerned, for serial findings.
 * @param ruleId Identifier of the rule that raised the alert.
 * @param firstEvidenceTime Event time of the first evidence of the episode, epoch milliseconds UTC.
 * @param lastEvidenceTime Event time of the latest evidence, epoch milliseconds UTC.
 * @param summary One human-readable sentence for an operator.
 * @param evidence Evidence values by name; names end with their unit where they have one (e.g. 'temperatureCelsius',
 *     'distanceMeters', 'durationMillis').
 */
public record Alert(
        String alertId,
        AlertType type,
        Severity severity,
        AlertStatus status,
        String shipmentId,
        String serial,
        String ruleId,
        long firstEvidenceTime,
        long lastEvidenceTime,
        String summary,
        Map<String, String> evidence) {

    public Alert {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.alertId = alertId;
        b.type = type;
        b.severity = severity;
        b.status = status;
        b.shipmentId = shipmentId;
        b.serial = serial;
        b.ruleId = ruleId;
        b.firstEvidenceTime = firstEvidenceTime;
        b.lastEvidenceTime = lastEvidenceTime;
        b.summary = summary;
        b.evidence = evidence;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String alertId;
        private AlertType type;
        private Severity severity;
        private AlertStatus status;
        private String shipmentId;
        private String serial;
        private String ruleId;
        private long firstEvidenceTime;
        private long lastEvidenceTime;
        private String summary;
        private Map<String, String> evidence = Map.of();

        private Builder() {
        }

        public Builder alertId(final String value) {
            this.alertId = value;
            return this;
        }

        public Builder type(final AlertType value) {
            this.type = value;
            return this;
        }

        public Builder severity(final Severity value) {
            this.severity = value;
            return this;
        }

        public Builder status(final AlertStatus value) {
            this.status = value;
            return this;
        }

        public Builder shipmentId(final String value) {
            this.shipmentId = value;
            return this;
        }

        public Builder serial(final String value) {
            this.serial = value;
            return this;
        }

        public Builder ruleId(final String value) {
            this.ruleId = value;
            return this;
        }

        public Builder firstEvidenceTime(final long value) {
            this.firstEvidenceTime = value;
            return this;
        }

        public Builder lastEvidenceTime(final long value) {
            this.lastEvidenceTime = value;
            return this;
        }

        public Builder summary(final String value) {
            this.summary = value;
            return this;
        }

        public Builder evidence(final Map<String, String> value) {
            this.evidence = value;
            return this;
        }

        public Alert build() {
            return new Alert(alertId, type, severity, status, shipmentId, serial, ruleId, firstEvidenceTime,
                    lastEvidenceTime, summary, evidence);
        }
    }
}
