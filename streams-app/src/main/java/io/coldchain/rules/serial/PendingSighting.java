package io.coldchain.rules.serial;

/**
 * A sighting in a shipment that does not (yet) list the serial, waiting for its judgement: UNKNOWN_SERIAL
 * when no plan or commissioning declares the serial, DUPLICATE_SERIAL when another open shipment lists it.
 * A plan of its shipment listing the serial before {@code due} removes it silently.
 *
 * @param due    stream time at which it is judged, epoch milliseconds UTC
 * @param paired whether the comparison with its earlier neighbour already found a finding (then another
 *               shipment's plan is not held against it as well, as in the in-order stream)
 */
public record PendingSighting(Sighting sighting, long due, boolean paired) {
}
