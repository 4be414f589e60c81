package io.coldchain.cli.score;

import io.coldchain.schemas.AlertType;
import io.coldchain.sim.incidents.IncidentLabel;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What {@link Scorecard} found: per incident type, per alert type and per confounder type, with the missed
 * incidents and the false alerts themselves.
 *
 * @param incidents       one row per incident type, by name
 * @param alerts          one row per alert type that had OPEN alerts
 * @param confounders     one row per confounder type, by name
 * @param alertsRead      alert records read, any status
 * @param repeatedOpens   OPEN records ignored because their alertId was already counted
 * @param missed          incidents no alert detected
 * @param falseAlerts     OPEN alerts that match no incident
 * @param tolerance       how long after an incident's end a detecting alert may still lie
 */
public record ScoreReport(List<IncidentRow> incidents, List<AlertRow> alerts, List<ConfounderRow> confounders,
                          int alertsRead, int repeatedOpens, List<IncidentLabel> missed, List<ObservedAlert> falseAlerts,
                          Duration tolerance) {

    public ScoreReport {
        incidents = List.copyOf(incidents);
        alerts = List.copyOf(alerts);
        confounders = List.copyOf(confounders);
        missed = List.copyOf(missed);
        falseAlerts = List.copyOf(falseAlerts);
    }

    /** One incident type. {@code delayP50}/{@code delayP95} are null when nothing was detected. */
    public record IncidentRow(String type, int injected, int detected, Duration delayP50, Duration delayP95) {

        public int missed() {
            return injected - detected;
        }

        public OptionalDouble recall() {
            return ratio(detected, injected);
        }
    }

    /** One alert type: its OPEN alerts and how many of them match an incident. */
    public record AlertRow(AlertType type, int open, int trueAlerts) {

        public int falseAlerts() {
            return open - trueAlerts;
        }

        public OptionalDouble precision() {
            return ratio(trueAlerts, open);
        }
    }

    /** One confounder type: how many were injected and how many false alerts their shipments drew. */
    public record ConfounderRow(String type, int injected, int falseAlerts) {
    }

    public int injected() {
        return incidents.stream().mapToInt(IncidentRow::injected).sum();
    }

    public int detected() {
        return incidents.stream().mapToInt(IncidentRow::detected).sum();
    }

    public int openAlerts() {
        return alerts.stream().mapToInt(AlertRow::open).sum();
    }

    public int trueAlerts() {
        return alerts.stream().mapToInt(AlertRow::trueAlerts).sum();
    }

    /** Detected / injected over all incidents; empty when none was injected. */
    public OptionalDouble recall() {
        return ratio(detected(), injected());
    }

    /** True / all OPEN alerts; empty when there was no alert. */
    public OptionalDouble precision() {
        return ratio(trueAlerts(), openAlerts());
    }

    /** Recall of one incident type; empty if the type was not injected. */
    public OptionalDouble recall(final String incidentType) {
        return incidents.stream().filter(r -> r.type().equals(incidentType)).findFirst()
                .map(IncidentRow::recall).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble ratio(final int part, final int whole) {
        return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }
}
