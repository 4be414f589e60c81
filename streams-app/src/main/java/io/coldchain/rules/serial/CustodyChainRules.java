package io.coldchain.rules.serial;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The custody-chain checks of one shipment, one custody event at a time: parties the plan does not
 * list (UNEXPECTED_CUSTODIAN), receiving without a prior shipping step and a planned custodian
 * skipped (CUSTODY_GAP). Redelivered events (same id or same content) change nothing; an EPCIS error
 * declaration takes its event back and resolves the findings that rested on it. Plain domain code.
 *
 * <p>The chain is a list of distinct hand-off steps ({@link ChainStep}); a shipment scanned pack by pack
 * keeps a state the size of its plan, and each step is judged once, by its first scan.
 *
 * <p>Events may arrive out of order: a shipping step that arrives after the receiving it precedes
 * in event time resolves the gap that receiving raised.
 *
 * <p>Without a plan (none published yet, or a shipment nobody planned) the party and skipped-custodian
 * checks cannot run; redelivery, error declarations and receiving-without-shipping still do.
 */
public final class CustodyChainRules {

    /** Error declarations remembered per shipment. */
    public static final int MAX_RETRACTED = 8;
    /** Open findings remembered per shipment for resolution. */
    public static final int MAX_FINDINGS = 16;

    private final SerialSettings settings;

    public CustodyChainRules(final SerialSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param plan    the shipment's plan, or null when there is none
     * @param current the chain so far, or null before the shipment's first custody event
     */
    public ChainOutcome onCustody(final ShipmentPlan plan, final ChainState current, final CustodyEvent event) {
        final String shipmentId = plan != null ? plan.getShipmentId() : event.getShipmentId();
        final ChainState state = current != null ? current : ChainState.empty(shipmentId);
        final String eventId = event.getEventId();
        if (event.getErrorDeclaration() != null) {
            return retract(state, event, event.getErrorDeclaration());
        }
        if (state.retractedEventIds().contains(eventId)) {
            return new ChainOutcome(state, List.of(), Verdict.RETRACTED);
        }
        final String fingerprint = CustodyFingerprint.of(event);
        if (state.seenEvent(eventId, fingerprint) != null) {
            return new ChainOutcome(state, List.of(), Verdict.REDELIVERY);
        }

        final Findings findings = new Findings(state.findings(), MAX_FINDINGS);
        final String bizStep = Cbv.bare(event.getBizStep());
        final long time = event.getEventTime();
        final List<ChainStep> steps = new ArrayList<>(state.steps());
        final String key = ChainStep.keyOf(bizStep, gln(event.getCustodian()), gln(event.getSourceParty()),
                gln(event.getDestinationParty()));
        final int index = indexOf(steps, key);
        if (index >= 0) {
            // Another scan of a step already judged (pack-by-pack scanning): nothing new to check.
            final ChainStep step = steps.get(index);
            steps.set(index, step.withEvents(step.events() + 1, eventId, time));
        } else {
            steps.add(new ChainStep(key, bizStep, gln(event.getCustodian()), name(event.getCustodian()),
                    gln(event.getSourceParty()), gln(event.getDestinationParty()), eventId, time, 1));
            if (plan != null) {
                checkParties(plan, event, findings);
            }
            if (Cbv.RECEIVING.equals(bizStep) && steps.stream()
                    .noneMatch(s -> Cbv.SHIPPING.equals(s.bizStep()) && s.firstEventTime() <= time)) {
                findings.raise(IntegrityRule.RECEIVED_WITHOUT_SHIPPING, shipmentId, eventId, shipmentId, null, time,
                        time, "Shipment " + shipmentId + " received by " + name(event.getCustodian()) + " at "
                                + place(event) + " without any earlier shipping scan", evidence(event),
                        List.of(eventId));
            }
            if (plan != null) {
                checkSkipped(plan, event, steps, findings);
            }
        }
        if (Cbv.SHIPPING.equals(bizStep)) {
            findings.resolve(f -> f.rule() == IntegrityRule.RECEIVED_WITHOUT_SHIPPING && f.firstEvidenceTime() >= time,
                    time, "Shipping by " + name(event.getCustodian()) + " found for shipment " + shipmentId
                            + "; the receiving has its shipping step", evidence(event));
        }

        final List<SeenEvent> seen = new ArrayList<>(state.seen());
        seen.add(new SeenEvent(eventId, fingerprint, key));
        while (seen.size() > settings.eventsPerShipment()) {
            seen.remove(0);
        }
        final ChainState next = new ChainState(shipmentId, steps, seen, state.retractedEventIds(), findings.open(),
                Math.max(state.lastEventTime(), time));
        return new ChainOutcome(next, findings.alerts(), Verdict.APPLIED);
    }

    /** Every party of the event (custodian, source, destination) must be one the plan lists. */
    private static void checkParties(final ShipmentPlan plan, final CustodyEvent event, final Findings findings) {
        final Set<String> expected = expectedGlns(plan);
        if (expected.isEmpty()) {
            return;
        }
        final Map<String, Party> unexpected = new LinkedHashMap<>();
        addIfUnexpected(unexpected, "custodian", event.getCustodian(), expected);
        addIfUnexpected(unexpected, "sourceParty", event.getSourceParty(), expected);
        addIfUnexpected(unexpected, "destinationParty", event.getDestinationParty(), expected);
        if (unexpected.isEmpty()) {
            return;
        }
        final Map<String, String> evidence = evidence(event);
        unexpected.forEach((role, party) -> {
            evidence.put("unexpected." + role + ".gln", party.getGln());
            evidence.put("unexpected." + role + ".name", party.getName());
        });
        evidence.put("expectedCustodianGlns", String.join(",", expected));
        final Map.Entry<String, Party> first = unexpected.entrySet().iterator().next();
        findings.raise(IntegrityRule.UNEXPECTED_PARTY, plan.getShipmentId(), event.getEventId(), plan.getShipmentId(),
                null, event.getEventTime(), event.getEventTime(),
                "Shipment " + plan.getShipmentId() + " " + Cbv.bare(event.getBizStep()) + " at " + place(event)
                        + " involves " + first.getValue().getName() + " (" + first.getValue().getGln() + ") as "
                        + first.getKey() + ", a party the plan does not list", evidence, List.of(event.getEventId()));
    }

    /**
     * Custody reached planned custodian {@code i}: every planned custodian between the shipper and it
     * must have held the shipment (as custodian, source or destination of an earlier step).
     */
    private static void checkSkipped(final ShipmentPlan plan, final CustodyEvent event, final List<ChainStep> steps,
                                     final Findings findings) {
        final List<Party> planned = plan.getExpectedCustodians();
        final int reached = indexOfGln(planned, gln(event.getCustodian()));
        if (reached < 2) {
            return;
        }
        final Set<String> involved = new LinkedHashSet<>();
        for (final ChainStep step : steps) {
            if (step.firstEventTime() <= event.getEventTime()) {
                involved.add(step.custodianGln());
                involved.add(step.sourceGln());
                involved.add(step.destinationGln());
            }
        }
        for (int i = 1; i < reached; i++) {
            final Party skipped = planned.get(i);
            if (!involved.contains(skipped.getGln())) {
                final Map<String, String> evidence = evidence(event);
                evidence.put("skippedCustodian.gln", skipped.getGln());
                evidence.put("skippedCustodian.name", skipped.getName());
                findings.raise(IntegrityRule.SKIPPED_CUSTODIAN, plan.getShipmentId(), event.getEventId() + "|" + i,
                        plan.getShipmentId(), null, event.getEventTime(), event.getEventTime(),
                        "Shipment " + plan.getShipmentId() + " reached " + name(event.getCustodian())
                                + " without passing through planned custodian " + skipped.getName(),
                        evidence, List.of(event.getEventId()));
            }
        }
    }

    private ChainOutcome retract(final ChainState state, final CustodyEvent event, final ErrorDeclaration declaration) {
        final String eventId = event.getEventId();
        if (state.retractedEventIds().contains(eventId)) {
            return new ChainOutcome(state, List.of(), Verdict.REDELIVERY);
        }
        final List<ChainStep> steps = new ArrayList<>();
        final List<SeenEvent> seen = new ArrayList<>(state.seen());
        final SeenEvent original = state.seen().stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElse(null);
        for (final ChainStep step : state.steps()) {
            if (original != null && step.key().equals(original.stepKey())) {
                if (step.events() > 1) {
                    steps.add(step.withEvents(step.events() - 1, step.firstEventId(), step.firstEventTime()));
                }
            } else {
                steps.add(step);
            }
        }
        seen.removeIf(e -> e.eventId().equals(eventId));
        final Findings findings = new Findings(state.findings(), MAX_FINDINGS);
        final Retraction retraction = new Retraction(eventId, event.getShipmentId(), declaration.getDeclarationTime(),
                declaration.getReason(), declaration.getCorrectiveEventIds());
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.retraction(evidence, retraction);
        findings.resolve(f -> f.eventIds().contains(eventId), declaration.getDeclarationTime(),
                "Custody event " + eventId + " was declared erroneous; the finding no longer stands", evidence);
        final List<String> retracted = new ArrayList<>(state.retractedEventIds());
        retracted.add(eventId);
        while (retracted.size() > MAX_RETRACTED) {
            retracted.remove(0);
        }
        return new ChainOutcome(new ChainState(state.shipmentId(), steps, seen, retracted, findings.open(),
                state.lastEventTime()), findings.alerts(), Verdict.RETRACTION);
    }

    private static Map<String, String> evidence(final CustodyEvent event) {
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.put(evidence, "eventId", event.getEventId());
        Findings.put(evidence, "eventTime", Findings.instant(event.getEventTime()));
        Findings.put(evidence, "bizStep", Cbv.bare(event.getBizStep()));
        Findings.put(evidence, "custodian.gln", gln(event.getCustodian()));
        Findings.put(evidence, "custodian.name", name(event.getCustodian()));
        Findings.put(evidence, "sourceParty.gln", gln(event.getSourceParty()));
        Findings.put(evidence, "destinationParty.gln", gln(event.getDestinationParty()));
        Findings.put(evidence, "location", place(event));
        return evidence;
    }

    private static Set<String> expectedGlns(final ShipmentPlan plan) {
        final Set<String> glns = new LinkedHashSet<>();
        plan.getExpectedCustodians().forEach(p -> glns.add(p.getGln()));
        return glns;
    }

    private static void addIfUnexpected(final Map<String, Party> unexpected, final String role, final Party party,
                                        final Set<String> expected) {
        if (party != null && !expected.contains(party.getGln())) {
            unexpected.put(role, party);
        }
    }

    private static int indexOf(final List<ChainStep> steps, final String key) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfGln(final List<Party> parties, final String gln) {
        for (int i = 0; i < parties.size(); i++) {
            if (parties.get(i).getGln().equals(gln)) {
                return i;
            }
        }
        return -1;
    }

    private static String gln(final Party party) {
        return party == null ? null : party.getGln();
    }

    private static String name(final Party party) {
        return party == null ? "an unnamed party" : party.getName();
    }

    private static String place(final CustodyEvent event) {
        return event.getBizLocation() == null ? String.valueOf(event.getReadPoint()) : event.getBizLocation().getName();
    }
}
