package io.coldchain.cli;

import io.coldchain.schemas.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One alert as one readable line. */
final class AlertLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private AlertLine() {
    }

    static String format(final Alert alert) {
        return String.format(Locale.ROOT, "%s  %-8s %-12s %-22s %-11s %s%s  [%s]",
                TIME.format(Instant.ofEpochMilli(alert.getLastEvidenceTime())),
                alert.getStatus(), alert.getSeverity(), alert.getType(), alert.getShipmentId(),
                alert.getSerial() == null ? "" : alert.getSerial() + " ",
                alert.getSummary(), alert.getAlertId().substring(0, 8));
    }
}
