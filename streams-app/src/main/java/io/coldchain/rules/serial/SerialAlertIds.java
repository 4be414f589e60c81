package io.coldchain.rules.serial;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids of serial and custody alerts: one id per (subject, rule, evidence), where the
 * subject is the serial (or the shipment, for custody-chain findings) and the evidence is the id of
 * the event that triggered the finding. A replay of the same input gives the same ids; a resolution
 * carries the id of the finding it resolves.
 */
public final class SerialAlertIds {

    private SerialAlertIds() {
    }

    public static String of(final String subject, final IntegrityRule rule, final String evidenceId) {
        final String name = subject + '|' + rule.ruleId() + '|' + evidenceId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The evidence id of a shipment plan, for findings a plan triggers. */
    public static String plan(final String shipmentId) {
        return "plan:" + shipmentId;
    }
}
