package io.coldchain.streams;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test fixtures: a Basel → Frankfurt refrigerated shipment and readings for it. */
public final class Plans {

    public static final Instant DEPARTURE = Instant.parse("2026-11-02T06:00:00Z");

    private Plans() {
    }

    public static ShipmentPlan.Builder baselToFrankfurt(final String shipmentId) {
        final GeoPoint basel = GeoPoint.newBuilder().setLat(47.5596).setLon(7.5886).build();
        final GeoPoint frankfurt = GeoPoint.newBuilder().setLat(50.1109).setLon(8.6821).build();
        return ShipmentPlan.newBuilder()
                .setShipmentId(shipmentId)
                .setProduct(Product.newBuilder().setGtin("00614141123452").setName("Vaccine X").setLot("L42")
                        .setExpiryDate("2027-06-30").build())
                .setProfileName("refrigerated-2-8")
                .setRoute(Route.newBuilder().setWaypoints(List.of(basel, frankfurt)).setCorridorHalfWidthMeters(2000).build())
                .setOrigin(Area.newBuilder().setName("Basel DC").setCenter(basel).setRadiusMeters(500).build())
                .setDestination(Area.newBuilder().setName("Frankfurt DC").setCenter(frankfurt).setRadiusMeters(500).build())
                .setPlannedDeparture(DEPARTURE.toEpochMilli())
                .setPlannedArrival(DEPARTURE.plus(Duration.ofHours(4)).toEpochMilli())
                .setExpectedCustodians(List.of(Party.newBuilder().setGln("7601234000017").setName("Shipper").build()))
                .setSerials(List.of("00614141123452.S1"))
                .setStatus(ShipmentStatus.IN_TRANSIT);
    }

    /** {@link #baselToFrankfurt(String)} leaving at {@code departure}, arriving four hours later. */
    public static ShipmentPlan.Builder baselToFrankfurt(final String shipmentId, final Instant departure) {
        return baselToFrankfurt(shipmentId).setPlannedDeparture(departure.toEpochMilli())
                .setPlannedArrival(departure.plus(Duration.ofHours(4)).toEpochMilli());
    }

    public static TemperatureReading reading(final String shipmentId, final Duration afterDeparture,
                                             final double celsius) {
        return TemperatureReading.newBuilder()
                .setDeviceId("logger-" + shipmentId)
                .setShipmentId(shipmentId)
                .setEventTime(DEPARTURE.plus(afterDeparture).toEpochMilli())
                .setTemperatureCelsius(celsius)
                .build();
    }
}
