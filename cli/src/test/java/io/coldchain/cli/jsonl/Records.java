package io.coldchain.cli.jsonl;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LimitDirection;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.PlannedStop;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.schemas.TemperatureRule;
import io.coldchain.schemas.TemperatureRuleKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test records of every type: {@code full} sets every optional field, {@code minimal} leaves them null or empty. */
final class Records {

    static final long T0 = Instant.parse("2025-03-01T06:00:00Z").toEpochMilli();
    static final String SHIPMENT = "SHP-000001";
    /** When the full plan was issued: a day before its departure. */
    static final long ISSUED_AT = T0 - 86_400_000L;
    static final String GTIN = "00614141123452";

    private static final Party SHIPPER = new Party("4012345000009", "Pharma Werk Marburg");
    private static final Party CARRIER = new Party("4098765000005", "Kühl-Logistik GmbH");

    private Records() {
    }

    static ShipmentPlan fullPlan() {
        return ShipmentPlan.newBuilder()
                .setShipmentId(SHIPMENT)
                .setProduct(Product.newBuilder().setGtin(GTIN).setName("Vaxigrip 0.5 ml").setLot("L2403A")
                        .setExpiryDate("2026-02-28").build())
                .setProfileName("refrigerated-2-8")
                .setProfile(TemperatureProfile.newBuilder().setName("refrigerated-2-8").setMinCelsius(2.0)
                        .setMaxCelsius(8.0)
                        .setRules(List.of(TemperatureRule.newBuilder().setRuleId("heat-25c-30m")
                                .setKind(TemperatureRuleKind.CONSECUTIVE).setDirection(LimitDirection.AT_OR_ABOVE)
                                .setLimitCelsius(25.0).setDurationMillis(1_800_000L).setSeverity(Severity.HIGH).build()))
                        .setStabilityBudgetMillis(7_200_000L).build())
                .setRoute(new Route(List.of(new GeoPoint(50.8099, 8.7708), new GeoPoint(50.3569, 8.7486),
                        new GeoPoint(50.1109, 8.6821)), 1500.0))
                .setPlannedStops(List.of(new PlannedStop(area("Rastplatz Wetterau", null, 50.3569, 8.7486, 300.0),
                        2_700_000L)))
                .setOrigin(area("Marburg plant", "4012345000009", 50.8099, 8.7708, 250.0))
                .setDestination(area("Frankfurt DC", null, 50.1109, 8.6821, 400.0))
                .setPlannedDeparture(T0)
                .setPlannedArrival(T0 + 7_200_000L)
                .setExpectedCustodians(List.of(SHIPPER, CARRIER))
                .setSerials(List.of(GTIN + ".A1B2C3", GTIN + ".A1B2C4"))
                .setStatus(ShipmentStatus.IN_TRANSIT)
                .setIssuedAt(ISSUED_AT)
                .build();
    }

    static ShipmentPlan minimalPlan() {
        return ShipmentPlan.newBuilder()
                .setShipmentId(SHIPMENT)
                .setProduct(Product.newBuilder().setGtin(GTIN).setLot("L2403A").setExpiryDate("2026-02-28").build())
                .setRoute(Route.newBuilder().setWaypoints(List.of(new GeoPoint(50.8099, 8.7708),
                        new GeoPoint(50.1109, 8.6821))).build())
                .setOrigin(area("Marburg plant", null, 50.8099, 8.7708, 250.0))
                .setDestination(area("Frankfurt DC", null, 50.1109, 8.6821, 400.0))
                .setPlannedDeparture(T0)
                .setPlannedArrival(T0 + 7_200_000L)
                .build();
    }

    static TemperatureReading reading(final Float batteryPercent) {
        return new TemperatureReading("LOG-0001", SHIPMENT, T0 + 60_000L, 5.25, batteryPercent);
    }

    static LocationFix fullFix() {
        return new LocationFix("TRK-0001", SHIPMENT, T0 + 120_000L, 50.5, 8.75, 12.5, 81.0, 64.5f);
    }

    static LocationFix minimalFix() {
        return new LocationFix("TRK-0001", SHIPMENT, T0 + 120_000L, 50.5, 8.75, null, null, null);
    }

    static CustodyEvent fullCustody() {
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c01")
                .setEventTime(T0 + 180_000L)
                .setEventTimeZoneOffset("+01:00")
                .setRecordTime(T0 + 185_000L)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(List.of(GTIN + ".A1B2C3", GTIN + ".A1B2C4"))
                .setReadPoint("urn:epc:id:sgln:4012345.00000.1")
                .setBizLocation(area("Marburg plant", "4012345000009", 50.8099, 8.7708, 250.0))
                .setCustodian(CARRIER)
                .setSourceParty(SHIPPER)
                .setDestinationParty(CARRIER)
                .setShipmentId(SHIPMENT)
                .setLot("L2403A")
                .setExpiryDate("2026-02-28")
                .setErrorDeclaration(new ErrorDeclaration(T0 + 190_000L, "incorrect_data",
                        List.of("urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c02")))
                .build();
    }

    static CustodyEvent minimalCustody() {
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c01")
                .setEventTime(T0 + 180_000L)
                .setRecordTime(T0 + 185_000L)
                .setAction(EpcisAction.ADD)
                .setBizStep("commissioning")
                .setDisposition("active")
                .setEpcList(List.of(GTIN + ".A1B2C3"))
                .setCustodian(SHIPPER)
                .setShipmentId(SHIPMENT)
                .build();
    }

    static Alert fullAlert() {
        return Alert.newBuilder()
                .setAlertId("3f2a9c0e7b1d4e5f")
                .setType(AlertType.DUPLICATE_SERIAL)
                .setSeverity(Severity.CRITICAL)
                .setStatus(AlertStatus.OPEN)
                .setShipmentId(SHIPMENT)
                .setSerial(GTIN + ".A1B2C3")
                .setRuleId("serial-duplicate")
                .setFirstEvidenceTime(T0 + 180_000L)
                .setLastEvidenceTime(T0 + 240_000L)
                .setSummary("Serial seen in two shipments at once.")
                .setEvidence(Map.of("otherShipmentId", "SHP-000002", "distanceMeters", "41250"))
                .build();
    }

    static Alert minimalAlert() {
        return Alert.newBuilder(fullAlert()).setType(AlertType.TEMPERATURE_EXCURSION).setSeverity(Severity.HIGH)
                .setSerial(null).setRuleId("heat-25c-30m").setSummary("Above 8.0 °C for 35 min.")
                .setEvidence(Map.of()).build();
    }

    private static Area area(final String name, final String gln, final double lat, final double lon,
                             final double radiusMeters) {
        return new Area(name, gln, new GeoPoint(lat, lon), radiusMeters);
    }
}
