package io.coldchain.rules.serial;

/**
 * A shipment plan listing a serial, with the product attributes the plan gives it.
 *
 * @param shipmentId the declaring shipment
 * @param lot        the plan's product lot
 * @param expiryDate the plan's product expiry, YYYY-MM-DD
 * @param open       whether the shipment is still open (PLANNED or IN_TRANSIT); a DELIVERED or CLOSED plan
 *                   releases the serial for the next shipment
 * @param declaredAt when the plan was published (its record timestamp), epoch milliseconds UTC
 */
public record Declaration(String shipmentId, String lot, String expiryDate, boolean open, long declaredAt) {
}
