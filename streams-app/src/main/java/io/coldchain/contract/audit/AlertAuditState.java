package io.coldchain.contract.audit;

import java.util.List;
import java.util.Map;

/**
 * What the audit knows of one alert episode: its latest record and the acknowledgements recorded. The query API
 * ({@code /api/alerts}) shows it as it is, so it keeps the latest record's description too.
 *
 * @param shipmentId        the alert's shipment
 * @param status            its latest status (OPEN, UPDATED, RESOLVED), null while only acknowledgements were seen
 * @param severity          its latest severity, null likewise
 * @param lastEvidenceTime  its latest record's lastEvidenceTime, epoch ms; 0 likewise
 * @param ackIds            ids of the acknowledgements recorded, oldest first
 * @param lastAckBy         who acknowledged last, null if nobody did
 * @param type              its alert type, null while only acknowledgements were seen (and in state written before
 *                          this field existed, until the alert's next record)
 * @param ruleId            the rule that raised it, null likewise
 * @param firstEvidenceTime its episode's first evidence time, epoch ms; 0 likewise
 * @param summary           its latest record's summary, null likewise
 * @param evidence          its latest record's evidence, empty likewise
 * @param lastAckComment    the comment of the latest acknowledgement, null if none
 * @param lastAckAt         when it was acknowledged last, epoch ms; 0 if never
 */
public record AlertAuditState(String shipmentId, String status, String severity, long lastEvidenceTime,
                              List<String> ackIds, String lastAckBy, String type, String ruleId, long firstEvidenceTime,
                              String summary, Map<String, String> evidence, String lastAckComment, long lastAckAt) {

    public AlertAuditState {
        ackIds = ackIds == null ? List.of() : List.copyOf(ackIds);
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** The audit's own fields only (no description of the alert, no acknowledgement details). */
    public AlertAuditState(final String shipmentId, final String status, final String severity,
                           final long lastEvidenceTime, final List<String> ackIds, final String lastAckBy) {
        this(shipmentId, status, severity, lastEvidenceTime, ackIds, lastAckBy, null, null, 0, null, Map.of(), null, 0);
    }
}
