package io.coldchain.streams;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;

/** One input of the audit: an alert record read back from the alerts topic, or an acknowledgement. */
public record AuditInput(Alert alert, AlertAcknowledgement acknowledgement) {

    public static AuditInput of(final Alert alert) {
        return alert == null ? null : new AuditInput(alert, null);
    }

    public static AuditInput of(final AlertAcknowledgement acknowledgement) {
        return acknowledgement == null ? null : new AuditInput(null, acknowledgement);
    }

    public String alertId() {
        return alert != null ? alert.getAlertId() : acknowledgement.getAlertId();
    }
}
