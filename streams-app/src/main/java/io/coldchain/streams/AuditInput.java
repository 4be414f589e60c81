package io.coldchain.streams;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;

/** One input of the audit: an alert record read back from the alerts topic, or an acknowledgement. */
record AuditInput(Alert alert, AlertAcknowledgement acknowledgement) {

    static AuditInput of(final Alert alert) {
        return alert == null ? null : new AuditInput(alert, null);
    }

    static AuditInput of(final AlertAcknowledgement acknowledgement) {
        return acknowledgement == null ? null : new AuditInput(null, acknowledgement);
    }

    String alertId() {
        return alert != null ? alert.getAlertId() : acknowledgement.getAlertId();
    }
}
