package io.coldchain.sim;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything that will happen to one shipment, decided up front by {@link ShipmentFactory}: who ships what
 * from where to where, when the truck leaves and arrives, what the logger will read. It turns that truth
 * into the Avro records the simulator publishes; {@link ShipmentRun} decides when.
 */
public final class ShipmentScenario {

    /** Name of the built-in profile every simulated plan refers to. */
    public static final String PROFILE_NAME = "refrigerated-2-8";
    public static final double CORRIDOR_HALF_WIDTH_METERS = 2_000;
    public static final double DEPOT_RADIUS_METERS = 500;
    /** Spacing of the planned route's waypoints. */
    public static final double WAYPOINT_SPACING_METERS = 15_000;

    private static final float LOGGER_DRAIN_PERCENT_PER_HOUR = 0.4f;
    private static final float TRACKER_DRAIN_PERCENT_PER_HOUR = 1.5f;
    private static final float LOWEST_BATTERY_PERCENT = 5f;

    /** Who took part and what was shipped. */
    record Cast(String shipmentId, int index, Hubs.Leg leg, Carrier carrier, Medicine medicine, String lot,
                LocalDate expiry, List<String> serials, String loggerId, String trackerId) {
    }

    /** When things happen, epoch millis; and the battery levels the devices start with. */
    record Timing(long planTime, long plannedDeparture, long plannedArrival, long departure, long arrival,
                  long delivery, long pickupRecordDelay, long deliveryRecordDelay, float loggerBattery,
                  float trackerBattery) {
    }

    private final Cast cast;
    private final Timing timing;
    private final Trajectory trajectory;
    private final TemperatureModel temperature;
    private final String eventIdSeed;

    ShipmentScenario(final Cast cast, final Timing timing, final Trajectory trajectory,
                     final TemperatureModel temperature, final String eventIdSeed) {
        this.cast = cast;
        this.timing = timing;
        this.trajectory = trajectory;
        this.temperature = temperature;
        this.eventIdSeed = eventIdSeed;
    }

    public String shipmentId() {
        return cast.shipmentId();
    }

    /** 1-based position of the shipment in the simulation; part of the deterministic tie-break. */
    public int index() {
        return cast.index();
    }

    public City origin() {
        return cast.leg().from();
    }

    public City destination() {
        return cast.leg().to();
    }

    public Carrier carrier() {
        return cast.carrier();
    }

    public Medicine medicine() {
        return cast.medicine();
    }

    /** Pack identifiers as SGTIN strings. */
    public List<String> serials() {
        return cast.serials();
    }

    /** Event time of the plan: the simulation start. */
    public long planTime() {
        return timing.planTime();
    }

    /** Actual departure from the origin depot (the pickup scan), epoch millis. */
    public long departure() {
        return timing.departure();
    }

    /** Actual arrival at the destination depot, epoch millis. */
    public long arrival() {
        return timing.arrival();
    }

    /** The delivery scan, after the truck has been unloaded; telemetry ends here. */
    public long delivery() {
        return timing.delivery();
    }

    public Optional<WarmSpell> warmSpell() {
        return temperature.warmSpell();
    }

    public double distanceMeters() {
        return trajectory.distanceMeters();
    }

    /** The plan, as published before any telemetry. */
    public ShipmentPlan plan() {
        final List<GeoPoint> waypoints = trajectory.waypoints(WAYPOINT_SPACING_METERS).stream()
                .map(p -> new GeoPoint(p.lat(), p.lon())).toList();
        return ShipmentPlan.newBuilder()
                .setShipmentId(cast.shipmentId())
                .setProduct(Product.newBuilder()
                        .setGtin(cast.medicine().gtin())
                        .setName(cast.medicine().name())
                        .setLot(cast.lot())
                        .setExpiryDate(cast.expiry().toString())
                        .build())
                .setProfileName(PROFILE_NAME)
                .setRoute(Route.newBuilder()
                        .setWaypoints(waypoints)
                        .setCorridorHalfWidthMeters(CORRIDOR_HALF_WIDTH_METERS)
                        .build())
                .setOrigin(depot(origin()))
                .setDestination(depot(destination()))
                .setPlannedDeparture(timing.plannedDeparture())
                .setPlannedArrival(timing.plannedArrival())
                .setExpectedCustodians(List.of(shipper(), carrierParty(), consignee()))
                .setSerials(cast.serials())
                .setStatus(ShipmentStatus.IN_TRANSIT)
                .build();
    }

    /** The shipper hands the packs to the carrier at the origin depot. */
    public CustodyEvent pickupScan() {
        return custodyEvent("shipping", "in_transit", timing.departure(), timing.pickupRecordDelay(), origin(),
                carrierParty(), shipper(), carrierParty());
    }

    /** The consignee receives the packs from the carrier at the destination depot. */
    public CustodyEvent deliveryScan() {
        return custodyEvent("receiving", "in_progress", timing.delivery(), timing.deliveryRecordDelay(),
                destination(), consignee(), carrierParty(), consignee());
    }

    /** The logger's reading at {@code time}, given one standard-normal draw for sensor noise. */
    public TemperatureReading reading(final long time, final double standardNormal) {
        // Constructors rather than builders on the hot path: builders validate and copy defaults per record.
        return new TemperatureReading(cast.loggerId(), cast.shipmentId(), time,
                temperature.celsiusAt(time, standardNormal),
                battery(timing.loggerBattery(), LOGGER_DRAIN_PERCENT_PER_HOUR, time));
    }

    /**
     * The tracker's fix at {@code time}: the true position moved by GPS error of the reported accuracy.
     *
     * @param accuracyMeters reported 1-sigma horizontal accuracy
     * @param northNormal    standard-normal draw for the north error
     * @param eastNormal     standard-normal draw for the east error
     * @param speedNoiseKmh  error of the reported speed, km/h
     */
    public LocationFix fix(final long time, final double accuracyMeters, final double northNormal,
                           final double eastNormal, final double speedNoiseKmh) {
        final double sigma = accuracyMeters / Math.sqrt(2);
        final LatLon p = Geo.offset(trajectory.positionAt(time), sigma * northNormal, sigma * eastNormal);
        final double speed = trajectory.speedKmhAt(time);
        final double reportedSpeed = speed == 0 ? 0 : Math.max(0, speed + speedNoiseKmh);
        return new LocationFix(cast.trackerId(), cast.shipmentId(), time, round(p.lat(), 6), round(p.lon(), 6),
                round(accuracyMeters, 1), round(reportedSpeed, 1),
                battery(timing.trackerBattery(), TRACKER_DRAIN_PERCENT_PER_HOUR, time));
    }

    private CustodyEvent custodyEvent(final String bizStep, final String disposition, final long time,
                                      final long recordDelay, final City site, final Party custodian,
                                      final Party source, final Party destination) {
        final String id = UUID.nameUUIDFromBytes((eventIdSeed + '/' + cast.shipmentId() + '/' + bizStep)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:" + id)
                .setEventTime(time)
                .setEventTimeZoneOffset(site.offsetAt(Instant.ofEpochMilli(time)))
                .setRecordTime(time + recordDelay)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep(bizStep)
                .setDisposition(disposition)
                .setEpcList(cast.serials())
                .setReadPoint(site.depotGln())
                .setBizLocation(depot(site))
                .setCustodian(custodian)
                .setSourceParty(source)
                .setDestinationParty(destination)
                .setShipmentId(cast.shipmentId())
                .setLot(cast.lot())
                .setExpiryDate(cast.expiry().toString())
                .build();
    }

    private Party shipper() {
        return new Party(origin().depotGln(), origin().depotName());
    }

    private Party consignee() {
        return new Party(destination().depotGln(), destination().depotName());
    }

    private Party carrierParty() {
        return new Party(cast.carrier().gln(), cast.carrier().name());
    }

    private static Area depot(final City city) {
        return new Area(city.depotName(), city.depotGln(),
                new GeoPoint(city.position().lat(), city.position().lon()), DEPOT_RADIUS_METERS);
    }

    private float battery(final float atDeparture, final float drainPerHour, final long time) {
        final float hours = Math.max(0, time - timing.departure()) / 3_600_000f;
        return Math.max(LOWEST_BATTERY_PERCENT, Math.round((atDeparture - drainPerHour * hours) * 10) / 10f);
    }

    private static double round(final double value, final int decimals) {
        final double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
