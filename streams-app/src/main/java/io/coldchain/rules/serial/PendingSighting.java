package io.coldchain.rules.serial;

/**
 * A sighting in a shipment that does not (yet) list the serial, waiting for its judgement: UNKNOWN_SERIAL
 * when no plan or commissioning declares the serial, DUPLICATE_SERIAL when another open shipment lists it.
 * A plan of its shipment listing the serial before {@code due} removes it silently.
 *
 * @param due    stream time at which it is judged, epoch milliseconds UTC
 * @param paired whether it and its earlier neighbour in event time, as known so far, are a pair finding (then another
 *               shipment's plan is not held against it as well, as in the in-order stream); set again when a
 *               sighting arrives that becomes its earlier neighbour or that neighbour is declared erroneous, so it
 *               does not depend on arrival order
 */
public record PendingSighting(Sighting sighting, long due, boolean paired) {
}
