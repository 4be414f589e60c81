package io.coldchain.rules.serial;

import java.util.List;

/**
 * What is kept per serial (normalised SGTIN).
 *
 * @param sgtin             the serial, {@code GTIN14.SERIAL}
 * @param commissioning     reference lot and expiry, or null while no plan or commissioning event declared it
 * @param declarations      open shipment plans listing the serial
 * @param sightings         the latest sightings, oldest first by event time, at most
 *                          {@link SerialSettings#sightingsPerSerial()}
 * @param endOfLife         the sighting that dispensed, decommissioned or destroyed the pack, or null
 * @param findings          published findings that may still be resolved, at most {@link SerialRules#MAX_FINDINGS}
 * @param retractedEventIds events declared erroneous, so that a late or redelivered original is ignored
 * @param retainUntil       when the retention sweep may delete this state, epoch milliseconds UTC
 * @param pending           sightings in shipments that do not list the serial, waiting for the declaration grace
 *                          ({@link SerialSettings#declarationGrace()}) before they are judged, at most
 *                          {@link SerialRules#MAX_PENDING}
 * @param spans             every shipment whose plans listed the serial, open or ended, with when
 *                          ({@link DeclarationSpan}), at most {@link SerialRules#MAX_SPANS}; absent in states written
 *                          before it existed: none
 */
public record SerialState(
        String sgtin,
        Commissioning commissioning,
        List<Declaration> declarations,
        List<Sighting> sightings,
        Sighting endOfLife,
        List<OpenFinding> findings,
        List<String> retractedEventIds,
        long retainUntil,
        List<PendingSighting> pending,
        List<DeclarationSpan> spans) {

    public SerialState {
        declarations = declarations == null ? List.of() : List.copyOf(declarations);
        sightings = sightings == null ? List.of() : List.copyOf(sightings);
        findings = findings == null ? List.of() : List.copyOf(findings);
        retractedEventIds = retractedEventIds == null ? List.of() : List.copyOf(retractedEventIds);
        pending = pending == null ? List.of() : List.copyOf(pending);
        spans = spans == null ? List.of() : List.copyOf(spans);
    }

    static SerialState empty(final String sgtin) {
        return new SerialState(sgtin, null, List.of(), List.of(), null, List.of(), List.of(), Long.MIN_VALUE, List.of(),
                List.of());
    }

    /** When the earliest pending sighting or unjudged declaration is due, or {@link Long#MAX_VALUE} when none waits. */
    public long nextDue() {
        long due = Long.MAX_VALUE;
        for (final PendingSighting p : pending) {
            due = Math.min(due, p.due());
        }
        for (final DeclarationSpan span : spans) {
            due = Math.min(due, span.due());
        }
        return due;
    }

    /** Whether a plan or a commissioning event ever declared the serial. */
    boolean declared() {
        return commissioning != null || !declarations.isEmpty();
    }

    /** Whether {@code sighting} is an event this state already holds (same id or same content). */
    boolean holds(final Sighting sighting) {
        if (endOfLife != null && endOfLife.sameEvent(sighting)) {
            return true;
        }
        for (final Sighting kept : sightings) {
            if (kept.sameEvent(sighting)) {
                return true;
            }
        }
        return commissioning != null && sighting.eventId().equals(commissioning.eventId());
    }

    /** Whether a plan of the shipment listed the serial at any time, open or ended since. */
    boolean listedBy(final String shipmentId) {
        return declarationBy(shipmentId) != null || spanOf(shipmentId) != null;
    }

    DeclarationSpan spanOf(final String shipmentId) {
        for (final DeclarationSpan span : spans) {
            if (span.shipmentId().equals(shipmentId)) {
                return span;
            }
        }
        return null;
    }

    Declaration declarationBy(final String shipmentId) {
        for (final Declaration d : declarations) {
            if (d.shipmentId().equals(shipmentId)) {
                return d;
            }
        }
        return null;
    }
}
