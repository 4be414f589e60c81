package io.coldchain.cli.score;

import io.coldchain.sim.incidents.IncidentLabel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** A {@link ScoreReport} as the tables {@code score} prints. */
final class ScoreTable {

    private static final String RULE = "-".repeat(90);

    private ScoreTable() {
    }

    /**
     * @param details how many missed incidents and false alerts to list (the rest are counted)
     */
    static String format(final ScoreReport report, final int details) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-28s %9s %9s %7s %8s %11s %11s%n", "incident type", "injected",
                "detected", "missed", "recall", "delay p50", "delay p95"));
        out.append(RULE).append('\n');
        for (final ScoreReport.IncidentRow row : report.incidents()) {
            out.append(String.format(Locale.ROOT, "%-28s %9d %9d %7d %8s %11s %11s%n", row.type(), row.injected(),
                    row.detected(), row.missed(), ratio(row.recall()), duration(row.delayP50()),
                    duration(row.delayP95())));
        }
        out.append(String.format(Locale.ROOT, "%-28s %9d %9d %7d %8s%n", "all incidents", report.injected(),
                report.detected(), report.injected() - report.detected(), ratio(report.recall())));
        out.append('\n');

        out.append(String.format(Locale.ROOT, "%-28s %9s %9s %7s %9s%n", "alert type", "OPEN", "true", "false",
                "precision"));
        out.append(RULE).append('\n');
        for (final ScoreReport.AlertRow row : report.alerts()) {
            out.append(String.format(Locale.ROOT, "%-28s %9d %9d %7d %9s%n", row.type(), row.open(), row.trueAlerts(),
                    row.falseAlerts(), ratio(row.precision())));
        }
        out.append(String.format(Locale.ROOT, "%-28s %9d %9d %7d %9s%n", "all alerts", report.openAlerts(),
                report.trueAlerts(), report.openAlerts() - report.trueAlerts(), ratio(report.precision())));

        if (!report.confounders().isEmpty()) {
            out.append('\n');
            out.append(String.format(Locale.ROOT, "%-28s %9s %13s%n", "confounder (must be silent)", "injected",
                    "false alerts"));
            out.append(RULE).append('\n');
            for (final ScoreReport.ConfounderRow row : report.confounders()) {
                out.append(String.format(Locale.ROOT, "%-28s %9d %13d%n", row.type(), row.injected(), row.falseAlerts()));
            }
        }
        out.append('\n').append(String.format(Locale.ROOT, "%d alert records read, %d OPEN alerts counted "
                        + "(%d repeated OPEN records of an alertId ignored); tolerance after an incident's end: %s%n",
                report.alertsRead(), report.openAlerts(), report.repeatedOpens(), duration(report.tolerance())));

        list(out, "missed incidents", report.missed(), details, ScoreTable::describe);
        list(out, "false alerts", report.falseAlerts(), details, ScoreTable::describe);
        return out.toString();
    }

    private static <T> void list(final StringBuilder out, final String title, final List<T> items, final int details,
                                 final java.util.function.Function<T, String> describe) {
        if (items.isEmpty() || details <= 0) {
            return;
        }
        out.append('\n').append(title).append(':').append('\n');
        items.stream().limit(details).forEach(item -> out.append("  ").append(describe.apply(item)).append('\n'));
        if (items.size() > details) {
            out.append("  ... and ").append(items.size() - details).append(" more\n");
        }
    }

    private static String describe(final IncidentLabel label) {
        return String.format(Locale.ROOT, "%-22s %s%s %s .. %s, expected %s", label.type(), label.shipmentId(),
                label.serial() == null ? "" : " " + label.serial(), time(label.start()), time(label.end()),
                label.expectedAlertTypes());
    }

    private static String describe(final ObservedAlert alert) {
        return String.format(Locale.ROOT, "%-22s %s%s at %s (rule %s, alert %s)", alert.type(), alert.shipmentId(),
                alert.serial() == null ? "" : " " + alert.serial(), time(alert.lastEvidenceTime()), alert.ruleId(),
                alert.alertId());
    }

    static String ratio(final OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "n/a";
    }

    /** A duration as people write it: 0 s, 42 s, 12m 05s, 1h 02m. */
    static String duration(final Duration d) {
        if (d == null) {
            return "-";
        }
        final Duration abs = d.abs();
        final String sign = d.isNegative() ? "-" : "";
        if (abs.compareTo(Duration.ofMinutes(1)) < 0) {
            return sign + abs.toSeconds() + " s";
        }
        if (abs.compareTo(Duration.ofHours(1)) < 0) {
            return String.format(Locale.ROOT, "%s%dm %02ds", sign, abs.toMinutes(), abs.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%s%dh %02dm", sign, abs.toHours(), abs.toMinutesPart());
    }

    private static String time(final long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
