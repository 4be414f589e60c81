package io.coldchain.cli.dossier;

import io.coldchain.contract.Contracts;
import io.coldchain.cli.dossier.Dossier.AckRow;
import io.coldchain.cli.dossier.Dossier.AlertHistory;
import io.coldchain.cli.dossier.Dossier.AlertStep;
import io.coldchain.cli.dossier.Dossier.AuditRow;
import io.coldchain.cli.dossier.Dossier.CustodyRow;
import io.coldchain.cli.dossier.Dossier.EvidenceRow;
import io.coldchain.cli.dossier.Dossier.ExcursionRow;
import io.coldchain.cli.dossier.Dossier.Fact;
import io.coldchain.cli.dossier.Dossier.InputRow;
import io.coldchain.cli.dossier.Dossier.PlanVersion;
import io.coldchain.cli.dossier.Dossier.RouteRow;
import io.coldchain.cli.dossier.Dossier.RuleRow;
import io.coldchain.cli.dossier.Dossier.SerialFinding;
import io.coldchain.cli.dossier.Dossier.SetAsideRow;
import io.coldchain.rules.lifecycle.DeliveryRule;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LimitDirection;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.schemas.TemperatureRule;
import io.coldchain.schemas.TemperatureRuleKind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Computes the dossier from the evidence: pure, no Kafka, no clock (the generation time is given or absent), so the
 * same evidence always gives the same dossier.
 */
public final class DossierBuilder {

    /** The serial and custody checks' findings: the dossier shows the records each rests on side by side. */
    static final Set<AlertType> SERIAL_TYPES = EnumSet.of(AlertType.DUPLICATE_SERIAL, AlertType.IMPOSSIBLE_TRAVEL,
            AlertType.REUSED_SERIAL, AlertType.ATTRIBUTE_MISMATCH, AlertType.UNKNOWN_SERIAL, AlertType.INVALID_SERIAL,
            AlertType.UNEXPECTED_CUSTODIAN, AlertType.CUSTODY_GAP);
    static final Set<AlertType> ROUTE_TYPES = EnumSet.of(AlertType.ROUTE_DEVIATION, AlertType.UNSCHEDULED_STOP,
            AlertType.PROLONGED_STOP, AlertType.DIVERSION, AlertType.DELAY);

    private final ZoneId zone;
    private final DateTimeFormatter time;
    private final TemperatureProfiles profiles;
    private final String caseName;
    private final Instant generatedAt;

    /**
     * @param zone        the zone times are shown in
     * @param profiles    the named profiles plans may refer to
     * @param caseName    the case whose outputs were read, or null for the live topics
     * @param generatedAt the time to print as the generation time, or null to print none (the same evidence then
     *                    gives the same bytes)
     */
    public DossierBuilder(final ZoneId zone, final TemperatureProfiles profiles, final String caseName,
                          final Instant generatedAt) {
        this.zone = zone;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT).withZone(zone);
        this.profiles = profiles;
        this.caseName = caseName;
        this.generatedAt = generatedAt;
    }

    /** The plan version in force at the end: the latest issued (a plan without {@code issuedAt} is the oldest). */
    static Optional<ShipmentPlan> currentPlan(final List<ShipmentPlan> plans) {
        ShipmentPlan current = null;
        for (final ShipmentPlan plan : plans) {
            if (current == null || issued(plan) >= issued(current)) {
                current = plan;
            }
        }
        return Optional.ofNullable(current);
    }

    private static long issued(final ShipmentPlan plan) {
        return plan.getIssuedAt() == null ? Long.MIN_VALUE : plan.getIssuedAt();
    }

    /** The earliest scan that proves delivery under the current plan ({@link DeliveryRule}), if any. */
    static OptionalLong deliveredAt(final ShipmentPlan plan, final List<CustodyEvent> custody) {
        final DeliveryRule rule = new DeliveryRule();
        return custody.stream().map(scan -> rule.deliveredAt(Contracts.toDomain(plan), Contracts.toDomain(scan))).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    public Dossier build(final DossierEvidence evidence) {
        final Optional<ShipmentPlan> plan = currentPlan(evidence.plans());
        final Optional<TemperatureProfile> profile = plan.flatMap(p -> profiles.forPlan(Contracts.toDomain(p)))
                .map(Contracts::toWire);
        final OptionalLong delivered = plan.map(p -> deliveredAt(p, evidence.custody())).orElse(OptionalLong.empty());
        final TemperatureAnalysis analysis = profile.map(p -> TemperatureAnalysis.of(p, evidence.readings(), delivered))
                .orElse(null);
        final List<Alert> alerts = evidence.alerts();
        final List<AlertHistory> histories = histories(evidence);
        final String chart = analysis == null || analysis.intervals().isEmpty() ? null
                : DossierCharts.dataUri(DossierCharts.temperatureChart(profile.get(), analysis, zone));
        final String map = plan.map(p -> DossierCharts.dataUri(DossierCharts.routeMap(p, evidence.fixes(),
                periods(alerts, EnumSet.of(AlertType.ROUTE_DEVIATION, AlertType.DIVERSION)),
                stopPoints(alerts)))).orElse(null);
        return new Dossier(evidence.shipmentId(), caseName, zone.getId(),
                generatedAt == null ? null : time.format(generatedAt), evidence.sha256(), evidence.recordCount(),
                summary(analysis, histories, alerts, evidence, delivered),
                plan.map(p -> shipmentFacts(p, delivered, evidence.plans().size())).orElse(List.of()),
                planVersions(evidence.plans()),
                plan.map(this::productFacts).orElse(List.of()),
                plan.map(ShipmentPlan::getSerials).map(List::copyOf).orElse(List.of()),
                profile.map(this::profileFacts).orElse(plan.isPresent()
                        ? List.of(new Fact("profile", "unknown profile '" + plan.get().getProfileName() + "'"))
                        : List.of()),
                profile.map(DossierBuilder::rules).orElse(List.of()),
                chart,
                analysis == null ? List.of() : temperatureFacts(analysis, delivered),
                analysis == null ? List.of() : excursions(analysis),
                map,
                plan.map(p -> routeFacts(p, evidence.fixes())).orElse(List.of()),
                routeEvents(histories, alerts),
                custody(evidence.custody()),
                serialFindings(alerts),
                histories,
                inputs(evidence),
                evidence.setAside().stream()
                        .sorted(Comparator.comparingLong(DossierEvidence.SetAside::timestamp))
                        .map(s -> new SetAsideRow(s.topic(), s.kind(), at(s.timestamp()), s.reason())).toList(),
                evidence.unreadable(), evidence.sources());
    }

    // ---- summary -------------------------------------------------------------------------------

    private List<Fact> summary(final TemperatureAnalysis analysis, final List<AlertHistory> histories,
                               final List<Alert> alerts, final DossierEvidence evidence, final OptionalLong delivered) {
        final List<Fact> facts = new ArrayList<>();
        if (analysis != null) {
            facts.add(new Fact("Excursions out of the band", analysis.excursions().size() + ", "
                    + duration(analysis.outOfBandMillis()) + " in all"));
            if (analysis.budgetMillis() > 0) {
                facts.add(new Fact("Stability budget used", percent(analysis.budgetUsedPercent()) + " of "
                        + duration(analysis.budgetMillis())
                        + (analysis.outOfBandMillis() >= analysis.budgetMillis() ? ": exhausted, quality review required"
                        : ", " + duration(analysis.budgetMillis() - analysis.outOfBandMillis()) + " left")));
            }
            facts.add(new Fact("Mean kinetic temperature", analysis.mktWindowMillis() > 0
                    ? celsius(analysis.mktCelsius()) + " over the whole transport; the highest of its "
                    + duration(analysis.mktWindowMillis()) + " windows at an excursion's end: " + highestMkt(analysis)
                    : "does not apply to this profile"));
            if (analysis.missingMillis() > 0) {
                facts.add(new Fact("Missing temperature data", duration(analysis.missingMillis())));
            }
        }
        final long open = histories.stream().filter(h -> !h.status().equals(AlertStatus.RESOLVED.name())).count();
        facts.add(new Fact("Alerts", histories.size() + " (" + open + " not resolved)"));
        facts.add(new Fact("Serial findings", Long.toString(alerts.stream().filter(a -> SERIAL_TYPES.contains(a.getType()))
                .map(Alert::getAlertId).distinct().count())));
        facts.add(new Fact("Delivered", delivered.isPresent() ? at(delivered.getAsLong()) : "no delivery scan"));
        facts.add(new Fact("Records set aside by the pipeline", Integer.toString(evidence.setAside().size())));
        return facts;
    }

    private String highestMkt(final TemperatureAnalysis analysis) {
        return analysis.excursions().stream().mapToDouble(TemperatureAnalysis.Excursion::mktCelsius)
                .filter(d -> !Double.isNaN(d)).max().stream().mapToObj(this::celsius).findFirst().orElse("none");
    }

    // ---- shipment, product, profile ------------------------------------------------------------

    private List<Fact> shipmentFacts(final ShipmentPlan plan, final OptionalLong delivered, final int versions) {
        return List.of(
                new Fact("Shipment", plan.getShipmentId()),
                new Fact("Status (plan)", plan.getStatus().name()),
                new Fact("Origin", area(plan.getOrigin())),
                new Fact("Destination", area(plan.getDestination())),
                new Fact("Planned departure", at(plan.getPlannedDeparture())),
                new Fact("Planned arrival", at(plan.getPlannedArrival())),
                new Fact("Delivered", delivered.isPresent() ? at(delivered.getAsLong()) : "no delivery scan"),
                new Fact("Expected custodians", plan.getExpectedCustodians().stream().map(DossierBuilder::party)
                        .collect(Collectors.joining(" → "))),
                new Fact("Plan versions", Integer.toString(versions)));
    }

    private List<PlanVersion> planVersions(final List<ShipmentPlan> plans) {
        return plans.stream().sorted(Comparator.comparingLong(DossierBuilder::issued))
                .map(p -> new PlanVersion(p.getIssuedAt() == null ? "(not stated)" : at(p.getIssuedAt()),
                        p.getStatus().name(), at(p.getPlannedDeparture()), at(p.getPlannedArrival()),
                        p.getProfile() != null ? p.getProfile().getName() + " (inline)" : String.valueOf(p.getProfileName()),
                        p.getExpectedCustodians().stream().map(Party::getName).collect(Collectors.joining(", ")),
                        p.getSerials().size()))
                .toList();
    }

    private List<Fact> productFacts(final ShipmentPlan plan) {
        return List.of(new Fact("Product", plan.getProduct().getName()),
                new Fact("GTIN", plan.getProduct().getGtin()),
                new Fact("Lot", plan.getProduct().getLot()),
                new Fact("Expiry", plan.getProduct().getExpiryDate()),
                new Fact("Packs (serials)", Integer.toString(plan.getSerials().size())));
    }

    private List<Fact> profileFacts(final TemperatureProfile profile) {
        final List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Profile", profile.getName()));
        facts.add(new Fact("Band", Double.isInfinite(profile.getMinCelsius()) && Double.isInfinite(profile.getMaxCelsius())
                ? "none (threshold rules only)"
                : celsius(profile.getMinCelsius()) + " .. " + celsius(profile.getMaxCelsius()) + " (limits in range)"));
        facts.add(new Fact("Longest interval one reading stands for", duration(profile.getMaxReadingGapMillis())));
        facts.add(new Fact("Logger silence limit", duration(profile.getMaxSilenceMillis())));
        facts.add(new Fact("Stability budget (time out of the band)", profile.getStabilityBudgetMillis() > 0
                ? duration(profile.getStabilityBudgetMillis()) : "none"));
        final long window = TemperatureAnalysis.mktWindow(profile);
        facts.add(new Fact("MKT window", window > 0 ? duration(window) : "MKT does not apply"));
        return facts;
    }

    private static List<RuleRow> rules(final TemperatureProfile profile) {
        return profile.getRules().stream().map(DossierBuilder::rule).toList();
    }

    private static RuleRow rule(final TemperatureRule rule) {
        final String limit = (rule.getKind() == TemperatureRuleKind.MKT ? "MKT " : "")
                + (rule.getDirection() == LimitDirection.AT_OR_ABOVE ? "≥ " : "≤ ") + fmt(rule.getLimitCelsius()) + " °C";
        return new RuleRow(rule.getRuleId(), rule.getKind().name(), limit,
                rule.getDurationMillis() > 0 ? duration(rule.getDurationMillis()) : "",
                rule.getWindowMillis() > 0 ? duration(rule.getWindowMillis()) : "", rule.getSeverity().name());
    }

    // ---- temperature ---------------------------------------------------------------------------

    private List<Fact> temperatureFacts(final TemperatureAnalysis analysis, final OptionalLong delivered) {
        final List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Readings analysed", analysis.readings() + (delivered.isPresent()
                ? " (up to the delivery at " + at(delivered.getAsLong()) + ")" : "")));
        if (!analysis.intervals().isEmpty()) {
            facts.add(new Fact("From .. to", at(analysis.intervals().get(0).from()) + " .. "
                    + at(analysis.intervals().get(analysis.intervals().size() - 1).to())));
            facts.add(new Fact("Lowest .. highest reading", celsius(analysis.minCelsius()) + " .. "
                    + celsius(analysis.maxCelsius())));
        }
        facts.add(new Fact("Time covered by readings", duration(analysis.coveredMillis())));
        facts.add(new Fact("Time out of the band", duration(analysis.outOfBandMillis())));
        facts.add(new Fact("Missing data (gaps longer than allowed)", duration(analysis.missingMillis())));
        facts.add(new Fact("MKT, whole transport", celsius(analysis.mktCelsius())));
        return facts;
    }

    private List<ExcursionRow> excursions(final TemperatureAnalysis analysis) {
        final List<ExcursionRow> rows = new ArrayList<>();
        int n = 1;
        for (final TemperatureAnalysis.Excursion e : analysis.excursions()) {
            rows.add(new ExcursionRow(n++, at(e.start()), at(e.end()), duration(e.durationMillis()), celsius(e.minCelsius()),
                    celsius(e.maxCelsius()), String.format(Locale.ROOT, "%.2f", e.degreeHours()), percent(e.budgetPercent()),
                    percent(e.cumulativeBudgetPercent()), Double.isNaN(e.mktCelsius()) ? "n/a"
                    : celsius(e.mktCelsius()) + (e.mktCoveredMillis() < analysis.mktWindowMillis()
                    ? " (" + duration(e.mktCoveredMillis()) + " of data)" : "")));
        }
        return rows;
    }

    // ---- route ---------------------------------------------------------------------------------

    private List<Fact> routeFacts(final ShipmentPlan plan, final List<LocationFix> fixes) {
        final List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Corridor half-width", String.format(Locale.ROOT, "%.0f m", plan.getRoute().getCorridorHalfWidthMeters())));
        facts.add(new Fact("Waypoints", Integer.toString(plan.getRoute().getWaypoints().size())));
        facts.add(new Fact("Planned stops", plan.getPlannedStops().isEmpty() ? "none" : plan.getPlannedStops().stream()
                .map(s -> s.getArea().getName() + " (up to " + duration(s.getMaxDwellMillis()) + ")")
                .collect(Collectors.joining(", "))));
        facts.add(new Fact("Location fixes", Integer.toString(fixes.size())));
        return facts;
    }

    private List<RouteRow> routeEvents(final List<AlertHistory> histories, final List<Alert> alerts) {
        final Map<String, Alert> latest = latestById(alerts);
        return histories.stream().filter(h -> ROUTE_TYPES.contains(latest.get(h.alertId()).getType()))
                .map(h -> new RouteRow(h.type(), h.firstEvidence(), h.lastEvidence(), h.status(), h.summary())).toList();
    }

    /** Each episode's [first, last] evidence time: deviations are drawn in red on the map. */
    static List<long[]> periods(final List<Alert> alerts, final Set<AlertType> types) {
        final Map<String, long[]> periods = new LinkedHashMap<>();
        for (final Alert alert : alerts) {
            if (types.contains(alert.getType())) {
                periods.merge(alert.getAlertId(), new long[] {alert.getFirstEvidenceTime(), alert.getLastEvidenceTime()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        return List.copyOf(periods.values());
    }

    /** Stops the route checks found: evidence points named {@code …Lat}/{@code …Lon} of stop alerts. */
    static List<double[]> stopPoints(final List<Alert> alerts) {
        final List<double[]> points = new ArrayList<>();
        for (final Alert alert : latestById(alerts).values()) {
            if (alert.getType() != AlertType.UNSCHEDULED_STOP && alert.getType() != AlertType.PROLONGED_STOP) {
                continue;
            }
            for (final Map.Entry<String, String> e : new TreeMap<>(alert.getEvidence()).entrySet()) {
                if (e.getKey().endsWith("Lat") && alert.getEvidence().containsKey(stem(e.getKey()) + "Lon")) {
                    try {
                        points.add(new double[] {Double.parseDouble(e.getValue()),
                            Double.parseDouble(alert.getEvidence().get(stem(e.getKey()) + "Lon"))});
                    } catch (NumberFormatException ignored) {
                        // not a coordinate: nothing to draw
                    }
                    break;
                }
            }
        }
        return points;
    }

    private static String stem(final String latKey) {
        return latKey.substring(0, latKey.length() - 3);
    }

    // ---- custody -------------------------------------------------------------------------------

    private List<CustodyRow> custody(final List<CustodyEvent> events) {
        return events.stream().sorted(Comparator.comparingLong(CustodyEvent::getEventTime).thenComparing(CustodyEvent::getEventId))
                .map(e -> new CustodyRow(at(e.getEventTime()) + " (recorded offset " + e.getEventTimeZoneOffset() + ")",
                        e.getBizStep(), e.getDisposition(), party(e.getCustodian()),
                        (e.getSourceParty() == null ? "" : "from " + party(e.getSourceParty()))
                                + (e.getSourceParty() != null && e.getDestinationParty() != null ? "; " : "")
                                + (e.getDestinationParty() == null ? "" : "to " + party(e.getDestinationParty())),
                        (e.getBizLocation() == null ? "" : area(e.getBizLocation()))
                                + (e.getReadPoint() == null ? "" : " [" + e.getReadPoint() + "]"),
                        e.getEpcList().size(),
                        (e.getLot() == null ? "" : "lot " + e.getLot()) + (e.getExpiryDate() == null ? "" : " exp " + e.getExpiryDate()),
                        e.getEventId(),
                        e.getErrorDeclaration() == null ? "" : "retracted by an error declaration at "
                                + at(e.getErrorDeclaration().getDeclarationTime())
                                + (e.getErrorDeclaration().getReason() == null ? "" : ": " + e.getErrorDeclaration().getReason())))
                .toList();
    }

    // ---- serial findings -----------------------------------------------------------------------

    private List<SerialFinding> serialFindings(final List<Alert> alerts) {
        final List<SerialFinding> findings = new ArrayList<>();
        for (final Alert alert : latestById(alerts).values()) {
            if (!SERIAL_TYPES.contains(alert.getType())) {
                continue;
            }
            // evidence keys "record.field" are the records the finding rests on; the others are its figures
            final Map<String, Map<String, String>> records = new TreeMap<>();
            final List<Fact> other = new ArrayList<>();
            new TreeMap<>(alert.getEvidence()).forEach((key, value) -> {
                final int dot = key.indexOf('.');
                if (dot > 0 && dot < key.length() - 1) {
                    records.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
                } else {
                    other.add(new Fact(key, value));
                }
            });
            final List<String> names = List.copyOf(records.keySet());
            final List<String> fields = records.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
            final List<EvidenceRow> rows = fields.stream().map(f -> new EvidenceRow(f,
                    names.stream().map(n -> records.get(n).getOrDefault(f, "")).toList())).toList();
            findings.add(new SerialFinding(alert.getType().name(), alert.getSeverity().name(), alert.getStatus().name(),
                    alert.getSerial() == null ? "" : alert.getSerial(), alert.getAlertId(), alert.getSummary(), names, rows,
                    other));
        }
        return findings;
    }

    // ---- alerts --------------------------------------------------------------------------------

    private static Map<String, Alert> latestById(final List<Alert> alerts) {
        final Map<String, Alert> latest = new LinkedHashMap<>();
        alerts.forEach(a -> latest.put(a.getAlertId(), a));
        return latest;
    }

    private List<AlertHistory> histories(final DossierEvidence evidence) {
        final Map<String, List<Alert>> byId = new LinkedHashMap<>();
        evidence.alerts().stream()
                .sorted(Comparator.comparingLong(Alert::getFirstEvidenceTime)) // stable: one alert's records keep their order
                .forEach(a -> byId.computeIfAbsent(a.getAlertId(), k -> new ArrayList<>()).add(a));
        final List<AlertHistory> histories = new ArrayList<>();
        byId.forEach((id, records) -> {
            final Alert last = records.get(records.size() - 1);
            histories.add(new AlertHistory(id, last.getType().name(), last.getSeverity().name(), last.getStatus().name(),
                    last.getRuleId(), at(records.get(0).getFirstEvidenceTime()), at(last.getLastEvidenceTime()),
                    last.getSummary(),
                    records.stream().map(a -> new AlertStep(at(a.getLastEvidenceTime()), a.getStatus().name(),
                            a.getSeverity().name(), a.getSummary())).toList(),
                    evidence.acknowledgements().stream().filter(k -> k.getAlertId().equals(id))
                            .sorted(Comparator.comparingLong(AlertAcknowledgement::getAcknowledgedAt))
                            .map(k -> new AckRow(at(k.getAcknowledgedAt()), k.getBy(), k.getComment() == null ? "" : k.getComment()))
                            .toList(),
                    evidence.audit().stream().filter(r -> r.getAlertId().equals(id))
                            .sorted(Comparator.comparingInt(AuditRecord::getPartition).thenComparingLong(AuditRecord::getSequence))
                            .map(r -> new AuditRow(r.getChange().name(), at(r.getEventTime()), r.getPartition(), r.getSequence(),
                                    r.getBy() == null ? "" : r.getBy(), r.getHash()))
                            .toList()));
        });
        return histories;
    }

    // ---- inputs --------------------------------------------------------------------------------

    private List<InputRow> inputs(final DossierEvidence evidence) {
        return List.of(
                input("Plan versions", "plans", evidence.plans(), p -> p.getIssuedAt() == null ? Long.MIN_VALUE : p.getIssuedAt()),
                input("Temperature readings", "temperature", evidence.readings(), TemperatureReading::getEventTime),
                input("Location fixes", "location", evidence.fixes(), LocationFix::getEventTime),
                input("Custody scans", "custody", evidence.custody(), CustodyEvent::getEventTime),
                input("Alert records", "alerts", evidence.alerts(), Alert::getLastEvidenceTime),
                input("Acknowledgements", "acknowledgements", evidence.acknowledgements(), AlertAcknowledgement::getAcknowledgedAt),
                input("Audit records", "audit", evidence.audit(), AuditRecord::getEventTime),
                input("Set aside", "set aside", evidence.setAside(), DossierEvidence.SetAside::timestamp));
    }

    private <T> InputRow input(final String kind, final String source, final List<T> records, final ToLongFunction<T> time) {
        final long[] times = records.stream().mapToLong(time).filter(t -> t != Long.MIN_VALUE).sorted().toArray();
        return new InputRow(kind, source, records.size(), times.length == 0 ? "" : at(times[0]),
                times.length == 0 ? "" : at(times[times.length - 1]));
    }

    // ---- formatting ----------------------------------------------------------------------------

    String at(final long millis) {
        return time.format(Instant.ofEpochMilli(millis));
    }

    /** Hours and minutes, as a person reads them: "24 h", "1 h 30 min", "45 min", "50 s". */
    static String duration(final long millis) {
        final long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        final long hours = seconds / 3600;
        final long minutes = seconds % 3600 / 60;
        return hours == 0 ? minutes + " min" : minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }

    String celsius(final double value) {
        return Double.isNaN(value) ? "n/a" : fmt(value) + " °C";
    }

    static String fmt(final double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", value);
    }

    private static String party(final Party party) {
        return party == null ? "" : party.getName() + " (GLN " + party.getGln() + ")";
    }

    private static String area(final Area area) {
        return area.getName() + (area.getGln() == null ? "" : " (GLN " + area.getGln() + ")")
                + String.format(Locale.ROOT, " %.4f, %.4f", area.getCenter().getLat(), area.getCenter().getLon());
    }
}
