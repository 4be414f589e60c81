package io.coldchain.rules.serial;

import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.Party;
import java.util.Objects;

/**
 * One pack seen in one custody event: what an investigator needs to find the scan again (event id,
 * time, place, party, shipment) and what the rules compare. Business step and disposition are bare
 * CBV names.
 *
 * @param eventId       EPCIS event id
 * @param fingerprint   content fingerprint of the event ({@link CustodyFingerprint}), for redelivery under a new id
 * @param eventTime     when the scan happened, epoch milliseconds UTC
 * @param latitude      latitude of the business location, WGS84 degrees; null when the event has none
 * @param longitude     longitude of the business location, WGS84 degrees; null when the event has none
 * @param lot           lot read from the pack, or null
 * @param expiryDate    expiry read from the pack (YYYY-MM-DD), or null
 */
public record Sighting(
        String eventId,
        String fingerprint,
        long eventTime,
        String action,
        String bizStep,
        String disposition,
        String shipmentId,
        String custodianGln,
        String custodianName,
        String locationName,
        String locationGln,
        Double latitude,
        Double longitude,
        String readPoint,
        String lot,
        String expiryDate) {

    /** The sighting of each pack of {@code event}. */
    public static Sighting of(final CustodyEvent event) {
        final Area location = event.bizLocation();
        final Party custodian = event.custodian();
        return new Sighting(event.eventId(), event.fingerprint(), event.eventTime(), event.action().name(),
                Cbv.bare(event.bizStep()), Cbv.bare(event.disposition()), event.shipmentId(),
                custodian == null ? null : custodian.gln(), custodian == null ? null : custodian.name(),
                location == null ? null : location.name(), location == null ? null : location.gln(),
                location == null ? null : location.center().lat(),
                location == null ? null : location.center().lon(),
                event.readPoint(), event.lot(), event.expiryDate());
    }

    /**
     * The sighting of one pack whose code carries its own lot or expiry ({@link PackCode}): what was read off that
     * pack replaces the event's value; an attribute the code does not carry stays the event's.
     */
    public Sighting ofPack(final PackCode pack) {
        final String packLot = pack.lot() != null ? pack.lot() : lot;
        final String packExpiry = pack.expiryDate() != null ? pack.expiryDate() : expiryDate;
        if (Objects.equals(packLot, lot) && Objects.equals(packExpiry, expiryDate)) {
            return this;
        }
        return new Sighting(eventId, fingerprint, eventTime, action, bizStep, disposition, shipmentId, custodianGln,
                custodianName, locationName, locationGln, latitude, longitude, readPoint, packLot, packExpiry);
    }

    /** Whether the sighting has coordinates, so travel between it and another can be judged. */
    public boolean located() {
        return latitude != null && longitude != null;
    }

    /** Whether it is the same delivery of an event: same event id or same content. */
    public boolean sameEvent(final Sighting other) {
        return eventId.equals(other.eventId) || fingerprint != null && fingerprint.equals(other.fingerprint);
    }

    /** Where it was, for a sentence: the location name, else its GLN, else the read point. */
    public String place() {
        if (locationName != null) {
            return locationName;
        }
        return locationGln != null ? "GLN " + locationGln : readPoint != null ? readPoint : "an unknown place";
    }
}
