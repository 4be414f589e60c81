package io.coldchain.cli.score;

import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.sim.incidents.IncidentLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares alerts with the ground truth of a simulation. Plain domain code: lists in, a report out.
 *
 * <p>Matching rules (also in {@code docs/SCORECARD.md} and {@code score --help}):
 * <ol>
 *   <li>Only OPEN alerts count, each alertId once (the first OPEN seen); UPDATED and RESOLVED are the same
 *       episode.</li>
 *   <li>An alert <em>concerns</em> a label when its shipment is the label's shipment or its related shipment
 *       and, when the label names a serial, the alert's serial is that serial.</li>
 *   <li>It <em>detects</em> the label when it concerns it, its type is one of the label's expected types and its
 *       lastEvidenceTime lies within [start, end + tolerance].</li>
 *   <li>It is a <em>side effect</em> of the label when it concerns it, its type is one of the label's side-effect
 *       types and its lastEvidenceTime is at or after start (lateness, for one, lasts until arrival).</li>
 *   <li>An alert that detects or is a side effect of some incident is a true alert; any other OPEN alert is a
 *       false alert, counted under its alert type (and under the confounder of its shipment, if any).</li>
 *   <li>Detection delay = the earliest lastEvidenceTime among the alerts that detect an incident − its start,
 *       in event time.</li>
 *   <li>Recall = detected / injected incidents; precision = true alerts / OPEN alerts. Confounders are not
 *       incidents: they only show whether they drew false alerts.</li>
 * </ol>
 */
public final class Scorecard {

    private Scorecard() {
    }

    public static ScoreReport score(final List<IncidentLabel> labels, final List<ObservedAlert> alerts,
                                    final Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        final long toleranceMillis = tolerance.toMillis();

        final List<ObservedAlert> open = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        int repeats = 0;
        for (final ObservedAlert alert : alerts) {
            if (alert.status() != AlertStatus.OPEN) {
                continue;
            }
            if (seen.add(alert.alertId())) {
                open.add(alert);
            } else {
                repeats++;
            }
        }

        final Map<String, List<IncidentLabel>> byShipment = new HashMap<>();
        final Map<String, String> confounderOf = new HashMap<>();
        for (final IncidentLabel label : labels) {
            if (label.confounder()) {
                confounderOf.putIfAbsent(label.shipmentId(), label.type());
                continue;
            }
            byShipment.computeIfAbsent(label.shipmentId(), k -> new ArrayList<>()).add(label);
            if (label.relatedShipmentId() != null) {
                byShipment.computeIfAbsent(label.relatedShipmentId(), k -> new ArrayList<>()).add(label);
            }
        }

        final Map<IncidentLabel, Long> firstDetection = new IdentityHashMap<>();
        final Map<AlertType, int[]> perAlertType = new EnumMap<>(AlertType.class); // {open, true}
        final Map<String, Integer> falseByConfounder = new HashMap<>();
        final List<ObservedAlert> falseAlerts = new ArrayList<>();
        for (final ObservedAlert alert : open) {
            boolean explained = false;
            for (final IncidentLabel label : byShipment.getOrDefault(alert.shipmentId(), List.of())) {
                if (label.serial() != null && !label.serial().equals(alert.serial())) {
                    continue;
                }
                final long time = alert.lastEvidenceTime();
                if (label.expectedAlertTypes().contains(alert.type()) && time >= label.start()
                        && time <= label.end() + toleranceMillis) {
                    explained = true;
                    firstDetection.merge(label, time, Math::min);
                } else if (label.sideEffectAlertTypes().contains(alert.type()) && time >= label.start()) {
                    explained = true;
                }
            }
            final int[] counts = perAlertType.computeIfAbsent(alert.type(), k -> new int[2]);
            counts[0]++;
            if (explained) {
                counts[1]++;
            } else {
                falseAlerts.add(alert);
                final String confounder = confounderOf.get(alert.shipmentId());
                if (confounder != null) {
                    falseByConfounder.merge(confounder, 1, Integer::sum);
                }
            }
        }

        final Map<String, List<IncidentLabel>> incidentsByType = new TreeMap<>();
        final Map<String, Integer> confoundersByType = new TreeMap<>();
        final List<IncidentLabel> missed = new ArrayList<>();
        for (final IncidentLabel label : labels) {
            if (label.confounder()) {
                confoundersByType.merge(label.type(), 1, Integer::sum);
            } else {
                incidentsByType.computeIfAbsent(label.type(), k -> new ArrayList<>()).add(label);
                if (!firstDetection.containsKey(label)) {
                    missed.add(label);
                }
            }
        }

        final List<ScoreReport.IncidentRow> incidentRows = new ArrayList<>();
        incidentsByType.forEach((type, list) -> {
            final List<Long> delays = new ArrayList<>();
            for (final IncidentLabel label : list) {
                final Long detectedAt = firstDetection.get(label);
                if (detectedAt != null) {
                    delays.add(detectedAt - label.start());
                }
            }
            delays.sort(Comparator.naturalOrder());
            incidentRows.add(new ScoreReport.IncidentRow(type, list.size(), delays.size(),
                    percentile(delays, 50), percentile(delays, 95)));
        });
        final List<ScoreReport.AlertRow> alertRows = new ArrayList<>();
        perAlertType.forEach((type, counts) -> alertRows.add(new ScoreReport.AlertRow(type, counts[0], counts[1])));
        final List<ScoreReport.ConfounderRow> confounderRows = new ArrayList<>();
        confoundersByType.forEach((type, n) -> confounderRows.add(
                new ScoreReport.ConfounderRow(type, n, falseByConfounder.getOrDefault(type, 0))));
        falseAlerts.sort(Comparator.comparing(ObservedAlert::shipmentId).thenComparingLong(ObservedAlert::lastEvidenceTime));
        missed.sort(Comparator.comparing(IncidentLabel::shipmentId).thenComparingLong(IncidentLabel::start));
        return new ScoreReport(incidentRows, alertRows, confounderRows, alerts.size(), repeats, missed, falseAlerts,
                tolerance);
    }

    /** Nearest-rank percentile of sorted values, or null when there are none. */
    static Duration percentile(final List<Long> sorted, final int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        final int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return Duration.ofMillis(sorted.get(Math.max(0, rank - 1)));
    }
}
