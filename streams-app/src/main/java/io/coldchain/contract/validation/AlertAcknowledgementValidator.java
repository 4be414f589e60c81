package io.coldchain.contract.validation;

import io.coldchain.schemas.AlertAcknowledgement;

/**
 * The door for acknowledgements: a key equal to the shipment id (so the acknowledgement is audited in the
 * partition of its alert), non-blank ids and author of sane length, a plausible time.
 */
public final class AlertAcknowledgementValidator {

    private final EventTimeWindow window;

    public AlertAcknowledgementValidator(final EventTimeWindow window) {
        this.window = window;
    }

    /** @param now the wall clock at processing, epoch ms */
    public Validation check(final String key, final AlertAcknowledgement ack, final long now) {
        return Checks.first(
                Checks.key(key, "record acknowledging an alert"),
                required(ack.getAckId(), "ackId"),
                required(ack.getAlertId(), "alertId"),
                required(ack.getShipmentId(), "shipmentId"),
                required(ack.getBy(), "by"),
                Checks.id(ack.getAckId(), "ackId"),
                Checks.id(ack.getAlertId(), "alertId"),
                Checks.id(ack.getShipmentId(), "shipmentId"),
                Checks.id(ack.getBy(), "by"),
                key == null || key.equals(ack.getShipmentId()) ? null : Validation.invalid(Reason.KEY_MISMATCH,
                        "an acknowledgement keyed by " + key + " names shipment " + ack.getShipmentId()),
                window.check(ack.getAcknowledgedAt(), now, "acknowledgedAt"));
    }

    private static Validation required(final String value, final String what) {
        return value == null || value.isBlank() ? Validation.invalid(Reason.MISSING_FIELD, what + " is blank") : null;
    }
}
