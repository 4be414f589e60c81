package io.coldchain.cli.score;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import java.util.Objects;

/**
 * The parts of an alert the scorecard looks at, read from the alerts topic or from a JSON Lines export.
 *
 * @param alertId          id of the episode (OPEN, UPDATED and RESOLVED share it)
 * @param type             what was detected
 * @param status           OPEN, UPDATED or RESOLVED
 * @param shipmentId       the shipment concerned
 * @param serial           the SGTIN concerned, or null
 * @param ruleId           the rule that raised it
 * @param lastEvidenceTime event time of its latest evidence, epoch millis UTC
 */
public record ObservedAlert(String alertId, AlertType type, AlertStatus status, String shipmentId, String serial,
                            String ruleId, long lastEvidenceTime) {

    public ObservedAlert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(shipmentId, "shipmentId");
    }

    public static ObservedAlert of(final Alert alert) {
        return new ObservedAlert(alert.getAlertId(), alert.getType(), alert.getStatus(), alert.getShipmentId(),
                alert.getSerial(), alert.getRuleId(), alert.getLastEvidenceTime());
    }
}
