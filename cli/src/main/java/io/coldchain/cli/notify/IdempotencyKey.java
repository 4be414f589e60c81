package io.coldchain.cli.notify;

import io.coldchain.schemas.Alert;

/**
 * The {@code Idempotency-Key} of a delivery: {@code <alertId>:<status>:<severity>:<lastEvidenceTime>}, e.g.
 * {@code 9ac3ce2a4f1e6b70:UPDATED:HIGH:1772532900000}. Every record of one episode shares its {@code alertId}; the
 * status, severity and time of the latest evidence tell its changes apart (OPEN, each escalation, RESOLVED), so
 * each change is a delivery of its own, while a redelivery of one change (a retry, a restart from the committed
 * offsets, a replay of the topic: alert ids are deterministic) carries the same key.
 */
public final class IdempotencyKey {

    private IdempotencyKey() {
    }

    public static String of(final Alert alert) {
        return alert.getAlertId() + ":" + alert.getStatus() + ":" + alert.getSeverity() + ":"
                + alert.getLastEvidenceTime();
    }
}
