package io.coldchain.rules.serial;

/**
 * A custody event of a shipment that has no plan yet, kept in the chain state until the plan arrives or
 * {@link SerialSettings#planWait()} has passed; then it is judged as if it had just arrived.
 *
 * @param eventTime when the scan happened, epoch milliseconds UTC
 * @param event     the event in Avro single-object encoding, opaque to the rules
 */
public record HeldCustodyEvent(String eventId, long eventTime, byte[] event) {
}
