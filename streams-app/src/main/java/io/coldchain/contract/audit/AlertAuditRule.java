package io.coldchain.contract.audit;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which alert records and acknowledgements change an alert's state, and so are audited.
 * <ul>
 *   <li>An alert record is a change (OPEN → OPENED, UPDATED → UPDATED, RESOLVED → RESOLVED) unless it repeats the
 *   latest one recorded (same status, severity and lastEvidenceTime): a copy read twice is audited once.</li>
 *   <li>An acknowledgement is a change (ACKNOWLEDGED) unless its {@code ackId} was recorded already: a redelivered
 *   copy changes nothing. A second acknowledgement (another ackId) is recorded: who looked at an alert, and when,
 *   is what an audit is for. An acknowledgement of an alert not seen (yet) is recorded too, with a null status.</li>
 * </ul>
 * No clock: the outcome depends on the inputs only.
 */
public final class AlertAuditRule {

    /** The outcome of one input: the new state and, if it changed anything, the audit record to seal. */
    public record Outcome(AlertAuditState state, Optional<AuditRecord.Builder> change) {

        static Outcome unchanged(final AlertAuditState state) {
            return new Outcome(state, Optional.empty());
        }
    }

    public Outcome onAlert(final AlertAuditState state, final Alert alert) {
        if (state != null && state.status() != null && state.status().equals(alert.getStatus().name())
                && state.severity().equals(alert.getSeverity().name())
                && state.lastEvidenceTime() == alert.getLastEvidenceTime()) {
            return Outcome.unchanged(state);
        }
        final AlertAuditState next = new AlertAuditState(alert.getShipmentId(), alert.getStatus().name(),
                alert.getSeverity().name(), alert.getLastEvidenceTime(),
                state == null ? List.of() : state.ackIds(), state == null ? null : state.lastAckBy(),
                alert.getType().name(), alert.getRuleId(), alert.getFirstEvidenceTime(), alert.getSummary(),
                alert.getEvidence(), state == null ? null : state.lastAckComment(), state == null ? 0 : state.lastAckAt());
        return new Outcome(next, Optional.of(AuditRecord.newBuilder()
                .setAlertId(alert.getAlertId())
                .setShipmentId(alert.getShipmentId())
                .setChange(change(alert.getStatus()))
                .setStatus(alert.getStatus())
                .setBy(null)
                .setComment(null)
                .setEventTime(alert.getLastEvidenceTime())
                .setSourceId(alert.getAlertId())));
    }

    public Outcome onAcknowledgement(final AlertAuditState state, final AlertAcknowledgement ack) {
        if (state != null && state.ackIds().contains(ack.getAckId())) {
            return Outcome.unchanged(state);
        }
        final List<String> ackIds = new ArrayList<>(state == null ? List.of() : state.ackIds());
        ackIds.add(ack.getAckId());
        final AlertAuditState next = state == null
                ? new AlertAuditState(ack.getShipmentId(), null, null, 0, ackIds, ack.getBy(), null, null, 0, null,
                        Map.of(), ack.getComment(), ack.getAcknowledgedAt())
                : new AlertAuditState(state.shipmentId(), state.status(), state.severity(), state.lastEvidenceTime(),
                        ackIds, ack.getBy(), state.type(), state.ruleId(), state.firstEvidenceTime(), state.summary(),
                        state.evidence(), ack.getComment(), ack.getAcknowledgedAt());
        return new Outcome(next, Optional.of(AuditRecord.newBuilder()
                .setAlertId(ack.getAlertId())
                .setShipmentId(ack.getShipmentId())
                .setChange(AuditChange.ACKNOWLEDGED)
                .setStatus(next.status() == null ? null : AlertStatus.valueOf(next.status()))
                .setBy(ack.getBy())
                .setComment(ack.getComment())
                .setEventTime(ack.getAcknowledgedAt())
                .setSourceId(ack.getAckId())));
    }

    private static AuditChange change(final AlertStatus status) {
        return switch (status) {
            case OPEN -> AuditChange.OPENED;
            case UPDATED -> AuditChange.UPDATED;
            case RESOLVED -> AuditChange.RESOLVED;
        };
    }
}
