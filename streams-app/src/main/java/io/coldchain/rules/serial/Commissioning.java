package io.coldchain.rules.serial;

/**
 * The reference attributes of a serial: from its commissioning event when one was seen, else from the
 * first shipment plan that declared it.
 *
 * @param eventId the commissioning event, or null when the attributes come from a plan
 * @param time    event time of the commissioning, or publication time of the plan, epoch milliseconds UTC
 */
public record Commissioning(String lot, String expiryDate, String shipmentId, String eventId, long time) {

    static Commissioning fromPlan(final Declaration declaration) {
        return new Commissioning(declaration.lot(), declaration.expiryDate(), declaration.shipmentId(), null,
                declaration.declaredAt());
    }

    /** Attributes read at commissioning win; those the event did not carry are kept from the plan. */
    static Commissioning fromEvent(final Sighting sighting, final Commissioning planned) {
        final String lot = sighting.lot() != null ? sighting.lot() : planned == null ? null : planned.lot();
        final String expiry = sighting.expiryDate() != null ? sighting.expiryDate()
                : planned == null ? null : planned.expiryDate();
        return new Commissioning(lot, expiry, sighting.shipmentId(), sighting.eventId(), sighting.eventTime());
    }

    boolean byEvent() {
        return eventId != null;
    }
}
