package io.coldchain.domain;

import java.util.List;

/**
 * The domain twin of the contract's {@code CustodyEvent} (schemas/CustodyEvent): what the rules see, mapped at one
 * seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A custody scan shaped after a GS1 EPCIS 2.0 ObjectEvent. Keyed by shipmentId; the Kafka record
 * timestamp is eventTime.
 *
 * @param eventId EPCIS eventID (URI or UUID). Redelivery repeats it; an error declaration reuses it.
 * @param eventTime When the event happened, epoch milliseconds UTC.
 * @param eventTimeZoneOffset Local time-zone offset at the event, e.g. '+01:00'.
 * @param recordTime When the event was recorded by the capturing system, epoch milliseconds UTC.
 * @param action EPCIS action: ADD (commissioning), OBSERVE, DELETE (decommissioning).
 * @param bizStep CBV business step, bare name: commissioning, packing, shipping, departing, arriving, receiving,
 *     storing, dispensing, decommissioning, destroying.
 * @param disposition CBV disposition, bare name: active, in_transit, in_progress, dispensed, destroyed, stolen,
 *     expired, recalled, non_conformant.
 * @param epcList Pack serials as SGTIN: GTIN-14 '.' serial, e.g. '00614141123452.A1B2C3'.
 * @param readPoint Read point (SGLN or GLN) where the scan happened.
 * @param bizLocation Business location with GLN and coordinates (WGS84 degrees).
 * @param custodian Party holding custody after this event (the scanning party).
 * @param sourceParty EPCIS source (owning or possessing party handing over), for shipping/receiving.
 * @param destinationParty EPCIS destination (party taking over), for shipping/receiving.
 * @param shipmentId Shipment the event belongs to; also the record key.
 * @param lot Batch/lot (ILMD lot) printed on the scanned packs, if read.
 * @param expiryDate Expiry (ILMD itemExpirationDate) as YYYY-MM-DD, if read.
 * @param errorDeclaration Present when this event declares an earlier event with the same eventId erroneous.
 * @param fingerprint not in the contract: the fingerprint of what the published record says, given at the seam
 *                    ({@code CustodyFingerprint}), so a redelivery under a new event id is recognised
 */
public record CustodyEvent(
        String eventId,
        long eventTime,
        String eventTimeZoneOffset,
        long recordTime,
        EpcisAction action,
        String bizStep,
        String disposition,
        List<String> epcList,
        String readPoint,
        Area bizLocation,
        Party custodian,
        Party sourceParty,
        Party destinationParty,
        String shipmentId,
        String lot,
        String expiryDate,
        ErrorDeclaration errorDeclaration,
        String fingerprint) {

    public CustodyEvent {
        epcList = List.copyOf(epcList);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.eventId = eventId;
        b.eventTime = eventTime;
        b.eventTimeZoneOffset = eventTimeZoneOffset;
        b.recordTime = recordTime;
        b.action = action;
        b.bizStep = bizStep;
        b.disposition = disposition;
        b.epcList = epcList;
        b.readPoint = readPoint;
        b.bizLocation = bizLocation;
        b.custodian = custodian;
        b.sourceParty = sourceParty;
        b.destinationParty = destinationParty;
        b.shipmentId = shipmentId;
        b.lot = lot;
        b.expiryDate = expiryDate;
        b.errorDeclaration = errorDeclaration;
        b.fingerprint = fingerprint;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String eventId;
        private long eventTime;
        private String eventTimeZoneOffset = "+00:00";
        private long recordTime;
        private EpcisAction action;
        private String bizStep;
        private String disposition;
        private List<String> epcList = List.of();
        private String readPoint;
        private Area bizLocation;
        private Party custodian;
        private Party sourceParty;
        private Party destinationParty;
        private String shipmentId;
        private String lot;
        private String expiryDate;
        private ErrorDeclaration errorDeclaration;
        private String fingerprint;

        private Builder() {
        }

        public Builder eventId(final String value) {
            this.eventId = value;
            return this;
        }

        public Builder eventTime(final long value) {
            this.eventTime = value;
            return this;
        }

        public Builder eventTimeZoneOffset(final String value) {
            this.eventTimeZoneOffset = value;
            return this;
        }

        public Builder recordTime(final long value) {
            this.recordTime = value;
            return this;
        }

        public Builder action(final EpcisAction value) {
            this.action = value;
            return this;
        }

        public Builder bizStep(final String value) {
            this.bizStep = value;
            return this;
        }

        public Builder disposition(final String value) {
            this.disposition = value;
            return this;
        }

        public Builder epcList(final List<String> value) {
            this.epcList = value;
            return this;
        }

        public Builder readPoint(final String value) {
            this.readPoint = value;
            return this;
        }

        public Builder bizLocation(final Area value) {
            this.bizLocation = value;
            return this;
        }

        public Builder custodian(final Party value) {
            this.custodian = value;
            return this;
        }

        public Builder sourceParty(final Party value) {
            this.sourceParty = value;
            return this;
        }

        public Builder destinationParty(final Party value) {
            this.destinationParty = value;
            return this;
        }

        public Builder shipmentId(final String value) {
            this.shipmentId = value;
            return this;
        }

        public Builder lot(final String value) {
            this.lot = value;
            return this;
        }

        public Builder expiryDate(final String value) {
            this.expiryDate = value;
            return this;
        }

        public Builder errorDeclaration(final ErrorDeclaration value) {
            this.errorDeclaration = value;
            return this;
        }

        public Builder fingerprint(final String value) {
            this.fingerprint = value;
            return this;
        }

        public CustodyEvent build() {
            return new CustodyEvent(eventId, eventTime, eventTimeZoneOffset, recordTime, action, bizStep,
                    disposition, epcList, readPoint, bizLocation, custodian, sourceParty, destinationParty,
                    shipmentId, lot, expiryDate, errorDeclaration, fingerprint);
        }
    }
}
