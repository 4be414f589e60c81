package io.coldchain.rules.serial;

import io.coldchain.rules.Outcome;
import io.coldchain.rules.Verdict;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The per-serial integrity checks, applied to one input at a time for one serial: a shipment plan
 * declaring it, a custody event sighting it, an error declaration taking a sighting back. Plain
 * domain code: the state comes in and goes out, nothing is kept here, no clock is read.
 *
 * <p>Findings, each published once with both conflicting records as evidence:
 * <ul>
 *   <li>DUPLICATE_SERIAL: two open plans declare it; a second commissioning event; two places at once; a
 *       sighting in one shipment while it is in transit in, or declared by, another open shipment;</li>
 *   <li>IMPOSSIBLE_TRAVEL: the sighting and its neighbour in time are farther apart than any transport mode
 *       covers in the time between them ({@link Travel});</li>
 *   <li>REUSED_SERIAL: a sighting later than the one that dispensed, decommissioned or destroyed the pack, and a
 *       commissioning event after end of life;</li>
 *   <li>ATTRIBUTE_MISMATCH: lot or expiry read from the pack, or declared by a later plan, differs from the
 *       commissioned values;</li>
 *   <li>UNKNOWN_SERIAL: a sighting of a serial no plan or commissioning event declared (once per serial; resolved
 *       when a plan declares it after all).</li>
 * </ul>
 * Sightings are judged in event time (ties broken by event id), not in arrival order, and the verdict does not
 * depend on which of two sightings arrived first: a finding on two sightings carries the id of the later one in
 * event time. A sighting is compared with both its neighbours; an end of life that arrives after later sightings
 * reports each of them as a reuse right then; of two commissionings the later is the duplicate. A sighting that
 * arrives between two neighbours already compared resolves their pair finding (see {@code judgeNeighbours}).
 *
 * <p>Plans may arrive after the scans (a backfill per shipment, a plan published late). A sighting in a shipment
 * that does not list the serial is therefore judged only once stream time is {@link SerialSettings#declarationGrace()}
 * past it ({@link SerialSettings#planWait()} when its shipment had no plan at all yet), see {@link #onDue}: a plan
 * listing it by then removes it silently; otherwise it is UNKNOWN_SERIAL (the earliest such sighting in event time)
 * or DUPLICATE_SERIAL against another open plan. The first plan also checks the lot and expiry of the sightings kept
 * before it, and of two open plans the later one is the duplicate. So every arrival order within the grace gives
 * the in-order verdict, ids and evidence; the price is that latency.
 *
 * <p>Redelivery of a kept sighting (same event id or same content fingerprint) is recognised and changes
 * nothing. An error declaration removes the sighting it names, resolves every finding resting on it and is
 * remembered, so the original arriving afterwards is ignored.
 */
public final class SerialRules {

    /** Open findings remembered per serial for resolution; older ones can no longer be resolved. */
    public static final int MAX_FINDINGS = 16;
    /** Error declarations remembered per serial. */
    public static final int MAX_RETRACTED = 8;
    /** Open plans remembered per serial; more than two is already a finding. */
    public static final int MAX_DECLARATIONS = 8;
    /** Sightings waiting for the declaration grace per serial; beyond, the latest due are not judged. */
    public static final int MAX_PENDING = 16;
    /** Shipments remembered per serial with when their plans listed it; the earliest opened are forgotten first. */
    public static final int MAX_SPANS = 16;

    /** Event time, ties broken by event id: the order sightings are judged in, whatever order they arrive in. */
    static final Comparator<Sighting> IN_EVENT_TIME = Comparator.comparingLong(Sighting::eventTime)
            .thenComparing(Sighting::eventId);
    /** Publication time, ties broken by shipment id: of two plans listing a serial, the later is the duplicate. */
    private static final Comparator<Declaration> IN_PUBLICATION = Comparator.comparingLong(Declaration::declaredAt)
            .thenComparing(Declaration::shipmentId);
    /** Findings on two neighbouring sightings. */
    private static final Set<IntegrityRule> PAIR_RULES = Set.of(IntegrityRule.AT_TWO_PLACES_AT_ONCE,
            IntegrityRule.IMPOSSIBLE_TRAVEL, IntegrityRule.IN_TWO_SHIPMENTS);

    /** Slots of the expiry-date memo ({@link #endOfDay}), a power of two. */
    private static final int EXPIRY_SLOTS = 64;
    private static final ExpiryEnd[] EXPIRY_ENDS = new ExpiryEnd[EXPIRY_SLOTS];

    private final SerialSettings settings;

    public SerialRules(final SerialSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SerialSettings settings() {
        return settings;
    }

    /** A shipment plan lists the serial (or was updated, delivered or closed). */
    public Outcome<SerialState> onDeclared(final String sgtin, final SerialState current, final Declaration declaration) {
        final SerialState state = current != null ? current : SerialState.empty(sgtin);
        final Findings findings = new Findings(state.findings(), MAX_FINDINGS);
        final String shipment = declaration.shipmentId();
        final Declaration previous = state.declarationBy(shipment);
        final List<Declaration> declarations = new ArrayList<>(state.declarations());
        declarations.removeIf(d -> d.shipmentId().equals(shipment));

        if (declaration.open()) {
            declarations.add(declaration);
            while (declarations.size() > MAX_DECLARATIONS) {
                declarations.remove(0);
            }
        }

        Commissioning commissioning = state.commissioning();
        final boolean plansOwnData = commissioning != null && !commissioning.byEvent()
                && commissioning.shipmentId().equals(shipment);
        if (commissioning == null || plansOwnData) {
            // The first plan gives the reference values; a correction of that same plan replaces them.
            final boolean first = commissioning == null;
            commissioning = Commissioning.fromPlan(declaration);
            if (first) {
                // Sightings that arrived before the first plan are compared as if it had come first.
                for (final Sighting kept : state.sightings()) {
                    mismatchOf(sgtin, kept, commissioning, findings);
                }
            }
        } else if (changed(previous, declaration) && mismatch(commissioning, declaration.lot(), declaration.expiryDate())) {
            final Map<String, String> evidence = new LinkedHashMap<>();
            Findings.declaration(evidence, "declaration", declaration);
            Findings.commissioning(evidence, "commissioned", commissioning);
            findings.raise(IntegrityRule.LOT_OR_EXPIRY_MISMATCH, sgtin, SerialAlertIds.plan(shipment), shipment, sgtin,
                    Math.min(commissioning.time(), declaration.declaredAt()), declaration.declaredAt(),
                    "Shipment " + shipment + " lists serial " + sgtin + " with " + attributes(declaration.lot(),
                            declaration.expiryDate()) + " but it was commissioned with "
                            + attributes(commissioning.lot(), commissioning.expiryDate()),
                    evidence, List.of(SerialAlertIds.plan(shipment)));
        }

        findings.resolve(f -> f.rule() == IntegrityRule.NOT_DECLARED, declaration.declaredAt(),
                () -> "Serial " + sgtin + " is declared after all, by shipment " + shipment, () -> {
                    final Map<String, String> explained = new LinkedHashMap<>();
                    Findings.declaration(explained, "declaration", declaration);
                    return explained;
                });

        // Sightings in this shipment waited for its plan: it lists the serial, nothing to judge.
        final List<PendingSighting> pending = new ArrayList<>(state.pending());
        pending.removeIf(p -> p.sighting().shipmentId().equals(shipment));

        final SerialState next = new SerialState(sgtin, commissioning, declarations, state.sightings(),
                state.endOfLife(), findings.open(), state.retractedEventIds(),
                retainUntil(state, commissioning, declaration.declaredAt()), pending, spans(state, declaration));
        return Outcome.of(next, findings.alerts());
    }

    /**
     * The shipment's span opens with its first open plan version listing the serial (judged against the others once
     * stream time is {@link SerialSettings#declarationGrace()} past it, see {@link #onDue}) and ends with the first
     * version that delivered, closed or cancelled it.
     */
    private List<DeclarationSpan> spans(final SerialState state, final Declaration declaration) {
        final List<DeclarationSpan> spans = new ArrayList<>(state.spans());
        final DeclarationSpan known = state.spanOf(declaration.shipmentId());
        if (known == null && declaration.open()) {
            spans.add(new DeclarationSpan(declaration, Long.MAX_VALUE,
                    declaration.declaredAt() + settings.declarationGrace().toMillis()));
            spans.sort(Comparator.comparing(DeclarationSpan::opened, IN_PUBLICATION));
            while (spans.size() > MAX_SPANS) {
                spans.remove(0);
            }
        } else if (known != null && !declaration.open()) {
            spans.set(spans.indexOf(known), known.closed(declaration.declaredAt()));
        }
        return spans;
    }

    /** A custody event of a shipment with a plan saw the pack. */
    public Outcome<SerialState> onSighted(final String sgtin, final SerialState current, final Sighting sighting) {
        return onSighted(sgtin, current, sighting, false);
    }

    /**
     * A custody event saw the pack. Whether its shipment lists the serial is judged later: once stream time is
     * {@link SerialSettings#declarationGrace()} past the sighting ({@link SerialSettings#planWait()} when the
     * shipment had no plan at all yet), see {@link #onDue}.
     *
     * @param withoutPlan whether the sighting's shipment had no plan when the event was read
     */
    public Outcome<SerialState> onSighted(final String sgtin, final SerialState current, final Sighting sighting,
                                          final boolean withoutPlan) {
        if (current != null && current.retractedEventIds().contains(sighting.eventId())) {
            return Outcome.unchanged(current, Verdict.RETRACTED);
        }
        if (current != null && current.holds(sighting)) {
            return Outcome.unchanged(current, Verdict.REDELIVERY);
        }
        final SerialState state = current != null ? current : SerialState.empty(sgtin);
        final Findings findings = new Findings(state.findings(), MAX_FINDINGS);
        final boolean commissions = Cbv.commissions(sighting.action(), sighting.bizStep());
        Commissioning commissioning = state.commissioning();
        final Sighting endOfLife = state.endOfLife();

        if (commissions && commissioning != null && commissioning.byEvent()) {
            // The later of the two commissionings in event time is the duplicate, whichever arrived first.
            final boolean arrivingIsLater = IN_EVENT_TIME.compare(sighting, commissioningSighting(commissioning)) > 0;
            final String laterId = arrivingIsLater ? sighting.eventId() : commissioning.eventId();
            final long laterTime = Math.max(sighting.eventTime(), commissioning.time());
            final boolean afterEndOfLife = endOfLife != null && laterTime > endOfLife.eventTime();
            final Map<String, String> evidence = evidence(sighting);
            Findings.commissioning(evidence, "commissioned", commissioning);
            if (afterEndOfLife) {
                Findings.sighting(evidence, "endOfLife", endOfLife);
            }
            findings.raise(afterEndOfLife ? IntegrityRule.SIGHTED_AFTER_END_OF_LIFE : IntegrityRule.COMMISSIONED_TWICE,
                    sgtin, laterId, sighting.shipmentId(), sgtin, Math.min(commissioning.time(), sighting.eventTime()),
                    laterTime,
                    "Serial " + sgtin + " commissioned twice: by event " + sighting.eventId() + " at "
                            + sighting.place() + " and by event " + commissioning.eventId()
                            + (afterEndOfLife ? "; the later one after its " + endOfLife.bizStep() : ""),
                    evidence, eventIds(commissioning.eventId(), sighting.eventId()));
            if (!arrivingIsLater) {
                commissioning = Commissioning.fromEvent(sighting, commissioning);
            }
        } else if (commissioning != null) {
            mismatchOf(sgtin, sighting, commissioning, findings);
        }
        if (commissions && (commissioning == null || !commissioning.byEvent())) {
            commissioning = Commissioning.fromEvent(sighting, commissioning);
        }

        if (endOfLife != null && sighting.eventTime() > endOfLife.eventTime()) {
            reuse(sgtin, sighting, endOfLife, findings);
        }
        Sighting nextEndOfLife = endOfLife;
        if (Cbv.endsLife(sighting.action(), sighting.bizStep(), sighting.disposition())
                && (endOfLife == null || sighting.eventTime() < endOfLife.eventTime())) {
            // The pack's life ended earlier than known: every sighting already kept after it is a reuse, reported
            // now and with the id it would have had in order; those after the former end of life already are.
            nextEndOfLife = sighting;
            for (final Sighting kept : state.sightings()) {
                if (kept.eventTime() > sighting.eventTime()
                        && (endOfLife == null || kept.eventTime() <= endOfLife.eventTime())) {
                    reuse(sgtin, kept, sighting, findings);
                }
            }
        }

        final Neighbours neighbours = judgeNeighbours(sgtin, state, sighting, findings);

        final List<PendingSighting> pending = new ArrayList<>(state.pending());
        if (neighbours.after() != null) {
            // This sighting is now the earlier neighbour of the later one: if that one still waits, what it waits to be
            // judged on is its pair with this sighting, as in the stream in event time.
            final String later = neighbours.after().eventId();
            pending.replaceAll(p -> p.sighting().eventId().equals(later)
                    ? new PendingSighting(p.sighting(), p.due(), neighbours.afterPaired()) : p);
        }
        if (!commissions && !state.listedBy(sighting.shipmentId())) {
            final long wait = (withoutPlan ? settings.planWait() : settings.declarationGrace()).toMillis();
            pending.add(new PendingSighting(sighting, sighting.eventTime() + wait, neighbours.beforePaired()));
            pending.sort(Comparator.comparingLong(PendingSighting::due)
                    .thenComparing(PendingSighting::sighting, IN_EVENT_TIME));
            while (pending.size() > MAX_PENDING) {
                pending.remove(pending.size() - 1);
            }
        }
        final List<Sighting> sightings = new ArrayList<>(state.sightings());
        sightings.add(sighting);
        sightings.sort(IN_EVENT_TIME);
        while (sightings.size() > settings.sightingsPerSerial()) {
            sightings.remove(0);
        }
        final SerialState next = new SerialState(sgtin, commissioning, state.declarations(), sightings,
                nextEndOfLife, findings.open(), state.retractedEventIds(),
                retainUntil(state, commissioning, sighting.eventTime()), pending, state.spans());
        return Outcome.of(next, findings.alerts());
    }

    /**
     * Stream time has reached {@code now}: judges every pending sighting due by then, earliest in event time
     * first, against the declarations known now. A sighting whose shipment lists the serial by now is dropped;
     * one in a shipment that does not, while another open shipment does, is a DUPLICATE_SERIAL; the earliest
     * of a serial no plan or commissioning event declares is its UNKNOWN_SERIAL (once per serial). The ids and
     * evidence are those the sighting would have had with every plan published before it.
     *
     * <p>A shipment whose plan listed the serial is judged against the others then too: listed by the later of two
     * shipments (publication time, then shipment id) while the earlier one still held the pack (its plan had not
     * ended it, nor its consignee received the pack) is a DUPLICATE_SERIAL of the later plan. Judged with every
     * plan version and scan that arrived within the grace, the verdict does not depend on their arrival order.
     */
    public Outcome<SerialState> onDue(final String sgtin, final SerialState current, final long now) {
        if (current == null || current.nextDue() > now) {
            return Outcome.quiet(current);
        }
        final List<PendingSighting> due = new ArrayList<>();
        final List<PendingSighting> waiting = new ArrayList<>();
        for (final PendingSighting p : current.pending()) {
            (p.due() <= now ? due : waiting).add(p);
        }
        due.sort(Comparator.comparing(PendingSighting::sighting, IN_EVENT_TIME));
        final Findings findings = new Findings(current.findings(), MAX_FINDINGS);
        final List<DeclarationSpan> spans = new ArrayList<>(current.spans());
        for (int i = 0; i < spans.size(); i++) {
            final DeclarationSpan span = spans.get(i);
            if (span.due() <= now) {
                judgeSpan(sgtin, current, span, findings);
                spans.set(i, span.judged());
            }
        }
        for (final PendingSighting p : due) {
            final Sighting sighting = p.sighting();
            if (current.listedBy(sighting.shipmentId())) {
                continue;
            }
            if (!p.paired() && !current.spans().isEmpty()) {
                checkOtherDeclaration(sgtin, current, sighting, findings);
            } else if (!current.declared() && !findings.isOpen(IntegrityRule.NOT_DECLARED)) {
                findings.raise(IntegrityRule.NOT_DECLARED, sgtin, sighting.eventId(), sighting.shipmentId(), sgtin,
                        sighting.eventTime(), sighting.eventTime(),
                        "Serial " + sgtin + " sighted in shipment " + sighting.shipmentId() + " at " + sighting.place()
                                + " but no shipment plan or commissioning event declared it",
                        evidence(sighting), List.of(sighting.eventId()));
            }
        }
        final SerialState next = new SerialState(sgtin, current.commissioning(), current.declarations(),
                current.sightings(), current.endOfLife(), findings.open(), current.retractedEventIds(),
                current.retainUntil(), waiting, spans);
        return Outcome.of(next, findings.alerts());
    }

    /**
     * The shipment of {@code span} against every other that listed the serial: as the later of two, against the
     * earlier ones; as the earlier, against later ones already judged (it arrived after them).
     */
    private static void judgeSpan(final String sgtin, final SerialState state, final DeclarationSpan span,
                                  final Findings findings) {
        for (final DeclarationSpan other : state.spans()) {
            if (other.shipmentId().equals(span.shipmentId())) {
                continue;
            }
            final boolean otherEarlier = IN_PUBLICATION.compare(other.opened(), span.opened()) < 0;
            if (otherEarlier && other.openAt(span.openedAt(), state.sightings())) {
                declaredTwice(sgtin, span, other, findings);
            } else if (!otherEarlier && other.due() == Long.MAX_VALUE
                    && span.openAt(other.openedAt(), state.sightings())) {
                declaredTwice(sgtin, other, span, findings);
            }
        }
    }

    private static void declaredTwice(final String sgtin, final DeclarationSpan later, final DeclarationSpan earlier,
                                      final Findings findings) {
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.declaration(evidence, "declaration", later.opened());
        Findings.declaration(evidence, "otherDeclaration", earlier.opened());
        findings.raise(IntegrityRule.DECLARED_IN_TWO_SHIPMENTS, sgtin, SerialAlertIds.plan(later.shipmentId()),
                later.shipmentId(), sgtin, earlier.openedAt(), later.openedAt(),
                "Serial " + sgtin + " is listed by open shipment " + later.shipmentId() + " and by open shipment "
                        + earlier.shipmentId(),
                evidence, List.of(SerialAlertIds.plan(later.shipmentId()), SerialAlertIds.plan(earlier.shipmentId())));
    }

    /** LOT_OR_EXPIRY_MISMATCH when the sighting read a lot or expiry other than the reference. */
    private static void mismatchOf(final String sgtin, final Sighting sighting, final Commissioning commissioning,
                                   final Findings findings) {
        if (!mismatch(commissioning, sighting.lot(), sighting.expiryDate())) {
            return;
        }
        final Map<String, String> evidence = evidence(sighting);
        Findings.commissioning(evidence, "commissioned", commissioning);
        findings.raise(IntegrityRule.LOT_OR_EXPIRY_MISMATCH, sgtin, sighting.eventId(), sighting.shipmentId(),
                sgtin, Math.min(commissioning.time(), sighting.eventTime()), sighting.eventTime(),
                "Serial " + sgtin + " read with " + attributes(sighting.lot(), sighting.expiryDate()) + " at "
                        + sighting.place() + " but commissioned with "
                        + attributes(commissioning.lot(), commissioning.expiryDate()),
                evidence, eventIds(commissioning.eventId(), sighting.eventId()));
    }

    /**
     * A custody event or plan carries a pack identifier that is not a valid SGTIN (bad syntax or GTIN
     * check digit): one INVALID_SERIAL finding per event, none for its redelivery. {@code raw} is the
     * identifier as written; the state kept under it only remembers the events already reported.
     */
    public Outcome<SerialState> onInvalid(final String raw, final SerialState current, final Sighting sighting,
                                          final String reason) {
        if (current != null && current.holds(sighting)) {
            return Outcome.unchanged(current, Verdict.REDELIVERY);
        }
        final SerialState state = current != null ? current : SerialState.empty(raw);
        final Findings findings = new Findings(List.of(), MAX_FINDINGS);
        final Map<String, String> evidence = evidence(sighting);
        evidence.put("rawSerial", raw);
        evidence.put("reason", reason);
        findings.raise(IntegrityRule.INVALID_SERIAL, raw, sighting.eventId(), sighting.shipmentId(), raw,
                sighting.eventTime(), sighting.eventTime(),
                "Pack identifier '" + raw + "' in shipment " + sighting.shipmentId() + " at " + sighting.place()
                        + " is not a valid SGTIN: " + reason, evidence, List.of(sighting.eventId()));
        final List<Sighting> sightings = new ArrayList<>(state.sightings());
        sightings.add(sighting);
        while (sightings.size() > settings.sightingsPerSerial()) {
            sightings.remove(0);
        }
        final SerialState next = new SerialState(raw, null, List.of(), sightings, null, List.of(), List.of(),
                sighting.eventTime() + settings.retentionWithoutExpiry().toMillis(), List.of(), List.of());
        return Outcome.of(next, findings.alerts());
    }

    /** An EPCIS error declaration names a custody event as erroneous. */
    public Outcome<SerialState> onRetracted(final String sgtin, final SerialState current, final Retraction retraction) {
        final String eventId = retraction.eventId();
        if (current != null && current.retractedEventIds().contains(eventId)) {
            return Outcome.unchanged(current, Verdict.REDELIVERY);
        }
        final SerialState state = current != null ? current : SerialState.empty(sgtin);
        final List<Sighting> sightings = new ArrayList<>(state.sightings());
        sightings.removeIf(s -> s.eventId().equals(eventId));
        Sighting endOfLife = state.endOfLife();
        if (endOfLife != null && endOfLife.eventId().equals(eventId)) {
            endOfLife = sightings.stream()
                    .filter(s -> Cbv.endsLife(s.action(), s.bizStep(), s.disposition()))
                    .findFirst().orElse(null);
        }
        Commissioning commissioning = state.commissioning();
        if (commissioning != null && eventId.equals(commissioning.eventId())) {
            commissioning = state.declarations().isEmpty() ? null : Commissioning.fromPlan(state.declarations().get(0));
        }
        final Findings findings = new Findings(state.findings(), MAX_FINDINGS);
        // The erroneous sighting's neighbours are neighbours now: their pair is judged as if it had never come (as when
        // the declaration arrives first), before the findings on it are resolved, so that a finding the new pair makes
        // under the same alert id stays open instead of being resolved and raised again.
        final Sighting erroneous = state.sightings().stream().filter(s -> s.eventId().equals(eventId)).findFirst()
                .orElse(null);
        final Sighting earlier = erroneous == null ? null : earlierNeighbour(sightings, erroneous);
        final Sighting later = erroneous == null ? null : laterNeighbour(sightings, erroneous);
        final String newPair = earlier == null || later == null ? null : judgePair(sgtin, earlier, later, findings);
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.retraction(evidence, retraction);
        findings.resolve(f -> f.eventIds().contains(eventId) && !f.alertId().equals(newPair),
                retraction.declarationTime(),
                "Event " + eventId + " was declared erroneous"
                        + (retraction.reason() == null ? "" : " (" + retraction.reason() + ")")
                        + "; the finding on serial " + sgtin + " no longer stands",
                evidence);
        final List<String> retracted = new ArrayList<>(state.retractedEventIds());
        retracted.add(eventId);
        while (retracted.size() > MAX_RETRACTED) {
            retracted.remove(0);
        }
        final long retainUntil = current == null
                ? retraction.declarationTime() + settings.retentionWithoutExpiry().toMillis()
                : state.retainUntil();
        final List<PendingSighting> pending = new ArrayList<>(state.pending());
        pending.removeIf(p -> p.sighting().eventId().equals(eventId));
        // A sighting still waiting whose earlier neighbour this was now follows the one before it: it is judged with
        // that pair's finding, just raised above, as if the erroneous event had never come.
        if (later != null) {
            pending.replaceAll(p -> p.sighting().eventId().equals(later.eventId())
                    ? new PendingSighting(p.sighting(), p.due(), newPair != null) : p);
        }
        final SerialState next = new SerialState(sgtin, commissioning, state.declarations(), sightings, endOfLife,
                findings.open(), retracted, retainUntil, pending, state.spans());
        return new Outcome<>(next, findings.alerts(), Verdict.RETRACTION);
    }

    /**
     * A sighting after the pack's end of life: REUSED_SERIAL, its id from the later sighting, so the same whether
     * the sighting or the end of life arrived first. A commissioning found a duplicate before the end of life was
     * known is, in event time, a reuse: its duplicate finding is resolved in favour of this one.
     */
    private static void reuse(final String sgtin, final Sighting sighting, final Sighting endOfLife,
                              final Findings findings) {
        final Map<String, String> evidence = evidence(sighting);
        Findings.sighting(evidence, "endOfLife", endOfLife);
        findings.raise(IntegrityRule.SIGHTED_AFTER_END_OF_LIFE, sgtin, sighting.eventId(), sighting.shipmentId(),
                sgtin, endOfLife.eventTime(), sighting.eventTime(),
                "Serial " + sgtin + " sighted (" + sighting.bizStep() + " at " + sighting.place() + ") after "
                        + endOfLife.bizStep() + " at " + endOfLife.place() + " on "
                        + Findings.instant(endOfLife.eventTime()),
                evidence, eventIds(endOfLife.eventId(), sighting.eventId()));
        final String duplicate = SerialAlertIds.of(sgtin, IntegrityRule.COMMISSIONED_TWICE, sighting.eventId());
        findings.resolve(f -> f.alertId().equals(duplicate), endOfLife.eventTime(),
                "Serial " + sgtin + " was " + endOfLife.bizStep() + " before this commissioning: reported as a reuse",
                evidence);
    }

    /**
     * Compares the sighting with both its neighbours in event time: the pair (before, sighting) and the pair
     * (sighting, after), each judged as it would have been had the sightings arrived in order, with the id of the
     * later one. A finding on (before, after), which were neighbours until this sighting arrived between them, is
     * resolved unless the pair (sighting, after) finds the same: they are no longer neighbours, and if the trip between
     * them is impossible so is one of the two trips through this sighting.
     *
     * @return whether the pair (before, sighting) is a finding, and the later neighbour with whether the pair
     *         (sighting, after) is one
     */
    private Neighbours judgeNeighbours(final String sgtin, final SerialState state, final Sighting sighting,
                                    final Findings findings) {
        Sighting before = null;
        Sighting after = null;
        for (final Sighting kept : state.sightings()) {
            if (IN_EVENT_TIME.compare(kept, sighting) < 0) {
                before = kept;
            } else if (after == null) {
                after = kept;
            }
        }
        final String found = before == null ? null : judgePair(sgtin, before, sighting, findings);
        final String foundAfter = after == null ? null : judgePair(sgtin, sighting, after, findings);
        if (before != null && after != null) {
            final List<String> pair = List.of(before.eventId(), after.eventId());
            findings.resolve(f -> PAIR_RULES.contains(f.rule()) && f.eventIds().equals(pair)
                            && !f.alertId().equals(foundAfter), sighting.eventTime(),
                    () -> "Sighting " + sighting.eventId() + " at " + sighting.place() + " on "
                            + Findings.instant(sighting.eventTime()) + " arrived late between the two sightings;"
                            + " each is compared with it instead", () -> evidence(sighting));
        }
        return new Neighbours(found != null, after, foundAfter != null);
    }

    /**
     * What comparing a sighting with its neighbours in event time found.
     *
     * @param beforePaired whether the sighting and its earlier neighbour are a pair finding
     * @param after        its later neighbour, or null
     * @param afterPaired  whether the sighting and {@code after} are a pair finding
     */
    private record Neighbours(boolean beforePaired, Sighting after, boolean afterPaired) {
    }

    /**
     * Judges two neighbouring sightings, {@code first} earlier in event time: two places at once or impossible
     * travel, else a sighting in one shipment while in transit in another. At most one finding, raised with the id
     * of {@code second}.
     *
     * @return the id of the finding, raised now or already open; null when there is none
     */
    private String judgePair(final String sgtin, final Sighting first, final Sighting second, final Findings findings) {
        final Travel travel = Travel.between(first, second, settings);
        if (travel != null && travel.impossible()) {
            final Map<String, String> evidence = evidence(second);
            Findings.sighting(evidence, "otherSighting", first);
            Findings.travel(evidence, travel, settings);
            final String summary = travel.atOnce()
                    ? "Serial " + sgtin + " at two places at once: " + first.place() + " and " + second.place() + ", "
                            + Findings.km(travel.distanceMeters()) + " apart within "
                            + Findings.duration(travel.elapsedMillis())
                    : String.format(java.util.Locale.ROOT,
                            "Serial %s went from %s to %s (%s) in %s: %.0f km/h implied, no transport makes it in "
                                    + "less than %s", sgtin, first.place(), second.place(),
                            Findings.km(travel.distanceMeters()), Findings.duration(travel.elapsedMillis()),
                            travel.impliedSpeedKmh(), Findings.duration((long) travel.fastestFeasibleMillis()));
            final IntegrityRule rule = travel.atOnce() ? IntegrityRule.AT_TWO_PLACES_AT_ONCE
                    : IntegrityRule.IMPOSSIBLE_TRAVEL;
            findings.raise(rule, sgtin, second.eventId(), second.shipmentId(), sgtin, first.eventTime(),
                    second.eventTime(), summary, evidence, List.of(first.eventId(), second.eventId()));
            return SerialAlertIds.of(sgtin, rule, second.eventId());
        }
        if (inTwoShipments(first, second)) {
            final Map<String, String> evidence = evidence(second);
            Findings.sighting(evidence, "otherSighting", first);
            findings.raise(IntegrityRule.IN_TWO_SHIPMENTS, sgtin, second.eventId(), second.shipmentId(), sgtin,
                    first.eventTime(), second.eventTime(),
                    "Serial " + sgtin + " sighted in shipment " + second.shipmentId() + " at " + second.place()
                            + " while in transit in shipment " + first.shipmentId(),
                    evidence, List.of(first.eventId(), second.eventId()));
            return SerialAlertIds.of(sgtin, IntegrityRule.IN_TWO_SHIPMENTS, second.eventId());
        }
        return null;
    }

    private static boolean inTwoShipments(final Sighting first, final Sighting second) {
        return !Cbv.commissions(second.action(), second.bizStep()) && !first.shipmentId().equals(second.shipmentId())
                && Cbv.IN_TRANSIT.equals(first.disposition());
    }

    /** The earliest of {@code sightings} (in event time) after {@code sighting}, or null. */
    private static Sighting laterNeighbour(final List<Sighting> sightings, final Sighting sighting) {
        Sighting after = null;
        for (final Sighting kept : sightings) {
            if (IN_EVENT_TIME.compare(kept, sighting) > 0 && (after == null || IN_EVENT_TIME.compare(kept, after) < 0)) {
                after = kept;
            }
        }
        return after;
    }

    /** The latest of {@code sightings} (in event time, as kept) before {@code sighting}, or null. */
    private static Sighting earlierNeighbour(final List<Sighting> sightings, final Sighting sighting) {
        Sighting before = null;
        for (final Sighting kept : sightings) {
            if (IN_EVENT_TIME.compare(kept, sighting) < 0 && (before == null || IN_EVENT_TIME.compare(kept, before) > 0)) {
                before = kept;
            }
        }
        return before;
    }

    /**
     * A sighting in a shipment that does not list the pack while another shipment, issued before it, held it: its plan
     * had not ended it, nor its consignee received the pack, by the sighting's time (whichever order they arrive in).
     */
    private static void checkOtherDeclaration(final String sgtin, final SerialState state, final Sighting sighting,
                                              final Findings findings) {
        final String shipment = sighting.shipmentId();
        if (state.listedBy(shipment)) {
            return;
        }
        for (final DeclarationSpan span : state.spans()) {
            if (!span.shipmentId().equals(shipment) && span.openAt(sighting.eventTime(), state.sightings())) {
                final Declaration other = span.opened();
                final Map<String, String> evidence = evidence(sighting);
                Findings.declaration(evidence, "otherDeclaration", other);
                findings.raise(IntegrityRule.IN_TWO_SHIPMENTS, sgtin, sighting.eventId(), shipment, sgtin,
                        Math.min(other.declaredAt(), sighting.eventTime()), sighting.eventTime(),
                        "Serial " + sgtin + " sighted in shipment " + shipment + " at " + sighting.place()
                                + " while open shipment " + other.shipmentId() + " lists it",
                        evidence, List.of(SerialAlertIds.plan(other.shipmentId()), sighting.eventId()));
                return;
            }
        }
    }

    /** The commissioning event as a sighting, only to order it against another in event time. */
    private static Sighting commissioningSighting(final Commissioning c) {
        return new Sighting(c.eventId(), null, c.time(), null, null, null, c.shipmentId(), null, null, null, null,
                null, null, null, c.lot(), c.expiryDate());
    }

    /**
     * When the state may go: {@link SerialSettings#retentionAfterExpiry()} after the end of the expiry day when
     * the expiry is known, else {@link SerialSettings#retentionWithoutExpiry()} after the latest input. Never earlier
     * than an earlier decision.
     */
    long retainUntil(final SerialState state, final Commissioning commissioning, final long inputTime) {
        final Long expiryEnd = commissioning == null ? null : endOfDay(commissioning.expiryDate());
        final long candidate = expiryEnd != null
                ? expiryEnd + settings.retentionAfterExpiry().toMillis()
                : inputTime + settings.retentionWithoutExpiry().toMillis();
        return Math.max(state.retainUntil(), candidate);
    }

    /**
     * The end of the expiry day, epoch millis UTC, or null when {@code isoDate} is none or not a date. Every input of a
     * serial asks for it, and the packs of a lot share one expiry: the answers for the last dates seen are kept, one
     * per slot by hash. An entry is immutable, so stream threads sharing the rules read a whole entry or none.
     */
    static Long endOfDay(final String isoDate) {
        if (isoDate == null) {
            return null;
        }
        final int slot = isoDate.hashCode() & (EXPIRY_SLOTS - 1);
        final ExpiryEnd known = EXPIRY_ENDS[slot];
        if (known != null && known.isoDate().equals(isoDate)) {
            return known.endMillis();
        }
        final Long end = parseEndOfDay(isoDate);
        EXPIRY_ENDS[slot] = new ExpiryEnd(isoDate, end);
        return end;
    }

    private static Long parseEndOfDay(final String isoDate) {
        try {
            return LocalDate.parse(isoDate.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An expiry date as given and the end of its day (null: not a date). */
    private record ExpiryEnd(String isoDate, Long endMillis) {
    }

    private static boolean changed(final Declaration previous, final Declaration next) {
        return previous == null || !Objects.equals(previous.lot(), next.lot())
                || !Objects.equals(previous.expiryDate(), next.expiryDate());
    }

    /** Lot or expiry given and different from the reference; values not read are not a mismatch. */
    private static boolean mismatch(final Commissioning reference, final String lot, final String expiryDate) {
        return differs(reference.lot(), lot) || differs(reference.expiryDate(), expiryDate);
    }

    private static boolean differs(final String reference, final String read) {
        return reference != null && read != null && !reference.strip().equals(read.strip());
    }

    private static String attributes(final String lot, final String expiryDate) {
        return "lot " + (lot == null ? "?" : lot) + " / expiry " + (expiryDate == null ? "?" : expiryDate);
    }

    private static Map<String, String> evidence(final Sighting sighting) {
        final Map<String, String> evidence = new LinkedHashMap<>();
        Findings.sighting(evidence, "sighting", sighting);
        return evidence;
    }

    private static List<String> eventIds(final String first, final String second) {
        return first == null ? List.of(second) : List.of(first, second);
    }
}
