package io.coldchain.rules.serial;

import java.util.List;

/**
 * A finding already published, remembered so that it can be resolved when an event it rests on is
 * declared erroneous (or, for an unknown serial, when a plan declares the serial after all).
 *
 * @param eventIds the custody events (or {@code plan:<shipmentId>}) the finding rests on
 * @param episode  for findings judged afresh on every input (custody gaps), what the finding is about (e.g. the
 *                 party that shipped goods it did not hold), so that one episode is raised once while it stands;
 *                 null for the others
 */
public record OpenFinding(String alertId, IntegrityRule rule, String shipmentId, String serial,
                          long firstEvidenceTime, List<String> eventIds, String episode) {

    public OpenFinding {
        eventIds = List.copyOf(eventIds);
    }
}
