package io.coldchain.rules.serial;

import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Collects the alerts one input raises or resolves, and keeps the list of open findings that goes
 * back into the state (bounded: the oldest are forgotten first). Also the evidence vocabulary every
 * serial and custody alert shares, so an investigator reads the same names everywhere.
 */
final class Findings {

    private final List<Alert> alerts = new ArrayList<>();
    private final List<OpenFinding> open;
    private final int maxOpen;

    Findings(final List<OpenFinding> open, final int maxOpen) {
        this.open = new ArrayList<>(open);
        this.maxOpen = maxOpen;
    }

    /**
     * Publishes a finding as an OPEN alert and remembers it.
     *
     * @param subject    the serial, or the shipment for custody-chain findings (part of the alert id)
     * @param evidenceId the triggering event id (part of the alert id)
     * @param eventIds   every event the finding rests on
     */
    void raise(final IntegrityRule rule, final String subject, final String evidenceId, final String shipmentId,
               final String serial, final long firstEvidence, final long lastEvidence, final String summary,
               final Map<String, String> evidence, final List<String> eventIds) {
        raise(rule, subject, evidenceId, shipmentId, serial, firstEvidence, lastEvidence, summary, evidence, eventIds,
                null);
    }

    /**
     * As {@link #raise(IntegrityRule, String, String, String, String, long, long, String, Map, List)}, for a finding
     * about {@code episode} ({@link OpenFinding#episode()}). A finding whose alert id is still open is not raised
     * again: inputs arriving out of order may find the same finding twice.
     */
    void raise(final IntegrityRule rule, final String subject, final String evidenceId, final String shipmentId,
               final String serial, final long firstEvidence, final long lastEvidence, final String summary,
               final Map<String, String> evidence, final List<String> eventIds, final String episode) {
        final String alertId = SerialAlertIds.of(subject, rule, evidenceId);
        if (isOpen(alertId)) {
            return;
        }
        alerts.add(alert(alertId, rule, AlertStatus.OPEN, shipmentId, serial, firstEvidence,
                Math.max(firstEvidence, lastEvidence), summary, evidence));
        open.add(new OpenFinding(alertId, rule, shipmentId, serial, firstEvidence, eventIds, episode));
        while (open.size() > maxOpen) {
            open.remove(0);
        }
    }

    /** Publishes a RESOLVED alert for every open finding that matches, and forgets them. */
    void resolve(final Predicate<OpenFinding> which, final long time, final String summary,
                 final Map<String, String> evidence) {
        resolve(which, time, () -> summary, () -> evidence);
    }

    /**
     * As {@link #resolve(Predicate, long, String, Map)}, with the summary and evidence written only when a finding
     * is resolved: most inputs resolve none, and their evidence (times as text, a map) would be thrown away.
     */
    void resolve(final Predicate<OpenFinding> which, final long time, final Supplier<String> summary,
                 final Supplier<Map<String, String>> evidence) {
        final List<OpenFinding> resolved = new ArrayList<>();
        for (final OpenFinding f : open) {
            if (which.test(f)) {
                resolved.add(f);
            }
        }
        if (resolved.isEmpty()) {
            return;
        }
        final String text = summary.get();
        final Map<String, String> shown = evidence.get();
        for (final OpenFinding f : resolved) {
            alerts.add(alert(f.alertId(), f.rule(), AlertStatus.RESOLVED, f.shipmentId(), f.serial(),
                    f.firstEvidenceTime(), Math.max(f.firstEvidenceTime(), time), text, shown));
        }
        open.removeAll(resolved);
    }

    boolean isOpen(final IntegrityRule rule) {
        return open.stream().anyMatch(f -> f.rule() == rule);
    }

    boolean isOpen(final String alertId) {
        return open.stream().anyMatch(f -> f.alertId().equals(alertId));
    }

    List<Alert> alerts() {
        return alerts;
    }

    List<OpenFinding> open() {
        return open;
    }

    private static Alert alert(final String alertId, final IntegrityRule rule, final AlertStatus status,
                               final String shipmentId, final String serial, final long first, final long last,
                               final String summary, final Map<String, String> evidence) {
        final Map<String, String> withRule = new LinkedHashMap<>(evidence);
        if (serial != null) {
            withRule.putIfAbsent("serial", serial);
        }
        return Alert.builder()
                .alertId(alertId)
                .type(rule.type())
                .severity(rule.severity())
                .status(status)
                .shipmentId(shipmentId)
                .serial(serial)
                .ruleId(rule.ruleId())
                .firstEvidenceTime(first)
                .lastEvidenceTime(last)
                .summary(summary)
                .evidence(withRule)
                .build();
    }

    // ---- evidence vocabulary -------------------------------------------------------------------

    /** Every field of a sighting under {@code prefix.}: enough to find the scan again and act on it. */
    static void sighting(final Map<String, String> evidence, final String prefix, final Sighting s) {
        put(evidence, prefix + ".eventId", s.eventId());
        put(evidence, prefix + ".eventTime", instant(s.eventTime()));
        put(evidence, prefix + ".shipmentId", s.shipmentId());
        put(evidence, prefix + ".action", s.action());
        put(evidence, prefix + ".bizStep", s.bizStep());
        put(evidence, prefix + ".disposition", s.disposition());
        put(evidence, prefix + ".custodianGln", s.custodianGln());
        put(evidence, prefix + ".custodianName", s.custodianName());
        put(evidence, prefix + ".locationName", s.locationName());
        put(evidence, prefix + ".locationGln", s.locationGln());
        put(evidence, prefix + ".readPoint", s.readPoint());
        if (s.located()) {
            put(evidence, prefix + ".latitudeDegrees", String.format(Locale.ROOT, "%.6f", s.latitude()));
            put(evidence, prefix + ".longitudeDegrees", String.format(Locale.ROOT, "%.6f", s.longitude()));
        }
        put(evidence, prefix + ".lot", s.lot());
        put(evidence, prefix + ".expiryDate", s.expiryDate());
    }

    static void declaration(final Map<String, String> evidence, final String prefix, final Declaration d) {
        put(evidence, prefix + ".shipmentId", d.shipmentId());
        put(evidence, prefix + ".publishedAt", instant(d.declaredAt()));
        put(evidence, prefix + ".lot", d.lot());
        put(evidence, prefix + ".expiryDate", d.expiryDate());
        put(evidence, prefix + ".open", Boolean.toString(d.open()));
    }

    static void commissioning(final Map<String, String> evidence, final String prefix, final Commissioning c) {
        put(evidence, prefix + ".source", c.byEvent() ? "commissioning event" : "shipment plan");
        put(evidence, prefix + ".eventId", c.eventId());
        put(evidence, prefix + ".shipmentId", c.shipmentId());
        put(evidence, prefix + ".time", instant(c.time()));
        put(evidence, prefix + ".lot", c.lot());
        put(evidence, prefix + ".expiryDate", c.expiryDate());
    }

    static void travel(final Map<String, String> evidence, final Travel t, final SerialSettings settings) {
        evidence.put("distanceMeters", String.format(Locale.ROOT, "%.0f", t.distanceMeters()));
        evidence.put("elapsedMillis", Long.toString(t.elapsedMillis()));
        if (t.elapsedMillis() > 0) {
            evidence.put("impliedSpeedKmh", String.format(Locale.ROOT, "%.1f", t.impliedSpeedKmh()));
        }
        evidence.put("fastestFeasibleTravelMillis", String.format(Locale.ROOT, "%.0f", t.fastestFeasibleMillis()));
        evidence.put("maxRoadSpeedKmh", String.format(Locale.ROOT, "%.1f", settings.maxRoadSpeedKmh()));
        evidence.put("maxAirSpeedKmh", String.format(Locale.ROOT, "%.1f", settings.maxAirSpeedKmh()));
        evidence.put("airHandlingMillis", Long.toString(settings.airHandlingTime().toMillis()));
        evidence.put("speedMarginPercent", String.format(Locale.ROOT, "%.1f", settings.speedMargin() * 100));
    }

    static void retraction(final Map<String, String> evidence, final Retraction r) {
        put(evidence, "retractedEventId", r.eventId());
        put(evidence, "errorDeclarationTime", instant(r.declarationTime()));
        put(evidence, "errorReason", r.reason());
        if (!r.correctiveEventIds().isEmpty()) {
            evidence.put("correctiveEventIds", String.join(",", r.correctiveEventIds()));
        }
    }

    static void put(final Map<String, String> evidence, final String name, final String value) {
        if (value != null) {
            evidence.put(name, value);
        }
    }

    static String instant(final long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static String km(final double meters) {
        return String.format(Locale.ROOT, "%,.0f km", meters / 1000);
    }

    static String duration(final long millis) {
        final long minutes = millis / 60_000;
        return minutes < 120 ? minutes + " min" : String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }
}
