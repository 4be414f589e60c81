package io.coldchain.cli.alerts;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * An alert as one readable line for an operator: the time of its latest evidence in one time zone (named in the
 * header), status, severity, type, shipment, serial, summary and the start of its id; with ANSI colour by severity
 * when asked to. Holds no Kafka types.
 */
public final class AlertFormat {

    private static final String COLUMNS = "%-16s  %-8s %-12s %-22s %-11s %s";
    private static final String RESET = "\u001b[0m";
    private static final int ID_LENGTH = 8;

    private final ZoneId zone;
    private final boolean colour;
    private final DateTimeFormatter time;

    /**
     * @param zone   the zone times are shown in
     * @param colour whether lines carry ANSI colour codes (only for a terminal)
     */
    public AlertFormat(final ZoneId zone, final boolean colour) {
        this.zone = zone;
        this.colour = colour;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
    }

    /** Two lines: which zone the times are in, and the column titles. */
    public List<String> header() {
        return List.of("Times are the latest evidence of each alert, in " + zoneName() + ".",
                String.format(Locale.ROOT, COLUMNS, "TIME", "STATUS", "SEVERITY", "TYPE", "SHIPMENT",
                        "SERIAL SUMMARY [ALERT ID]"));
    }

    /** The alert as one line, without a line break. */
    public String line(final Alert alert) {
        final String id = printable(alert.getAlertId());
        final String text = String.format(Locale.ROOT, COLUMNS + "  [%s]",
                time.format(Instant.ofEpochMilli(alert.getLastEvidenceTime())),
                alert.getStatus(), alert.getSeverity(), alert.getType(), printable(alert.getShipmentId()),
                (alert.getSerial() == null ? "" : printable(alert.getSerial()) + " ") + printable(alert.getSummary()),
                id.substring(0, Math.min(ID_LENGTH, id.length())));
        return colour ? colourOf(alert.getSeverity()) + text + RESET : text;
    }

    private String zoneName() {
        if (zone instanceof ZoneOffset offset) {
            return offset.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + offset.getId();
        }
        return zone.getId();
    }

    /** Most urgent in bold red; the least urgent keeps the terminal's own colour. */
    private static String colourOf(final Severity severity) {
        return switch (severity) {
            case CRITICAL -> "\u001b[1;31m";
            case HIGH -> "\u001b[31m";
            case MEDIUM -> "\u001b[33m";
            case LOW -> "\u001b[36m";
            default -> "";
        };
    }

    /**
     * The text with control characters (line breaks, escape sequences) shown as U+FFFD: a summary comes from
     * data others wrote, and must neither break the one line per alert nor drive the operator's terminal.
     */
    static String printable(final CharSequence text) {
        final StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? 0xFFFD : c));
        return out.toString();
    }
}
