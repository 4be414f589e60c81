package io.coldchain.rules.serial;

import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.Verdict;
import io.coldchain.domain.Alert;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.ErrorDeclaration;
import io.coldchain.domain.Party;
import io.coldchain.domain.ShipmentPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The custody-chain checks of one shipment, one custody event at a time: parties the plan does not
 * list (UNEXPECTED_CUSTODIAN) and goods that moved without a recorded hand-off (CUSTODY_GAP). Redelivered
 * events (same id or same content) change nothing; an EPCIS error declaration takes its event back and
 * resolves the findings that rested on it. Plain domain code.
 *
 * <p>The plan's expected custodians are the parties allowed to hold the goods, not parties that must all
 * scan: carriers often make no EPCIS event of their own, the shipper's shipping and the next site's receiving
 * bracket the transport. A gap is evidence that goods moved without a recorded hand-off:
 * <ul>
 *   <li>{@link IntegrityRule#RECEIVED_WITHOUT_SHIPPING}: a receiving with no shipping step at or before it;</li>
 *   <li>{@link IntegrityRule#SHIPPED_BY_NON_HOLDER}: a shipping by source party X after the latest earlier shipping
 *       sent the goods to another party D, with no scan by X (receiving, storing ...) in between. Not a gap when
 *       X re-records its own shipping, or when the plan lists D before X (a hub that skips its receiving scan after a
 *       carrier that makes none);</li>
 *   <li>{@link IntegrityRule#SEEN_AFTER_LEAVING}: a scan (storing, packing, dispensing ...) by a custodian after it
 *       shipped the goods away to another party, with no receiving by it in between. Departing, loading and
 *       transporting scans after a shipping are normal and ignored.</li>
 * </ul>
 * Parties are GLNs: the shipping party is the shipping step's source party, the receiving party its destination
 * party (else its custodian), the party of any other scan its custodian. A party that is absent makes no gap.
 *
 * <p>Gaps are judged afresh from the whole chain, in event time, on every input, so events arriving in any order
 * reach the same gaps: a late scan that records the missing hand-off resolves the gap, a late one that reveals a
 * gap raises it. One alert per episode: per receiving step, per party that shipped goods it did not hold, per
 * party the goods reappeared at; its id derives from the shipment, the rule and the first event of the step that
 * triggered it.
 *
 * <p>The chain is a list of distinct hand-off steps ({@link ChainStep}); a shipment scanned pack by pack
 * keeps a state the size of its plan, and a step's parties are checked once, by its first scan.
 *
 * <p>Without a plan (none published yet, or a shipment nobody planned) the party check cannot run, and no hand-off
 * counts as planned; redelivery, error declarations and the gaps still do. The streams adapter therefore holds the
 * custody events of a shipment without a plan ({@link ChainState#held()}) and applies them, in arrival order, once
 * the plan arrives, or without it after {@link SerialSettings#planWait()}.
 */
public final class CustodyChainRules implements Detector<CustodyEvent, ChainState> {

    /** Error declarations remembered per shipment. */
    public static final int MAX_RETRACTED = 8;
    /** Open findings remembered per shipment for resolution. */
    public static final int MAX_FINDINGS = 16;

    /** Steps after which the goods are on the scanning party's conveyance, not back at its site. */
    private static final Set<String> MOVING_STEPS = Set.of("departing", "loading", "transporting");
    private static final String ARRIVING = "arriving";

    private final SerialSettings settings;

    public CustodyChainRules(final SerialSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param plan    the shipment's plan, or null when there is none
     * @param current the chain so far, or null before the shipment's first custody event
     */
    @Override
    public Outcome<ChainState> onEvent(final ShipmentPlan plan, final ChainState current, final CustodyEvent event) {
        final String shipmentId = plan != null ? plan.shipmentId() : event.shipmentId();
        final ChainState state = current != null ? current : ChainState.empty(shipmentId);
        final String eventId = event.eventId();
        if (event.errorDeclaration() != null) {
            return retract(plan, state, event, event.errorDeclaration());
        }
        if (state.retractedEventIds().contains(eventId)) {
            return Outcome.unchanged(state, Verdict.RETRACTED);
        }
        final String fingerprint = event.fingerprint();
        if (state.seenEvent(eventId, fingerprint) != null) {
            return Outcome.unchanged(state, Verdict.REDELIVERY);
        }

        final ChainState migrated = migrated(state);
        final Findings findings = new Findings(migrated.findings(), MAX_FINDINGS);
        final String bizStep = Cbv.bare(event.bizStep());
        final long time = event.eventTime();
        final List<ChainStep> steps = new ArrayList<>(migrated.steps());
        final String key = ChainStep.keyOf(bizStep, gln(event.custodian()), gln(event.sourceParty()),
                gln(event.destinationParty()));
        final int index = sameStep(steps, key, gln(event.custodian()), time);
        if (index >= 0) {
            // Another scan of a known step (pack-by-pack scanning): its parties were checked by its first scan.
            final ChainStep step = steps.get(index);
            steps.set(index, step.withEvents(step.events() + 1, eventId, time));
        } else {
            steps.add(new ChainStep(key, bizStep, gln(event.custodian()), name(event.custodian()),
                    gln(event.sourceParty()), gln(event.destinationParty()), eventId, time, 1));
            if (plan != null) {
                checkParties(plan, event, findings);
            }
        }
        findings.resolve(f -> f.rule() == IntegrityRule.SKIPPED_CUSTODIAN, time,
                () -> "Rule " + IntegrityRule.SKIPPED_CUSTODIAN.ruleId() + " is retired: a planned custodian that"
                        + " makes no scan of its own (a carrier, as is common) is not a custody gap",
                () -> evidence(event));

        final Findings gaps = new Findings(migrated.gaps(), Integer.MAX_VALUE);
        judgeGaps(plan, shipmentId, steps, gaps, event, time,
                () -> "The chain of shipment " + shipmentId + " now records the hand-off: " + bizStep + " by "
                        + name(event.custodian()) + " (event " + eventId + ")", () -> evidence(event));

        final List<SeenEvent> seen = new ArrayList<>(migrated.seen());
        seen.add(new SeenEvent(eventId, fingerprint, key));
        while (seen.size() > settings.eventsPerShipment()) {
            seen.remove(0);
        }
        final ChainState next = new ChainState(shipmentId, steps, seen, migrated.retractedEventIds(), findings.open(),
                Math.max(migrated.lastEventTime(), time), gaps.open(), migrated.held());
        final List<Alert> alerts = new ArrayList<>(findings.alerts());
        alerts.addAll(gaps.alerts());
        return Outcome.of(next, alerts);
    }

    /** Every party of the event (custodian, source, destination) must be one the plan lists. */
    private static void checkParties(final ShipmentPlan plan, final CustodyEvent event, final Findings findings) {
        final Set<String> expected = expectedGlns(plan);
        if (expected.isEmpty()) {
            return;
        }
        final Map<String, Party> unexpected = new LinkedHashMap<>();
        addIfUnexpected(unexpected, "custodian", event.custodian(), expected);
        addIfUnexpected(unexpected, "sourceParty", event.sourceParty(), expected);
        addIfUnexpected(unexpected, "destinationParty", event.destinationParty(), expected);
        if (unexpected.isEmpty()) {
            return;
        }
        final Map<String, String> evidence = evidence(event);
        unexpected.forEach((role, party) -> {
            evidence.put("unexpected." + role + ".gln", party.gln());
            evidence.put("unexpected." + role + ".name", party.name());
        });
        evidence.put("expectedCustodianGlns", String.join(",", expected));
        final Map.Entry<String, Party> first = unexpected.entrySet().iterator().next();
        findings.raise(IntegrityRule.UNEXPECTED_PARTY, plan.shipmentId(), event.eventId(), plan.shipmentId(),
                null, event.eventTime(), event.eventTime(),
                "Shipment " + plan.shipmentId() + " " + Cbv.bare(event.bizStep()) + " at " + place(event)
                        + " involves " + first.getValue().name() + " (" + first.getValue().gln() + ") as "
                        + first.getKey() + ", a party the plan does not list", evidence, List.of(event.eventId()));
    }

    private Outcome<ChainState> retract(final ShipmentPlan plan, final ChainState current, final CustodyEvent event,
                                        final ErrorDeclaration declaration) {
        final String eventId = event.eventId();
        if (current.retractedEventIds().contains(eventId)) {
            return Outcome.unchanged(current, Verdict.REDELIVERY);
        }
        final ChainState state = migrated(current);
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
        final Retraction retraction = new Retraction(eventId, event.shipmentId(), declaration.declarationTime(),
                declaration.reason(), declaration.correctiveEventIds());
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.retraction(evidence, retraction);
        final String summary = "Custody event " + eventId + " was declared erroneous; the finding no longer stands";
        findings.resolve(f -> f.eventIds().contains(eventId), declaration.declarationTime(), summary, evidence);
        final Findings gaps = new Findings(state.gaps(), Integer.MAX_VALUE);
        judgeGaps(plan, state.shipmentId(), steps, gaps, null, declaration.declarationTime(), () -> summary,
                () -> evidence);
        final List<String> retracted = new ArrayList<>(state.retractedEventIds());
        retracted.add(eventId);
        while (retracted.size() > MAX_RETRACTED) {
            retracted.remove(0);
        }
        final List<Alert> alerts = new ArrayList<>(findings.alerts());
        alerts.addAll(gaps.alerts());
        return new Outcome<>(new ChainState(state.shipmentId(), steps, seen, retracted, findings.open(),
                state.lastEventTime(), gaps.open(), state.held()), alerts, Verdict.RETRACTION);
    }

    /** One custody gap found in the chain: the rule, its episode, the step that shows it and the shipping before. */
    private record Gap(IntegrityRule rule, String episode, ChainStep trigger, ChainStep shipping) {
    }

    /**
     * Judges the gaps of the whole chain afresh and publishes the difference: an episode found and not open is
     * raised, an open one no longer found is resolved ({@code resolution}).
     *
     * @param event the custody event being applied (its evidence is richer than a step's), or null
     */
    private static void judgeGaps(final ShipmentPlan plan, final String shipmentId, final List<ChainStep> steps,
                                  final Findings gaps, final CustodyEvent event, final long time,
                                  final Supplier<String> resolution,
                                  final Supplier<Map<String, String>> resolutionEvidence) {
        final List<Gap> found = gapsOf(plan, steps);
        final Set<String> episodes = new LinkedHashSet<>();
        found.forEach(g -> episodes.add(g.episode()));
        gaps.resolve(f -> !episodes.contains(f.episode()), time, resolution, resolutionEvidence);
        for (final Gap gap : found) {
            if (gaps.open().stream().anyMatch(f -> gap.episode().equals(f.episode()))) {
                continue;
            }
            final ChainStep trigger = gap.trigger();
            final ChainStep shipping = gap.shipping();
            final Map<String, String> evidence = event != null && trigger.firstEventId().equals(event.eventId())
                    ? evidence(event) : evidence(trigger);
            final List<String> eventIds = new ArrayList<>();
            long first = trigger.firstEventTime();
            if (shipping != null) {
                Findings.put(evidence, "shipping.eventId", shipping.firstEventId());
                Findings.put(evidence, "shipping.eventTime", Findings.instant(shipping.firstEventTime()));
                Findings.put(evidence, "shipping.sourceParty.gln", shipping.sourceGln());
                Findings.put(evidence, "shipping.destinationParty.gln", shipping.destinationGln());
                eventIds.add(shipping.firstEventId());
                first = Math.min(first, shipping.firstEventTime());
            }
            eventIds.add(trigger.firstEventId());
            gaps.raise(gap.rule(), shipmentId, trigger.firstEventId(), shipmentId, null, first,
                    trigger.firstEventTime(), summary(plan, shipmentId, gap, evidence.get("location")), evidence,
                    eventIds, gap.episode());
        }
    }

    private static String summary(final ShipmentPlan plan, final String shipmentId, final Gap gap,
                                  final String place) {
        final ChainStep trigger = gap.trigger();
        final ChainStep shipping = gap.shipping();
        final String at = place == null ? "" : " at " + place;
        return switch (gap.rule()) {
            case SHIPPED_BY_NON_HOLDER -> "Shipment " + shipmentId + " shipped by " + party(plan, trigger.sourceGln())
                    + at + " on " + Findings.instant(trigger.firstEventTime()) + ", but it had been shipped to "
                    + party(plan, shipping.destinationGln()) + " on " + Findings.instant(shipping.firstEventTime())
                    + " and " + party(plan, trigger.sourceGln()) + " never received it";
            case SEEN_AFTER_LEAVING -> "Shipment " + shipmentId + " seen again (" + trigger.bizStep() + ") by "
                    + party(plan, holder(trigger)) + at + " on " + Findings.instant(trigger.firstEventTime())
                    + " after it was shipped from there to " + party(plan, shipping.destinationGln()) + " on "
                    + Findings.instant(shipping.firstEventTime()) + ", with no receiving there since";
            default -> "Shipment " + shipmentId + " received by " + party(plan, holder(trigger)) + at
                    + " without any earlier shipping scan";
        };
    }

    /** The gaps of the chain, in event time; the earliest step showing an episode is its trigger. */
    private static List<Gap> gapsOf(final ShipmentPlan plan, final List<ChainStep> steps) {
        final List<ChainStep> chain = new ArrayList<>(steps);
        chain.sort(Comparator.comparingLong(ChainStep::firstEventTime).thenComparing(ChainStep::key));
        final Map<String, Gap> gaps = new LinkedHashMap<>();
        for (final ChainStep step : chain) {
            Gap gap = receivedWithoutShipping(chain, step);
            if (gap == null) {
                gap = shippedByNonHolder(plan, chain, step);
            }
            if (gap == null) {
                gap = seenAfterLeaving(chain, step);
            }
            if (gap != null) {
                gaps.putIfAbsent(gap.episode(), gap);
            }
        }
        return new ArrayList<>(gaps.values());
    }

    private static Gap receivedWithoutShipping(final List<ChainStep> chain, final ChainStep step) {
        if (!Cbv.RECEIVING.equals(step.bizStep()) || chain.stream()
                .anyMatch(s -> Cbv.SHIPPING.equals(s.bizStep()) && s.firstEventTime() <= step.firstEventTime())) {
            return null;
        }
        return new Gap(IntegrityRule.RECEIVED_WITHOUT_SHIPPING, "received-without-shipping|" + step.key(), step, null);
    }

    private static Gap shippedByNonHolder(final ShipmentPlan plan, final List<ChainStep> chain, final ChainStep step) {
        final String shipper = step.sourceGln();
        if (!Cbv.SHIPPING.equals(step.bizStep()) || shipper == null) {
            return null;
        }
        final ChainStep before = latestShipping(chain, step, null);
        if (before == null || before.destinationGln() == null || shipper.equals(before.destinationGln())
                || shipper.equals(before.sourceGln()) || planned(plan, before.destinationGln(), shipper)
                || heldBetween(chain, shipper, before, step, false)) {
            return null;
        }
        return new Gap(IntegrityRule.SHIPPED_BY_NON_HOLDER, "shipped-by-non-holder|" + shipper, step, before);
    }

    private static Gap seenAfterLeaving(final List<ChainStep> chain, final ChainStep step) {
        final String party = holder(step);
        if (party == null || takesOver(step) || MOVING_STEPS.contains(step.bizStep())) {
            return null;
        }
        final ChainStep left = latestShipping(chain, step, party);
        if (left == null || party.equals(left.destinationGln()) || heldBetween(chain, party, left, step, true)) {
            return null;
        }
        return new Gap(IntegrityRule.SEEN_AFTER_LEAVING, "seen-after-leaving|" + party, step, left);
    }

    /** The latest shipping step before {@code step} in event time, only by {@code source} if given. */
    private static ChainStep latestShipping(final List<ChainStep> chain, final ChainStep step, final String source) {
        ChainStep latest = null;
        for (final ChainStep s : chain) {
            if (s.firstEventTime() >= step.firstEventTime()) {
                break;
            }
            if (Cbv.SHIPPING.equals(s.bizStep()) && (source == null || source.equals(s.sourceGln()))) {
                latest = s;
            }
        }
        return latest;
    }

    /** Whether {@code party} took the goods (received them, or with any scan unless {@code receivingOnly}) between. */
    private static boolean heldBetween(final List<ChainStep> chain, final String party, final ChainStep from,
                                       final ChainStep to, final boolean receivingOnly) {
        return chain.stream().anyMatch(h -> h != to && (receivingOnly ? takesOver(h) : !Cbv.SHIPPING.equals(h.bizStep()))
                && party.equals(holder(h)) && h.firstEventTime() >= from.firstEventTime()
                && h.firstEventTime() <= to.firstEventTime());
    }

    /** Whether the plan lists {@code from} before {@code to}: a hand-off it foresees, recorded or not. */
    private static boolean planned(final ShipmentPlan plan, final String from, final String to) {
        if (plan == null) {
            return false;
        }
        final int f = indexOfGln(plan.expectedCustodians(), from);
        final int t = indexOfGln(plan.expectedCustodians(), to);
        return f >= 0 && t > f;
    }

    private static boolean takesOver(final ChainStep step) {
        return Cbv.RECEIVING.equals(step.bizStep()) || ARRIVING.equals(step.bizStep());
    }

    /** The party holding the goods by the step: none for a shipping, the receiving party, else the custodian. */
    private static String holder(final ChainStep step) {
        if (Cbv.SHIPPING.equals(step.bizStep())) {
            return null;
        }
        return takesOver(step) && step.destinationGln() != null ? step.destinationGln() : step.custodianGln();
    }

    /**
     * States written before gaps had a list of their own kept receiving-without-shipping findings among the
     * others; they move to the gaps under their episode (unknown: resolved, and raised again if they stand).
     */
    private static ChainState migrated(final ChainState state) {
        if (state.findings().stream().noneMatch(f -> f.rule() == IntegrityRule.RECEIVED_WITHOUT_SHIPPING)) {
            return state;
        }
        final List<OpenFinding> findings = new ArrayList<>();
        final List<OpenFinding> gaps = new ArrayList<>(state.gaps());
        for (final OpenFinding f : state.findings()) {
            if (f.rule() != IntegrityRule.RECEIVED_WITHOUT_SHIPPING) {
                findings.add(f);
                continue;
            }
            final String episode = state.steps().stream().filter(s -> f.eventIds().contains(s.firstEventId()))
                    .findFirst().map(s -> "received-without-shipping|" + s.key()).orElse("legacy|" + f.alertId());
            gaps.add(new OpenFinding(f.alertId(), f.rule(), f.shipmentId(), f.serial(), f.firstEvidenceTime(),
                    f.eventIds(), episode));
        }
        return new ChainState(state.shipmentId(), state.steps(), state.seen(), state.retractedEventIds(), findings,
                state.lastEventTime(), gaps, state.held());
    }

    private static Map<String, String> evidence(final ChainStep step) {
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.put(evidence, "eventId", step.firstEventId());
        Findings.put(evidence, "eventTime", Findings.instant(step.firstEventTime()));
        Findings.put(evidence, "bizStep", step.bizStep());
        Findings.put(evidence, "custodian.gln", step.custodianGln());
        Findings.put(evidence, "custodian.name", step.custodianName());
        Findings.put(evidence, "sourceParty.gln", step.sourceGln());
        Findings.put(evidence, "destinationParty.gln", step.destinationGln());
        return evidence;
    }

    /** A party for a sentence: its name from the plan when it lists it, else its GLN. */
    private static String party(final ShipmentPlan plan, final String gln) {
        if (plan != null) {
            for (final Party p : plan.expectedCustodians()) {
                if (p.gln().equals(gln)) {
                    return p.name() + " (" + gln + ")";
                }
            }
        }
        return "GLN " + gln;
    }

    private static Map<String, String> evidence(final CustodyEvent event) {
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.put(evidence, "eventId", event.eventId());
        Findings.put(evidence, "eventTime", Findings.instant(event.eventTime()));
        Findings.put(evidence, "bizStep", Cbv.bare(event.bizStep()));
        Findings.put(evidence, "custodian.gln", gln(event.custodian()));
        Findings.put(evidence, "custodian.name", name(event.custodian()));
        Findings.put(evidence, "sourceParty.gln", gln(event.sourceParty()));
        Findings.put(evidence, "destinationParty.gln", gln(event.destinationParty()));
        Findings.put(evidence, "location", place(event));
        return evidence;
    }

    /** The plan's expected custodians, and the GLNs of its origin and destination sites (a destination may name a site). */
    private static Set<String> expectedGlns(final ShipmentPlan plan) {
        final Set<String> glns = new LinkedHashSet<>();
        plan.expectedCustodians().forEach(p -> glns.add(p.gln()));
        if (!glns.isEmpty()) {
            if (plan.origin().gln() != null) {
                glns.add(plan.origin().gln());
            }
            if (plan.destination().gln() != null) {
                glns.add(plan.destination().gln());
            }
        }
        return glns;
    }

    private static void addIfUnexpected(final Map<String, Party> unexpected, final String role, final Party party,
                                        final Set<String> expected) {
        if (party != null && !expected.contains(party.gln())) {
            unexpected.put(role, party);
        }
    }

    /**
     * The step this scan repeats (pack-by-pack scanning): same business step and parties, and no shipping by
     * the custodian in between; a storing scan at a hub after the hub shipped the goods away is a new step.
     */
    private static int sameStep(final List<ChainStep> steps, final String key, final String custodian, final long time) {
        for (int i = 0; i < steps.size(); i++) {
            final ChainStep step = steps.get(i);
            if (!step.key().equals(key)) {
                continue;
            }
            final long from = Math.min(step.firstEventTime(), time);
            final long to = Math.max(step.firstEventTime(), time);
            final boolean shippedBetween = custodian != null && steps.stream().anyMatch(s -> Cbv.SHIPPING.equals(s.bizStep())
                    && custodian.equals(s.sourceGln()) && s.firstEventTime() > from && s.firstEventTime() < to);
            if (!shippedBetween) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfGln(final List<Party> parties, final String gln) {
        for (int i = 0; i < parties.size(); i++) {
            if (parties.get(i).gln().equals(gln)) {
                return i;
            }
        }
        return -1;
    }

    private static String gln(final Party party) {
        return party == null ? null : party.gln();
    }

    private static String name(final Party party) {
        return party == null ? "an unnamed party" : party.name();
    }

    private static String place(final CustodyEvent event) {
        return event.bizLocation() == null ? String.valueOf(event.readPoint()) : event.bizLocation().name();
    }
}
