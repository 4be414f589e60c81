package io.coldchain.streams;

import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.Sighting;

/**
 * One observation of one pack, re-keyed by its normalised SGTIN on the serial repartition topic:
 * exactly one of the payloads is set. Internal (JSON), not part of the public contract.
 *
 * @param declaration a shipment plan lists the serial
 * @param sighting    a custody event scanned it
 * @param retraction  an EPCIS error declaration takes a custody event of it back
 * @param invalid     the reason the identifier is not a valid SGTIN (then {@code sighting} is set too)
 */
record SerialInput(Declaration declaration, Sighting sighting, Retraction retraction, String invalid) {

    static SerialInput declared(final Declaration declaration) {
        return new SerialInput(declaration, null, null, null);
    }

    static SerialInput sighted(final Sighting sighting) {
        return new SerialInput(null, sighting, null, null);
    }

    static SerialInput retracted(final Retraction retraction) {
        return new SerialInput(null, null, retraction, null);
    }

    static SerialInput invalid(final Sighting sighting, final String reason) {
        return new SerialInput(null, sighting, null, reason);
    }
}
