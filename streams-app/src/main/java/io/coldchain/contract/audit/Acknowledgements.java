package io.coldchain.contract.audit;

import io.coldchain.schemas.AlertAcknowledgement;
import java.time.Clock;
import java.util.UUID;

/**
 * The one way an acknowledgement is built, for {@code coldchain ack} and {@code POST /api/alerts/{id}/ack}: a new
 * random ack id (so a second acknowledgement is recorded, and a redelivered copy is not), the wall-clock time,
 * names and comment stripped of surrounding blanks. Written keyed by the shipment, like the alert.
 */
public final class Acknowledgements {

    private Acknowledgements() {
    }

    /**
     * @param comment a note for the audit log, or null
     * @throws IllegalArgumentException when the alert id, shipment or author is blank
     */
    public static AlertAcknowledgement of(final String alertId, final String shipmentId, final String by,
                                          final String comment, final Clock clock) {
        if (alertId == null || alertId.isBlank() || shipmentId == null || shipmentId.isBlank() || by == null
                || by.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs an alert id, its shipment and who acknowledges");
        }
        return AlertAcknowledgement.newBuilder()
                .setAckId(UUID.randomUUID().toString())
                .setAlertId(alertId.strip())
                .setShipmentId(shipmentId.strip())
                .setBy(by.strip())
                .setComment(comment == null || comment.isBlank() ? null : comment.strip())
                .setAcknowledgedAt(clock.millis())
                .build();
    }
}
