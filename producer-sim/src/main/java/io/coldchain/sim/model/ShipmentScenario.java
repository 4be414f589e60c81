package io.coldchain.sim.model;

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
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.incidents.Injection;
import io.coldchain.sim.network.Realism;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything that will happen to one shipment, decided up front by {@link ShipmentFactory}: who ships what
 * from where to where, when the truck leaves and arrives, what the logger will read, which incident or
 * confounder (if any) it carries and how its devices reach the network. It turns that truth into the Avro
 * records the simulator publishes; {@link ShipmentRun} decides when.
 */
public final class ShipmentScenario {

    /** Name of the built-in profile every simulated plan refers to. */
    public static final String PROFILE_NAME = "refrigerated-2-8";
    public static final double CORRIDOR_HALF_WIDTH_METERS = 2_000;
    public static final double DEPOT_RADIUS_METERS = 500;
    /** Spacing of the planned route's waypoints. */
    public static final double WAYPOINT_SPACING_METERS = 15_000;
    /** A flight's plan has few waypoints: one every 500 km of the great circle. */
    public static final double AIR_WAYPOINT_SPACING_METERS = 500_000;

    private static final float LOGGER_DRAIN_PERCENT_PER_HOUR = 0.4f;
    private static final float TRACKER_DRAIN_PERCENT_PER_HOUR = 1.5f;
    private static final float LOWEST_BATTERY_PERCENT = 5f;

    /** Who took part and what was shipped. */
    public record Cast(String shipmentId, int index, Hubs.Leg leg, Carrier carrier, Medicine medicine, String lot,
                LocalDate expiry, List<String> serials, String loggerId, String trackerId) {
    }

    /**
     * When things happen, epoch millis; and the battery levels the devices start with.
     *
     * @param planTime when the plan is issued: its {@code issuedAt} and record timestamp
     */
    record Timing(long planTime, long plannedDeparture, long plannedArrival, long departure, long arrival,
                  long delivery, long pickupRecordDelay, long deliveryRecordDelay, float loggerBattery,
                  float trackerBattery) {
    }

    /**
     * How the shipment's devices reach the network ({@link Realism}), beyond what an incident or confounder does.
     *
     * @param loggerSkewMillis how far the logger's clock is off: readings are stamped this much late (negative: early)
     * @param loggerGap        readings in this window reach the broker when it ends, or null
     * @param trackerGap       fixes in this window reach the broker when it ends, or null
     */
    public record Connectivity(long loggerSkewMillis, Injection.Window loggerGap, Injection.Window trackerGap) {

        static final Connectivity PERFECT = new Connectivity(0, null, null);
    }

    /**
     * How this shipment is recorded: its share of {@link Conventions}, drawn for it.
     *
     * @param carrierScans       the carrier takes part in the scans (receives at pickup, hands over at each site);
     *                           false: the shipper ships to the next site, which receives from the shipper
     * @param issuedAt           the plan carries {@code issuedAt} (and status PLANNED until revised)
     * @param revisionAt         when the plan is revised in transit, or {@link Long#MIN_VALUE} for never
     * @param revisedArrival     the revision's planned arrival
     * @param republishDelivered the plan is republished DELIVERED at the delivery scan
     * @param tailMillis         how long the devices keep reporting after the delivery scan (0: they stop there)
     * @param hubStoringAt       the hub's storing scan, or {@link Long#MIN_VALUE} for none
     * @param consigneeStoringAt the consignee's storing scan, or {@link Long#MIN_VALUE} for none
     * @param logger             when the logger samples
     * @param batchPeriodMillis  the logger uploads its readings in batches this far apart (0: each at once)
     * @param duplicateRate      probability that a reading is uploaded twice
     */
    public record Habits(boolean carrierScans, boolean issuedAt, long revisionAt, long revisedArrival,
                  boolean republishDelivered, long tailMillis, long hubStoringAt, long consigneeStoringAt,
                  LoggerSchedule logger, long batchPeriodMillis, double duplicateRate) {

        static final long NEVER = Long.MIN_VALUE;

        /** The simulator's former habits, with the logger sampling every {@code readingInterval}. */
        static Habits legacy(final long readingInterval) {
            return new Habits(true, false, NEVER, 0, true, 0, NEVER, NEVER, LoggerSchedule.every(readingInterval), 0,
                    0);
        }

        boolean revised() {
            return revisionAt != NEVER;
        }
    }

    /**
     * A custody scan of the shipment and where it sits among the shipment's events.
     *
     * @param rank     order among events of the same time: pickup 0, readings 1, fixes 2, delivery 3,
     *                 the legacy DELIVERED plan 4, other scans 5
     * @param delivery whether this is the shipment's delivery scan
     */
    record Scan(CustodyEvent event, int rank, boolean delivery) {
    }

    private final Cast cast;
    private final Timing timing;
    private final Movement movement;
    private final TemperatureModel temperature;
    private final String eventIdSeed;
    private final Injection injection;
    private final Connectivity connectivity;
    private final HubStop hub;
    private final Habits habits;

    /** @param hub the cross-dock stop on the way, or null */
    ShipmentScenario(final Cast cast, final Timing timing, final Movement movement, final TemperatureModel temperature,
                     final String eventIdSeed, final Injection injection, final Connectivity connectivity,
                     final HubStop hub, final Habits habits) {
        this.cast = cast;
        this.timing = timing;
        this.movement = movement;
        this.temperature = temperature;
        this.eventIdSeed = eventIdSeed;
        this.injection = injection;
        this.connectivity = connectivity;
        this.hub = hub;
        this.habits = habits;
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

    /** Event time of the plan: its {@code issuedAt}, before the planned departure, or the simulation start. */
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

    /** The delivery scan, after the truck has been unloaded. */
    public long delivery() {
        return timing.delivery();
    }

    /** The tracker's last fix is at or before this time: the delivery scan, or a few minutes later. */
    public long trackerEnd() {
        return timing.delivery() + habits.tailMillis();
    }

    /**
     * The logger's last reading is at or before this time: like the tracker, unless the goods are out of range at
     * delivery (a failed reefer), when the consignee stops the logger at the receiving scan; a silent logger stops
     * earlier ({@link #loggerSilentFrom()}).
     */
    long loggerEnd() {
        final TemperatureEffect effect = injection.temperature();
        final boolean inRange = effect == null || effect.end() <= timing.delivery();
        return inRange ? trackerEnd() : timing.delivery();
    }

    /** How this shipment is recorded. */
    public Habits habits() {
        return habits;
    }

    /** The later of the delivery scan and the consignee's storing scan: the shipment's last planned scan. */
    public long lastPlannedScanTime() {
        return Math.max(timing.delivery(), habits.consigneeStoringAt());
    }

    public Optional<WarmSpell> warmSpell() {
        return temperature.warmSpell();
    }

    public double distanceMeters() {
        return movement.planned().distanceMeters();
    }

    /** The ground truth of the incident or confounder injected into this shipment, if any. */
    public Optional<IncidentLabel> incident() {
        return Optional.ofNullable(injection.label());
    }

    /** Event time of the shipment's last event: its delivery, the telemetry after it, or a later custody scan. */
    public long lastEventTime() {
        final List<Injection.ExtraScan> extra = injection.extraScans();
        final long last = Math.max(trackerEnd(), lastPlannedScanTime());
        return extra.isEmpty() ? last : Math.max(last, extra.get(extra.size() - 1).time());
    }

    /** The hub city of the shipment's cross-dock stop, if it makes one. */
    public Optional<City> hub() {
        return Optional.ofNullable(hub).map(HubStop::city);
    }

    /** When the truck reaches the hub (the hub's receiving scan); only with a hub stop. */
    long hubArrival() {
        return movement.stopArrival();
    }

    /** When the truck leaves the hub (the hub's shipping scan); only with a hub stop. */
    long hubDeparture() {
        return movement.stopDeparture();
    }

    Movement movement() {
        return movement;
    }

    public String lot() {
        return cast.lot();
    }

    public LocalDate expiry() {
        return cast.expiry();
    }

    public Injection injection() {
        return injection;
    }

    public Connectivity connectivity() {
        return connectivity;
    }

    /** The logger sends no reading at or after this time (it went silent); {@link Long#MAX_VALUE} if never. */
    long loggerSilentFrom() {
        return injection.loggerSilentFrom();
    }

    /**
     * The custody scans, in time order: pickup, the hub's receiving, storing and shipping, delivery, the consignee's
     * storing and what an incident adds.
     */
    List<Scan> scans() {
        final List<Scan> scans = new ArrayList<>(6 + injection.extraScans().size());
        scans.add(new Scan(pickupScan(), 0, false));
        if (hub != null) {
            scans.add(new Scan(hubReceivingScan(), 5, false));
            if (habits.hubStoringAt() != Habits.NEVER) {
                scans.add(new Scan(hubStoringScan(), 5, false));
            }
            scans.add(new Scan(hubShippingScan(), 5, false));
        }
        scans.add(new Scan(deliveryScan(), 3, true));
        if (habits.consigneeStoringAt() != Habits.NEVER) {
            scans.add(new Scan(consigneeStoringScan(), 5, false));
        }
        for (final Injection.ExtraScan extra : injection.extraScans()) {
            scans.add(new Scan(extraScan(extra), 5, false));
        }
        scans.sort(Comparator.comparingLong((Scan scan) -> scan.event().getEventTime()).thenComparingInt(Scan::rank));
        return scans;
    }

    /**
     * The plan, as published before any telemetry: issued {@link #planTime()} (status PLANNED, with
     * {@code issuedAt}) or, by the legacy habit, without {@code issuedAt} and already IN_TRANSIT.
     */
    public ShipmentPlan plan() {
        final double spacing = cast.leg().air() ? AIR_WAYPOINT_SPACING_METERS : WAYPOINT_SPACING_METERS;
        final List<GeoPoint> waypoints = movement.planned().waypoints(spacing).stream()
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
                .setPlannedStops(hub == null ? List.of() : List.of(hub.plannedStop()))
                .setExpectedCustodians(hub == null ? List.of(shipper(), carrierParty(), consignee())
                        : List.of(shipper(), carrierParty(), hub.operator(), consignee()))
                .setSerials(cast.serials())
                .setStatus(habits.issuedAt() ? ShipmentStatus.PLANNED : ShipmentStatus.IN_TRANSIT)
                .setIssuedAt(habits.issuedAt() ? timing.planTime() : null)
                .build();
    }

    /** The plan revised in transit with an updated planned arrival, if it is revised. */
    Optional<ShipmentPlan> revisedPlan() {
        if (!habits.revised()) {
            return Optional.empty();
        }
        return Optional.of(ShipmentPlan.newBuilder(plan())
                .setPlannedArrival(habits.revisedArrival())
                .setStatus(ShipmentStatus.IN_TRANSIT)
                .setIssuedAt(habits.issuedAt() ? habits.revisionAt() : null)
                .build());
    }

    /** When the plan is revised; only if {@link #revisedPlan()} is present. */
    long revisionTime() {
        return habits.revisionAt();
    }

    /**
     * The shipper hands the packs over at the origin depot: to the carrier, who then holds them, or (carrier
     * silent) to the next site, the shipper scanning as the party that held them.
     */
    public CustodyEvent pickupScan() {
        final Party custodian = habits.carrierScans() ? carrierParty() : shipper();
        final Party to = habits.carrierScans() ? carrierParty() : hub != null ? hub.operator() : consignee();
        return custodyEvent("shipping", "shipping", "in_transit", timing.departure(), timing.pickupRecordDelay(),
                origin(), depot(origin()), cast.serials(), custodian, shipper(), to, cast.lot(),
                cast.expiry().toString());
    }

    /** The hub operator receives the packs from the carrier (or the shipper) as the truck reaches the cross-dock. */
    CustodyEvent hubReceivingScan() {
        return custodyEvent("hub-receiving", "receiving", "in_progress", movement.stopArrival(),
                timing.deliveryRecordDelay(), hub.city(), hub.area(), cast.serials(), hub.operator(),
                habits.carrierScans() ? carrierParty() : shipper(), hub.operator(), cast.lot(),
                cast.expiry().toString());
    }

    /** The hub operator puts the packs into its cold store during the dwell (CBV storing, still in progress). */
    CustodyEvent hubStoringScan() {
        return custodyEvent("hub-storing", "storing", "in_progress", habits.hubStoringAt(),
                timing.deliveryRecordDelay(), hub.city(), hub.area(), cast.serials(), hub.operator(), null, null,
                cast.lot(), cast.expiry().toString());
    }

    /** The hub operator ships the packs on: back to the carrier, or (carrier silent) to the consignee. */
    CustodyEvent hubShippingScan() {
        return custodyEvent("hub-shipping", "shipping", "in_transit", movement.stopDeparture(),
                timing.pickupRecordDelay(), hub.city(), hub.area(), cast.serials(), hub.operator(), hub.operator(),
                habits.carrierScans() ? carrierParty() : consignee(), cast.lot(), cast.expiry().toString());
    }

    /** Whom the consignee receives from: the carrier, or (carrier silent) the last site that shipped. */
    private Party deliveredBy() {
        return habits.carrierScans() ? carrierParty() : hub != null ? hub.operator() : shipper();
    }

    /**
     * The party that received the goods puts the packs it expected into store where it received them (CBV storing,
     * active): a few minutes after receiving, before anything else happens to them there.
     */
    CustodyEvent consigneeStoringScan() {
        final Area site = injection.deliverySite() != null ? injection.deliverySite() : depot(destination());
        final Party receiver = injection.receiver() != null ? injection.receiver() : consignee();
        return custodyEvent("storing", "storing", "active", habits.consigneeStoringAt(), timing.deliveryRecordDelay(),
                destination(), site, cast.serials(), receiver, null, null, cast.lot(), cast.expiry().toString());
    }

    /**
     * The consignee receives the packs from the carrier at the destination depot; an incident may move the
     * scan to another site, hand the goods to another party or add a pack.
     */
    public CustodyEvent deliveryScan() {
        final Area site = injection.deliverySite() != null ? injection.deliverySite() : depot(destination());
        final Party receiver = injection.receiver() != null ? injection.receiver() : consignee();
        List<String> packs = cast.serials();
        if (injection.extraPack() != null) {
            packs = new ArrayList<>(packs);
            packs.add(injection.extraPack());
        }
        return custodyEvent("receiving", "receiving", "in_progress", timing.delivery(), timing.deliveryRecordDelay(),
                destination(), site, packs, receiver, deliveredBy(), receiver, cast.lot(), cast.expiry().toString());
    }

    private CustodyEvent extraScan(final Injection.ExtraScan scan) {
        final List<String> pack = List.of(scan.sgtin());
        return switch (scan.kind()) {
            case CLONE_AT_PICKUP -> {
                final CustodyEvent pickup = pickupScan();
                yield custodyEvent("shipping-clone", "shipping", "in_transit", scan.time(),
                        timing.pickupRecordDelay(), origin(), depot(origin()), pack, pickup.getCustodian(), shipper(),
                        pickup.getDestinationParty(), scan.lot(), scan.expiryDate());
            }
            case CLONE_AT_DELIVERY -> custodyEvent("receiving-clone", "receiving", "in_progress", scan.time(),
                    timing.deliveryRecordDelay(), destination(), depot(destination()), pack, consignee(),
                    deliveredBy(), consignee(), scan.lot(), scan.expiryDate());
            case DISPENSING -> custodyEvent("dispensing", "dispensing", "dispensed", scan.time(),
                    timing.deliveryRecordDelay(), destination(), depot(destination()), pack, consignee(), null, null,
                    scan.lot(), scan.expiryDate());
            case REUSE -> custodyEvent("receiving-reuse", "receiving", "in_progress", scan.time(),
                    timing.deliveryRecordDelay(), destination(), depot(destination()), pack, consignee(),
                    deliveredBy(), consignee(), scan.lot(), scan.expiryDate());
        };
    }

    /**
     * The logger's reading at {@code time}, given one standard-normal draw for sensor noise. The reading is
     * stamped by the logger's clock, which may be off ({@link Connectivity#loggerSkewMillis()}).
     */
    public TemperatureReading reading(final long time, final double standardNormal) {
        // Constructors rather than builders on the hot path: builders validate and copy defaults per record.
        return new TemperatureReading(cast.loggerId(), cast.shipmentId(), time + connectivity.loggerSkewMillis(),
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
        return fix(time, accuracyMeters, northNormal, eastNormal, speedNoiseKmh, null);
    }

    /** As {@link #fix(long, double, double, double, double)}, the position replaced by {@code outlier} if given. */
    LocationFix fix(final long time, final double accuracyMeters, final double northNormal, final double eastNormal,
                    final double speedNoiseKmh, final Injection.GpsOutlier outlier) {
        final double sigma = accuracyMeters / Math.sqrt(2);
        final LatLon truth = movement.positionAt(time);
        LatLon p = Geo.offset(truth, sigma * northNormal, sigma * eastNormal);
        for (final Injection.GpsOutlier injected : injection.outliers()) {
            if (injected.time() == time) {
                p = Geo.destination(truth, injected.bearingDegrees(), injected.meters());
            }
        }
        if (outlier != null) {
            p = Geo.destination(truth, outlier.bearingDegrees(), outlier.meters());
        }
        final double speed = movement.speedKmhAt(time);
        final double reportedSpeed = speed == 0 ? 0 : Math.max(0, speed + speedNoiseKmh);
        return new LocationFix(cast.trackerId(), cast.shipmentId(), time, round(p.lat(), 6), round(p.lon(), 6),
                round(accuracyMeters, 1), round(reportedSpeed, 1),
                battery(timing.trackerBattery(), TRACKER_DRAIN_PERCENT_PER_HOUR, time));
    }

    /**
     * @param idKey names the scan within the shipment, for its deterministic event id
     * @param city  the city whose time zone the scan is in
     * @param site  the business location
     */
    private CustodyEvent custodyEvent(final String idKey, final String bizStep, final String disposition,
                                      final long time, final long recordDelay, final City city, final Area site,
                                      final List<String> packs, final Party custodian, final Party source,
                                      final Party destination, final String lot, final String expiry) {
        final String id = UUID.nameUUIDFromBytes((eventIdSeed + '/' + cast.shipmentId() + '/' + idKey)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:" + id)
                .setEventTime(time)
                .setEventTimeZoneOffset(city.offsetAt(Instant.ofEpochMilli(time)))
                .setRecordTime(time + recordDelay)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep(bizStep)
                .setDisposition(disposition)
                .setEpcList(packs)
                .setReadPoint(site.getGln())
                .setBizLocation(site)
                .setCustodian(custodian)
                .setSourceParty(source)
                .setDestinationParty(destination)
                .setShipmentId(cast.shipmentId())
                .setLot(lot)
                .setExpiryDate(expiry)
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
