package io.coldchain.rules.serial;

import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.EpcisAction;
import io.coldchain.domain.ErrorDeclaration;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.Party;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Fixture builders for the serial rules: places, parties, sightings, declarations and custody events. */
final class SerialFixtures {

    static final Instant T0 = Instant.parse("2026-11-02T06:00:00Z");
    static final String SGTIN = "00614141123452.S1";
    static final Place BASEL = new Place("Basel DC", 47.5596, 7.5886);
    static final Place FRANKFURT = new Place("Frankfurt Hospital", 50.1109, 8.6821);
    static final Place TOKYO = new Place("Tokyo Narita", 35.7720, 140.3929);
    static final Party SHIPPER = party("7601234000017", "Basel Pharma");
    static final Party CARRIER = party("4012345000009", "Rhine Reefer Logistics");
    static final Party CONSIGNEE = party("4098765000005", "Frankfurt Hospital Pharmacy");
    static final Party STRANGER = party("4011111000003", "Unknown Forwarder");
    static final Party HUB = party("4055555000001", "Kassel Cross-Dock");

    private SerialFixtures() {
    }

    record Place(String name, double lat, double lon) {
        Area area() {
            return new Area(name, null, new GeoPoint(lat, lon), 500);
        }
    }

    static Party party(final String gln, final String name) {
        return new Party(gln, name);
    }

    static long at(final Duration afterT0) {
        return T0.plus(afterT0).toEpochMilli();
    }

    /** A shipping sighting in SHP-A at Basel at T0, lot L42, expiry 2027-06-30; change what the test needs. */
    static SightingBuilder sighting(final String eventId) {
        return new SightingBuilder(eventId);
    }

    /** An open declaration by {@code shipmentId}: lot L42, expiry 2027-06-30, published an hour before T0. */
    static Declaration declaration(final String shipmentId) {
        return new Declaration(shipmentId, "L42", "2027-06-30", true, at(Duration.ofHours(-1)));
    }

    /** A shipping custody event of SHP-A at Basel at T0 from shipper to carrier. */
    static CustodyEvent.Builder event(final String eventId, final Duration afterT0, final String... packs) {
        final long time = at(afterT0);
        return CustodyEvent.builder()
                .eventId(eventId)
                .eventTime(time)
                .recordTime(time + 30_000)
                .action(EpcisAction.OBSERVE)
                .bizStep("shipping")
                .disposition("in_transit")
                .epcList(List.of(packs))
                .bizLocation(BASEL.area())
                .custodian(SHIPPER)
                .sourceParty(SHIPPER)
                .destinationParty(CARRIER)
                .shipmentId("SHP-A");
    }

    /** The receiving event of {@code by} from {@code from} at Frankfurt. */
    static CustodyEvent.Builder receiving(final String eventId, final Duration afterT0, final Party from,
                                          final Party by) {
        return event(eventId, afterT0, SGTIN).bizStep("receiving").disposition("in_progress")
                .bizLocation(FRANKFURT.area()).custodian(by).sourceParty(from).destinationParty(by);
    }

    /** The shipping event of SHP-A by {@code from} to {@code to} at Basel. */
    static CustodyEvent.Builder shipping(final String eventId, final Duration afterT0, final Party from,
                                         final Party to) {
        return event(eventId, afterT0, SGTIN).custodian(from).sourceParty(from).destinationParty(to);
    }

    /** A scan by {@code by} at its own site with no source or destination party: storing, packing, dispensing ... */
    static CustodyEvent.Builder scanBy(final String eventId, final Duration afterT0, final String bizStep,
                                       final Party by) {
        return event(eventId, afterT0, SGTIN).bizStep(bizStep).disposition("in_progress")
                .bizLocation(FRANKFURT.area()).custodian(by).sourceParty(null).destinationParty(null);
    }

    static CustodyEvent declaredErroneous(final CustodyEvent original) {
        return original.toBuilder().errorDeclaration(new ErrorDeclaration(original.eventTime() + 600_000, "incorrect_data",
                List.of())).build();
    }

    static Retraction retraction(final String eventId) {
        return new Retraction(eventId, "SHP-A", at(Duration.ofHours(1)), "incorrect_data", List.of());
    }

    static final class SightingBuilder {
        private final String eventId;
        private String fingerprint;
        private long time = SerialFixtures.at(Duration.ZERO);
        private String action = "OBSERVE";
        private String bizStep = "shipping";
        private String disposition = "in_transit";
        private String shipmentId = "SHP-A";
        private Place place = BASEL;
        private String lot = "L42";
        private String expiry = "2027-06-30";
        private String custodianGln = CARRIER.gln();

        private SightingBuilder(final String eventId) {
            this.eventId = eventId;
            this.fingerprint = "fp-" + eventId;
        }

        SightingBuilder after(final Duration afterT0) {
            this.time = SerialFixtures.at(afterT0);
            return this;
        }

        SightingBuilder at(final Place where) {
            this.place = where;
            return this;
        }

        SightingBuilder nowhere() {
            this.place = null;
            return this;
        }

        SightingBuilder step(final String step, final String dispositionAfter) {
            this.bizStep = step;
            this.disposition = dispositionAfter;
            return this;
        }

        SightingBuilder action(final String epcisAction) {
            this.action = epcisAction;
            return this;
        }

        SightingBuilder in(final String shipment) {
            this.shipmentId = shipment;
            return this;
        }

        SightingBuilder lot(final String value) {
            this.lot = value;
            return this;
        }

        SightingBuilder expiry(final String value) {
            this.expiry = value;
            return this;
        }

        /** The GLN of the party that scanned (the carrier unless said). */
        SightingBuilder custodian(final String gln) {
            this.custodianGln = gln;
            return this;
        }

        SightingBuilder fingerprint(final String value) {
            this.fingerprint = value;
            return this;
        }

        Sighting build() {
            return new Sighting(eventId, fingerprint, time, action, bizStep, disposition, shipmentId,
                    custodianGln, CARRIER.name(), place == null ? null : place.name(), null,
                    place == null ? null : place.lat(), place == null ? null : place.lon(), null, lot, expiry);
        }
    }
}
