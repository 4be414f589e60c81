package io.coldchain.bench;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The serial benchmarks' input: {@code serials} distinct packs, listed by plans of {@code serialsPerPlan} serials each
 * (shipment {@code SHP-<p>}), shipped at Basel in custody events of a few packs each (one sighting of every pack, event
 * time {@code t0} plus the first pack's number in milliseconds), and a few clones: a pack scanned at Tokyo, in a
 * shipment of its own without a plan, at the same time as its Basel scan.
 */
final class SerialFleet {

    static final String GTIN = "00614141123452";
    static final Party SHIPPER = Party.newBuilder().setGln("7601234000017").setName("Basel Pharma").build();
    static final Party CARRIER = Party.newBuilder().setGln("4012345000009").setName("Rhine Reefer").build();
    static final Party CONSIGNEE = Party.newBuilder().setGln("4098765000005").setName("Frankfurt Hospital").build();
    static final Area BASEL = area("Basel DC", 47.5596, 7.5886);
    static final Area FRANKFURT = area("Frankfurt Hospital", 50.1109, 8.6821);
    static final Area TOKYO = area("Tokyo Narita", 35.7720, 140.3929);
    static final String CLONE_SHIPMENT_PREFIX = "SHP-CLONE-";

    private final Instant t0;
    private final int serials;
    private final int serialsPerPlan;

    SerialFleet(final Instant t0, final int serials, final int serialsPerPlan) {
        this.t0 = t0;
        this.serials = serials;
        this.serialsPerPlan = serialsPerPlan;
    }

    int plans() {
        return (serials + serialsPerPlan - 1) / serialsPerPlan;
    }

    /** When the plans are published: an hour before the first scan. */
    Instant plansPublishedAt() {
        return t0.minusSeconds(3600);
    }

    ShipmentPlan plan(final int p) {
        final List<String> packs = new ArrayList<>(serialsPerPlan);
        for (int i = p * serialsPerPlan; i < Math.min(serials, (p + 1) * serialsPerPlan); i++) {
            packs.add(sgtin(i));
        }
        return ShipmentPlan.newBuilder()
                .setShipmentId("SHP-" + p)
                .setProduct(Product.newBuilder().setGtin(GTIN).setName("Vaccine X").setLot("L" + (p % 97))
                        .setExpiryDate("2027-06-30").build())
                .setProfileName("refrigerated-2-8")
                .setRoute(Route.newBuilder().setWaypoints(List.of(BASEL.getCenter(), FRANKFURT.getCenter())).build())
                .setOrigin(BASEL)
                .setDestination(FRANKFURT)
                .setPlannedDeparture(t0.toEpochMilli())
                .setPlannedArrival(t0.plusSeconds(4 * 3600).toEpochMilli())
                .setExpectedCustodians(List.of(SHIPPER, CARRIER, CONSIGNEE))
                .setSerials(packs)
                .setStatus(ShipmentStatus.IN_TRANSIT)
                .build();
    }

    /** Shipping of packs {@code first..first+count-1} at {@code where}, in their plan's shipment. */
    CustodyEvent shipping(final int first, final int count, final Area where) {
        final List<String> packs = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            packs.add(sgtin(i));
        }
        final int p = first / serialsPerPlan;
        final long time = t0.toEpochMilli() + first;
        return CustodyEvent.newBuilder()
                .setEventId("ev-" + first)
                .setEventTime(time)
                .setRecordTime(time + 1_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(packs)
                .setBizLocation(where)
                .setCustodian(SHIPPER)
                .setSourceParty(SHIPPER)
                .setDestinationParty(CARRIER)
                .setShipmentId("SHP-" + p)
                .setLot("L" + (p % 97))
                .setExpiryDate("2027-06-30")
                .build();
    }

    /** Clone {@code c} of {@code clones}: a pack spread over the range scanned at Tokyo at the time of its Basel scan. */
    CustodyEvent clone(final int c, final int clones) {
        final int serial = (int) ((long) serials * c / clones);
        final CustodyEvent original = shipping(serial, 1, BASEL);
        return CustodyEvent.newBuilder(original).setEventId("clone-" + c)
                .setShipmentId(CLONE_SHIPMENT_PREFIX + c).setBizLocation(TOKYO).build();
    }

    static String sgtin(final int i) {
        return GTIN + ".B" + i;
    }

    private static Area area(final String name, final double lat, final double lon) {
        return Area.newBuilder().setName(name).setCenter(GeoPoint.newBuilder().setLat(lat).setLon(lon).build())
                .setRadiusMeters(500).build();
    }
}
