package io.coldchain.cli.dossier;

import java.util.List;

/**
 * The dossier as the template shows it: every figure already computed and formatted (times in the report's zone,
 * temperatures in °C), charts as PNG data URIs. Built by {@link DossierBuilder}; rendered by {@link DossierRenderer}.
 *
 * <p>Nullable strings are sections the template leaves out when absent.
 */
public record Dossier(String shipmentId, String caseName, String zone, String generatedAt, String evidenceSha256,
                      int evidenceRecords, List<Fact> summary, List<Fact> shipment, List<PlanVersion> planVersions,
                      List<Fact> product, List<String> serials, List<Fact> profile, List<RuleRow> rules,
                      String temperatureChart, List<Fact> temperature, List<ExcursionRow> excursions, String routeMap,
                      List<Fact> route, List<RouteRow> routeEvents, List<CustodyRow> custody,
                      List<SerialFinding> serialFindings, List<AlertHistory> alerts, List<InputRow> inputs,
                      List<SetAsideRow> setAside, List<String> unreadable, List<String> sources) {

    // Mustache shows a section for any non-empty value, a number 0 included: the template asks these instead.

    public boolean hasSerials() {
        return !serials.isEmpty();
    }

    public boolean hasPlanVersions() {
        return !planVersions.isEmpty();
    }

    public boolean hasRules() {
        return !rules.isEmpty();
    }

    public boolean hasUnreadable() {
        return !unreadable.isEmpty();
    }

    /** A labelled value. */
    public record Fact(String label, String value) {
    }

    /** One version of the plan. */
    public record PlanVersion(String issuedAt, String status, String departure, String arrival, String profile,
                              String custodians, int serials) {
    }

    /** One rule of the profile. */
    public record RuleRow(String ruleId, String kind, String limit, String duration, String window, String severity) {
    }

    /** One row of the excursion table. */
    public record ExcursionRow(int number, String start, String end, String duration, String min, String max,
                               String degreeHours, String budget, String cumulativeBudget, String mkt) {
    }

    /** A route alert: deviation, stop, diversion, delay. */
    public record RouteRow(String type, String from, String to, String status, String summary) {
    }

    /** One custody scan. */
    public record CustodyRow(String time, String bizStep, String disposition, String custodian, String handOff,
                             String place, int packs, String lotExpiry, String eventId, String note) {
    }

    /** A serial finding with the records it rests on, side by side. */
    public record SerialFinding(String type, String severity, String status, String serial, String alertId,
                                String summary, List<String> records, List<EvidenceRow> rows, List<Fact> other) {

        public boolean hasRecords() {
            return !records.isEmpty();
        }

        public boolean hasOther() {
            return !other.isEmpty();
        }
    }

    /** One field of the records of a finding: its value in each record ("" where absent). */
    public record EvidenceRow(String field, List<String> values) {
    }

    /** One alert with every record of it, its acknowledgements and where the audit chain holds each change. */
    public record AlertHistory(String alertId, String type, String severity, String status, String ruleId,
                               String firstEvidence, String lastEvidence, String summary, List<AlertStep> steps,
                               List<AckRow> acknowledgements, List<AuditRow> audit) {

        public boolean hasAcknowledgements() {
            return !acknowledgements.isEmpty();
        }

        public boolean hasAudit() {
            return !audit.isEmpty();
        }
    }

    /** One record of an alert. */
    public record AlertStep(String time, String status, String severity, String summary) {
    }

    /** One acknowledgement. */
    public record AckRow(String at, String by, String comment) {
    }

    /** One audit record: its chain position and hash. */
    public record AuditRow(String change, String time, int partition, long sequence, String by, String hash) {
    }

    /** One kind of input: how many records and their time span. */
    public record InputRow(String kind, String source, int count, String first, String last) {
    }

    /** One record set aside by the pipeline. */
    public record SetAsideRow(String topic, String kind, String time, String reason) {
    }
}
