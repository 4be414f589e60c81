package io.coldchain.streams;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * A few refrigerated shipments Basel → Frankfurt on the A5 ({@link RouteFixtures#plan}), each shipped by the shipper
 * at Basel DC and received by the consignee at Frankfurt DC, readings every 5 minutes, with one alert story each:
 *
 * <ul>
 *   <li>{@link #WARM}: an hour at 12 °C, then back in range: a band excursion, OPEN then RESOLVED;</li>
 *   <li>{@link #DETOUR}: the truck leaves the motorway near Offenburg for a point 30 km off it and rejoins it: a
 *       route deviation, OPEN, UPDATED (beyond 10 km) and RESOLVED;</li>
 *   <li>{@link #TWIN}: its plan also lists a pack {@link #WARM}'s plan lists (never scanned): DUPLICATE_SERIAL.</li>
 * </ul>
 *
 * <p>Every shipment is delivered and its episodes are over well before its last records, and its last readings and
 * fixes (those within the grace period of its newest, which wait for the wall-clock hand-over) raise nothing: its
 * alerts are all out without waiting for the wall clock.
 */
public final class GoodStream {

    public static final String WARM = "SHP-WARM";
    public static final String DETOUR = "SHP-DETOUR";
    public static final String TWIN = "SHP-TWIN";
    public static final List<String> SHIPMENTS = List.of(WARM, DETOUR, TWIN);
    public static final String GTIN = "00614141123452";
    public static final Party SHIPPER = Contracts.toWire(RouteFixtures.party("7601234000017", "Basel DC"));
    public static final Party CONSIGNEE = Contracts.toWire(RouteFixtures.party("4001234000014", "Frankfurt DC"));
    private static final Area BASEL = Contracts.toWire(RouteFixtures.area("Basel DC", SHIPPER.getGln(), RouteFixtures.BASEL_DC, 200));
    private static final Area FRANKFURT = Contracts.toWire(RouteFixtures.area("Frankfurt DC", CONSIGNEE.getGln(),
            RouteFixtures.FRANKFURT_DC, 200));
    /** How often the loggers report. */
    public static final Duration READING_INTERVAL = Duration.ofMinutes(5);

    private GoodStream() {
    }

    /** Every record of the stream, in event-time order (a plan's time is its issuedAt). */
    public static List<SpecificRecord> records() {
        final List<LocationFix> detour = RouteFixtures.trip(DETOUR).alongRouteTo(110, 90)
                .driveTo(RouteFixtures.offRoute(125, 30_000), 70).rejoinRouteAt(140, 70)
                .alongRouteTo(RouteFixtures.routeMeters() / 1_000, 90).fixes().stream().map(Contracts::toWire).toList();
        final long arrival = detour.get(detour.size() - 1).getEventTime();
        final List<SpecificRecord> records = new ArrayList<>();
        records.add(plan(WARM, 0, serial(WARM, 1), serial(WARM, 2)));
        records.add(plan(DETOUR, 1, serial(DETOUR, 1)));
        records.add(plan(TWIN, 2, serial(TWIN, 1), serial(WARM, 2)));
        for (final String shipment : SHIPMENTS) {
            records.add(shipping(shipment));
            records.add(receiving(shipment, arrival - Duration.ofMinutes(1).toMillis()));
            for (long t = at(Duration.ZERO); t <= arrival + READING_INTERVAL.toMillis(); t += READING_INTERVAL.toMillis()) {
                final long minute = Duration.ofMillis(t - at(Duration.ZERO)).toMinutes();
                final double celsius = WARM.equals(shipment) && minute >= 60 && minute < 120 ? 12.0 : 5.0;
                records.add(reading(shipment, t, celsius));
            }
        }
        records.addAll(detour);
        records.sort(Comparator.comparingLong(GoodStream::timeOf));
        return records;
    }

    /** The pack {@code n} of a shipment: GTIN '.' shipment '-' n. */
    public static String serial(final String shipmentId, final int n) {
        return GTIN + "." + shipmentId + "-" + n;
    }

    public static long at(final Duration afterDeparture) {
        return RouteFixtures.at(afterDeparture);
    }

    /** A plan issued two hours before departure (plus {@code minutes}), listing {@code serials}. */
    public static ShipmentPlan plan(final String shipmentId, final int minutes, final String... serials) {
        return ShipmentPlan.newBuilder(Contracts.toWire(RouteFixtures.plan(shipmentId).build()))
                .setExpectedCustodians(List.of(SHIPPER, CONSIGNEE))
                .setSerials(List.of(serials))
                .setIssuedAt(at(Duration.ofMinutes(minutes - 120)))
                .build();
    }

    public static TemperatureReading reading(final String shipmentId, final long eventTime, final double celsius) {
        return TemperatureReading.newBuilder()
                .setDeviceId("logger-" + shipmentId)
                .setShipmentId(shipmentId)
                .setEventTime(eventTime)
                .setTemperatureCelsius(celsius)
                .build();
    }

    /** The shipper's shipping scan of the shipment's first pack at Basel DC, at departure. */
    public static CustodyEvent shipping(final String shipmentId) {
        final long time = at(Duration.ZERO);
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:ship-" + shipmentId)
                .setEventTime(time)
                .setRecordTime(time + 60_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(List.of(serial(shipmentId, 1)))
                .setBizLocation(BASEL)
                .setCustodian(SHIPPER)
                .setSourceParty(SHIPPER)
                .setDestinationParty(CONSIGNEE)
                .setShipmentId(shipmentId)
                .setLot("L42")
                .setExpiryDate("2027-06-30")
                .build();
    }

    /** The consignee's receiving scan at Frankfurt DC: the delivery. */
    public static CustodyEvent receiving(final String shipmentId, final long time) {
        return CustodyEvent.newBuilder(shipping(shipmentId))
                .setEventId("urn:uuid:recv-" + shipmentId)
                .setEventTime(time)
                .setRecordTime(time + 60_000)
                .setBizStep("receiving")
                .setDisposition("in_progress")
                .setBizLocation(FRANKFURT)
                .setCustodian(CONSIGNEE)
                .build();
    }

    /** Shipment id (the record key) of any input record. */
    public static String shipmentOf(final SpecificRecord record) {
        if (record instanceof ShipmentPlan plan) {
            return plan.getShipmentId();
        }
        if (record instanceof TemperatureReading reading) {
            return reading.getShipmentId();
        }
        if (record instanceof LocationFix fix) {
            return fix.getShipmentId();
        }
        if (record instanceof CustodyEvent event) {
            return event.getShipmentId();
        }
        throw new IllegalArgumentException("not an input record: " + record.getSchema().getName());
    }

    /** Event time of any input record (a plan's issuedAt). */
    public static long timeOf(final SpecificRecord record) {
        if (record instanceof ShipmentPlan plan) {
            return plan.getIssuedAt();
        }
        if (record instanceof TemperatureReading reading) {
            return reading.getEventTime();
        }
        if (record instanceof LocationFix fix) {
            return fix.getEventTime();
        }
        if (record instanceof CustodyEvent event) {
            return event.getEventTime();
        }
        throw new IllegalArgumentException("not an input record: " + record.getSchema().getName());
    }
}
