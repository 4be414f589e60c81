package io.coldchain.contract.validation;

import io.coldchain.rules.AlertIds;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.util.Map;

/**
 * The alert raised when a plan is refused: the shipment is not monitored (or still monitored by its previous
 * plan version), and operations must know. Type {@link AlertType#OTHER} with rule id {@value #RULE_ID}: adding an
 * enum symbol would change the Alert schema every consumer decodes, for one rare alert.
 */
public final class PlanRefusedAlert {

    public static final String RULE_ID = "plan-unmonitorable";

    private PlanRefusedAlert() {
    }

    /**
     * @param shipmentId the record key
     * @param planTime   the plan's event time (its {@code issuedAt}, or the time it was taken at)
     */
    public static Alert of(final String shipmentId, final Validation refusal, final long planTime) {
        return Alert.newBuilder()
                .setAlertId(AlertIds.episode(shipmentId, RULE_ID, planTime))
                .setType(AlertType.OTHER)
                .setSeverity(Severity.HIGH)
                .setStatus(AlertStatus.OPEN)
                .setShipmentId(shipmentId)
                .setRuleId(RULE_ID)
                .setFirstEvidenceTime(planTime)
                .setLastEvidenceTime(planTime)
                .setSummary("Shipment " + shipmentId + " is not monitored: its plan was refused ("
                        + refusal + "); republish a corrected plan")
                .setEvidence(Map.of("reason", refusal.reason().tag(), "detail", refusal.detail()))
                .build();
    }
}
