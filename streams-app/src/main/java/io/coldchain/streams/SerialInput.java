package io.coldchain.streams;

import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.SerialAlertIds;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.streams.topology.SerialTopology;

/**
 * One observation of one pack, re-keyed by its normalised SGTIN on the serial repartition topic:
 * exactly one of the payloads is set. Internal (JSON), not part of the public contract.
 *
 * @param declaration a shipment plan lists the serial
 * @param sighting    a custody event scanned it
 * @param retraction  an EPCIS error declaration takes a custody event of it back
 * @param invalid     the reason the identifier is not a valid SGTIN (then {@code sighting} is set too: the
 *                    custody event, or a stand-in for the plan that lists it)
 * @param withoutPlan the sighting's shipment had no plan yet when the custody event was read: its serials wait
 *                    {@link io.coldchain.rules.serial.SerialSettings#planWait()} for it before the undeclared checks
 *                    (absent in records written before it existed: false)
 */
public record SerialInput(Declaration declaration, Sighting sighting, Retraction retraction, String invalid,
                          boolean withoutPlan) {

    /** Key prefix of invalid identifiers on the repartition topic; the rest of the key is the identifier. */
    public static final String INVALID_KEY_PREFIX = "invalid|";

    public static SerialInput declared(final Declaration declaration) {
        return new SerialInput(declaration, null, null, null, false);
    }

    public static SerialInput sighted(final Sighting sighting) {
        return sighted(sighting, false);
    }

    public static SerialInput sighted(final Sighting sighting, final boolean withoutPlan) {
        return new SerialInput(null, sighting, null, null, withoutPlan);
    }

    public static SerialInput retracted(final Retraction retraction) {
        return new SerialInput(null, null, retraction, null, false);
    }

    public static SerialInput invalid(final Sighting sighting, final String reason) {
        return new SerialInput(null, sighting, null, reason, false);
    }

    /**
     * Where the input goes among a serial's settled inputs ({@link SerialTopology#SETTLE}), which are applied in this
     * order (ties in arrival order): error declarations first, so the events they take back are never judged, then
     * the others by event time (a plan's publication time, a sighting's event time).
     */
    public long order() {
        if (retraction != null) {
            return Long.MIN_VALUE;
        }
        return declaration != null ? declaration.declaredAt() : sighting.eventTime();
    }

    /** Whether it comes from a custody event (a plan's stand-in sighting of an invalid identifier does not). */
    public boolean fromCustodyEvent() {
        return sighting != null && !sighting.eventId().startsWith(SerialAlertIds.plan(""));
    }
}
