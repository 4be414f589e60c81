package io.coldchain.cli.epcis;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.util.List;

/**
 * One small shipment, SHP-EPCIS-1, Marburg plant to Frankfurt DC on 2025-03-01: two packs commissioned, shipped
 * to the carrier, received at the DC (a first receiving scan declared erroneous and corrected), three readings of
 * one logger over two hours and two GPS fixes. GLNs with valid check digits.
 */
final class EpcisFixtures {

    static final String SHIPMENT = "SHP-EPCIS-1";
    /** 2025-03-01T06:00:00Z. */
    static final long T0 = 1740808800000L;
    static final String GTIN = "00614141123452";
    static final Party PLANT = new Party("4012345000009", "Pharma Werk Marburg");
    static final Party CARRIER = new Party("4098765000003", "Kühl-Logistik GmbH");
    static final Party DC = new Party("4023456000000", "Frankfurt DC GmbH");
    static final Area MARBURG = area("Marburg plant", PLANT.getGln(), 50.8099, 8.7708);
    static final Area FRANKFURT = area("Frankfurt DC", DC.getGln(), 50.1109, 8.6821);

    private EpcisFixtures() {
    }

    static ShipmentPlan plan() {
        return ShipmentPlan.newBuilder().setShipmentId(SHIPMENT)
                .setProduct(new Product(GTIN, "Vaxigrip 0.5 ml", "L2403A", "2026-02-28"))
                .setProfileName("refrigerated-2-8")
                .setRoute(new Route(List.of(MARBURG.getCenter(), FRANKFURT.getCenter()), 2000.0))
                .setOrigin(MARBURG).setDestination(FRANKFURT)
                .setPlannedDeparture(T0).setPlannedArrival(T0 + 7_200_000L)
                .setExpectedCustodians(List.of(PLANT, CARRIER, DC))
                .setSerials(List.of(GTIN + ".A1B2C3", GTIN + ".A1B2C4"))
                .setIssuedAt(T0 - 86_400_000L).build();
    }

    static CustodyEvent.Builder custody(final String id, final long time, final EpcisAction action,
                                        final String bizStep, final String disposition, final Area where,
                                        final Party custodian) {
        return CustodyEvent.newBuilder().setEventId(id).setEventTime(time).setEventTimeZoneOffset("+01:00")
                .setRecordTime(time + 5_000).setAction(action).setBizStep(bizStep).setDisposition(disposition)
                .setEpcList(List.of(GTIN + ".A1B2C3", GTIN + ".A1B2C4")).setBizLocation(where)
                .setCustodian(custodian).setShipmentId(SHIPMENT);
    }

    static CustodyEvent commissioning() {
        return custody("urn:uuid:00000000-0000-4000-8000-000000000001", T0 - 3_600_000L, EpcisAction.ADD,
                "commissioning", "active", MARBURG, PLANT).setLot("L2403A").setExpiryDate("2026-02-28")
                .setReadPoint("urn:epc:id:sgln:4012345.00000.1").build();
    }

    static CustodyEvent shipping() {
        return custody("urn:uuid:00000000-0000-4000-8000-000000000002", T0, EpcisAction.OBSERVE, "shipping",
                "in_transit", MARBURG, CARRIER).setSourceParty(PLANT).setDestinationParty(CARRIER)
                .setReadPoint(PLANT.getGln()).setLot("L2403A").build();
    }

    /** A receiving scan at the DC that its system later declared erroneous (wrong time). */
    static CustodyEvent wrongReceiving() {
        return custody("urn:uuid:00000000-0000-4000-8000-000000000003", T0 + 6_000_000L, EpcisAction.OBSERVE,
                "receiving", "in_progress", FRANKFURT, DC).setSourceParty(CARRIER).setDestinationParty(DC).build();
    }

    static CustodyEvent errorDeclaration() {
        return CustodyEvent.newBuilder(wrongReceiving()).setErrorDeclaration(new ErrorDeclaration(
                T0 + 7_500_000L, "incorrect_data", List.of("urn:uuid:00000000-0000-4000-8000-000000000004"))).build();
    }

    static CustodyEvent receiving() {
        return custody("urn:uuid:00000000-0000-4000-8000-000000000004", T0 + 7_000_000L, EpcisAction.OBSERVE,
                "receiving", "in_progress", FRANKFURT, DC).setSourceParty(CARRIER).setDestinationParty(DC).build();
    }

    static TemperatureReading reading(final long time, final double celsius) {
        return new TemperatureReading("LOG-0001", SHIPMENT, time, celsius, 87.5f);
    }

    static LocationFix fix(final long time, final double lat, final double lon) {
        return new LocationFix("TRK-0001", SHIPMENT, time, lat, lon, 12.5, 81.0, null);
    }

    static EpcisMapper.Evidence evidence() {
        return new EpcisMapper.Evidence(List.of(plan()),
                List.of(commissioning(), shipping(), wrongReceiving(), errorDeclaration(), receiving()),
                List.of(reading(T0 + 60_000, 5.25), reading(T0 + 1_800_000, 6.5), reading(T0 + 3_900_000, 8.75)),
                List.of(fix(T0 + 1_500_000, 50.5, 8.75), fix(T0 + 3_700_000, 50.31234567, 8.7102)));
    }

    private static Area area(final String name, final String gln, final double lat, final double lon) {
        return new Area(name, gln, new GeoPoint(lat, lon), 300.0);
    }
}
