package io.coldchain.contract.audit;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.time.Instant;
import java.util.Map;

/** Alerts and acknowledgements for the audit tests. */
public final class AuditFixtures {

    public static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    public static final String SHIPMENT = "SHP-AUDIT-1";
    public static final String ALERT_ID = "3f0e8d6c-audit-alert-1";

    private AuditFixtures() {
    }

    /** An alert record of the episode {@link #ALERT_ID} of {@link #SHIPMENT}, at {@code T0 + minutes}. */
    public static Alert alert(final AlertStatus status, final Severity severity, final long minutes) {
        return Alert.newBuilder()
                .setAlertId(ALERT_ID)
                .setType(AlertType.TEMPERATURE_EXCURSION)
                .setSeverity(severity)
                .setStatus(status)
                .setShipmentId(SHIPMENT)
                .setSerial(null)
                .setRuleId("refrigerated-2-8-band")
                .setFirstEvidenceTime(T0.toEpochMilli())
                .setLastEvidenceTime(T0.plusSeconds(60 * minutes).toEpochMilli())
                .setSummary("Above 8.0 °C since 08:00 UTC.")
                .setEvidence(Map.of())
                .build();
    }

    public static AlertAcknowledgement ack(final String ackId, final String by, final String comment,
                                           final long minutes) {
        return AlertAcknowledgement.newBuilder()
                .setAckId(ackId)
                .setAlertId(ALERT_ID)
                .setShipmentId(SHIPMENT)
                .setBy(by)
                .setComment(comment)
                .setAcknowledgedAt(T0.plusSeconds(60 * minutes).toEpochMilli())
                .build();
    }
}
