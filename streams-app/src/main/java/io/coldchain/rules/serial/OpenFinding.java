package io.coldchain.rules.serial;

import java.util.List;

/**
 * A finding already published, remembered so that it can be resolved when an event it rests on is
 * declared erroneous (or, for an unknown serial, when a plan declares the serial after all).
 *
 * @param eventIds the custody events (or {@code plan:<shipmentId>}) the finding rests on
 */
public record OpenFinding(String alertId, IntegrityRule rule, String shipmentId, String serial,
                          long firstEvidenceTime, List<String> eventIds) {

    public OpenFinding {
        eventIds = List.copyOf(eventIds);
    }
}
