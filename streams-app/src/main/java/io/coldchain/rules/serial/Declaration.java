package io.coldchain.rules.serial;

import java.util.List;

/**
 * A shipment plan listing a serial, with the product attributes the plan gives it.
 *
 * @param shipmentId the declaring shipment
 * @param lot        the plan's product lot
 * @param expiryDate the plan's product expiry, YYYY-MM-DD
 * @param open       whether the shipment is still open (PLANNED or IN_TRANSIT); a DELIVERED or CLOSED plan
 *                   releases the serial for the next shipment
 * @param declaredAt when the plan was published (its record timestamp), epoch milliseconds UTC
 * @param consignees GLNs of the party the shipment delivers to (the destination site's and the last expected
 *                   custodian's): a receiving scan of the pack by one of them ends the shipment for it, as a
 *                   DELIVERED plan would (absent in records written before it existed: none)
 */
public record Declaration(String shipmentId, String lot, String expiryDate, boolean open, long declaredAt,
                          List<String> consignees) {

    public Declaration {
        consignees = consignees == null ? List.of() : List.copyOf(consignees);
    }

    /** A declaration whose plan names no consignee. */
    public Declaration(final String shipmentId, final String lot, final String expiryDate, final boolean open,
                       final long declaredAt) {
        this(shipmentId, lot, expiryDate, open, declaredAt, List.of());
    }

    /** Whether {@code sighting}, of this shipment, is its consignee taking the pack in. */
    boolean deliveredBy(final Sighting sighting) {
        return sighting.shipmentId() != null && sighting.shipmentId().equals(shipmentId)
                && Cbv.takesIn(sighting.bizStep())
                && (isConsignee(sighting.custodianGln()) || isConsignee(sighting.locationGln()));
    }

    private boolean isConsignee(final String gln) {
        return gln != null && consignees.contains(gln);
    }
}
