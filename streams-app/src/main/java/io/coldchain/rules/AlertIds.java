package io.coldchain.rules;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic alert ids: one id per (shipment, rule, episode start), stable across replays. */
public final class AlertIds {

    private AlertIds() {
    }

    public static String episode(final String shipmentId, final String ruleId, final long episodeStartMillis) {
        final String name = shipmentId + '|' + ruleId + '|' + episodeStartMillis;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
