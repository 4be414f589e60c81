package io.coldchain.rules.audit;

import java.util.List;

/**
 * What the audit knows of one alert episode: its latest record and the acknowledgements recorded.
 *
 * @param shipmentId       the alert's shipment
 * @param status           its latest status (OPEN, UPDATED, RESOLVED), null while only acknowledgements were seen
 * @param severity         its latest severity, null likewise
 * @param lastEvidenceTime its latest record's lastEvidenceTime, epoch ms; 0 likewise
 * @param ackIds           ids of the acknowledgements recorded, oldest first
 * @param lastAckBy        who acknowledged last, null if nobody did
 */
public record AlertAuditState(String shipmentId, String status, String severity, long lastEvidenceTime,
                              List<String> ackIds, String lastAckBy) {

    public AlertAuditState {
        ackIds = ackIds == null ? List.of() : List.copyOf(ackIds);
    }
}
