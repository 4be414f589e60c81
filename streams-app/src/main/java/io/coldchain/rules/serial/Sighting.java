package io.coldchain.rules.serial;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.Party;

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
    public static Sighting of(final CustodyEvent event, final String fingerprint) {
        final Area location = event.getBizLocation();
        final Party custodian = event.getCustodian();
        return new Sighting(event.getEventId(), fingerprint, event.getEventTime(), event.getAction().name(),
                Cbv.bare(event.getBizStep()), Cbv.bare(event.getDisposition()), event.getShipmentId(),
                custodian == null ? null : custodian.getGln(), custodian == null ? null : custodian.getName(),
                location == null ? null : location.getName(), location == null ? null : location.getGln(),
                location == null ? null : location.getCenter().getLat(),
                location == null ? null : location.getCenter().getLon(),
                event.getReadPoint(), event.getLot(), event.getExpiryDate());
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
