package io.coldchain.rules.serial;

import java.util.ArrayList;
import java.util.List;

/**
 * What is kept per shipment for its custody chain.
 *
 * @param steps             the distinct hand-off steps seen, in arrival order
 * @param seen              the latest events, at most {@link SerialSettings#eventsPerShipment()}
 * @param retractedEventIds events declared erroneous, at most {@link CustodyChainRules#MAX_RETRACTED}
 * @param findings          published findings that may still be resolved (parties), at most
 *                          {@link CustodyChainRules#MAX_FINDINGS}
 * @param lastEventTime     latest event time seen, epoch milliseconds UTC; the retention clock
 * @param gaps              the open custody gaps, one per episode ({@link OpenFinding#episode()}); judged afresh
 *                          from the steps on every input, so never forgotten while they stand
 * @param held              custody events waiting for the shipment's plan, in arrival order (none once it has one)
 */
public record ChainState(String shipmentId, List<ChainStep> steps, List<SeenEvent> seen,
                         List<String> retractedEventIds, List<OpenFinding> findings, long lastEventTime,
                         List<OpenFinding> gaps, List<HeldCustodyEvent> held) {

    public ChainState {
        steps = steps == null ? List.of() : List.copyOf(steps);
        seen = seen == null ? List.of() : List.copyOf(seen);
        retractedEventIds = retractedEventIds == null ? List.of() : List.copyOf(retractedEventIds);
        findings = findings == null ? List.of() : List.copyOf(findings);
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
        held = held == null ? List.of() : List.copyOf(held);
    }

    /** This chain with {@code event} held too (or without any held event, for {@code null}). */
    public ChainState holding(final HeldCustodyEvent event) {
        final List<HeldCustodyEvent> next = new ArrayList<>(event == null ? List.of() : held);
        if (event != null) {
            next.add(event);
        }
        return new ChainState(shipmentId, steps, seen, retractedEventIds, findings,
                event == null ? lastEventTime : Math.max(lastEventTime, event.eventTime()), gaps, next);
    }

    /** A chain of a shipment whose first custody event is held. */
    public static ChainState empty(final String shipmentId) {
        return new ChainState(shipmentId, List.of(), List.of(), List.of(), List.of(), Long.MIN_VALUE, List.of(), List.of());
    }

    SeenEvent seenEvent(final String eventId, final String fingerprint) {
        for (final SeenEvent e : seen) {
            if (e.eventId().equals(eventId) || e.fingerprint().equals(fingerprint)) {
                return e;
            }
        }
        return null;
    }
}
