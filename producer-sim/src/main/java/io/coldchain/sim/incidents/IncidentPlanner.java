package io.coldchain.sim.incidents;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.sim.model.City;
import io.coldchain.sim.model.Geo;
import io.coldchain.sim.model.Gs1;
import io.coldchain.sim.model.HubStop;
import io.coldchain.sim.model.LatLon;
import io.coldchain.sim.model.LoggerSchedule;
import io.coldchain.sim.model.Movement;
import io.coldchain.sim.model.ShipmentScenario;
import io.coldchain.sim.model.TemperatureEffect;
import io.coldchain.sim.model.Trajectory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * Sizes and places one incident or confounder in a shipment. Every incident is sized well beyond the
 * detectors' default thresholds and every confounder well within them, whatever the reading and fix
 * intervals; the numbers and the thresholds they are measured against are in {@code docs/SCORECARD.md}.
 * A shipment whose drive is too short for the incident gets none (returns {@link Injection#none}).
 *
 * <p>Draws only from the generator it is given, in a fixed order, so the same shipment gets the same
 * incident whatever else is simulated.
 */
public final class IncidentPlanner {

    static final long MINUTE = 60_000L;
    /** Nothing happens this soon after departure: the logger's acclimatisation (10 min) and the origin area. */
    static final long SETTLE_AFTER_DEPARTURE = 20 * MINUTE;
    /** Silence must start this long before delivery: 60 min to raise SENSOR_SILENT, the grace, margin. */
    static final long SILENCE_BEFORE_DELIVERY = 85 * MINUTE;
    /** Incidents and confounders of the road: a flight gets none of them. */
    static final Set<IncidentType> ROAD_ONLY = EnumSet.of(IncidentType.DETOUR, IncidentType.THEFT_STOP,
            IncidentType.WRONG_DESTINATION, IncidentType.TRAFFIC_STOP, IncidentType.GPS_OUTLIER);
    /** Serial of the pack no plan declares: pack numbers within a shipment stay below 21. */
    public static final int UNKNOWN_PACK_NUMBER = 255;

    /**
     * What the planner knows of the shipment before anything is injected.
     *
     * @param pickup when the goods leave the origin depot and the devices start sampling; a flight takes off later
     * @param logger when the logger samples, from the pickup on
     */
    public record Base(int index, String shipmentId, ShipmentScenario.Cast cast, long pickup, Trajectory planned,
                long plannedDelivery, LoggerSchedule logger, long fixInterval, String unknownPack) {

        /** The longest time between two readings: what incidents are sized against. */
        long readingInterval() {
            return logger.maxInterval();
        }

        /** When the vehicle starts moving: the pickup for a truck, the take-off for a flight. */
        long departure() {
            return planned.departure();
        }

        boolean air() {
            return cast.leg().air();
        }

        long arrival() {
            return planned.arrival();
        }

        long unloading() {
            return plannedDelivery - planned.arrival();
        }
    }

    private final int shipments;
    private final IntFunction<ShipmentScenario> sourceScenario;

    /**
     * @param shipments      number of shipments in the simulation (a cloned serial comes from another one)
     * @param sourceScenario the scenario of shipment {@code k}, without resolving its own cloned serial's source
     */
    public IncidentPlanner(final int shipments, final IntFunction<ShipmentScenario> sourceScenario) {
        this.shipments = shipments;
        this.sourceScenario = sourceScenario;
    }

    /** The injection of {@code type} into {@code base}, or none if {@code type} is null or does not fit. */
    public Injection plan(final IncidentType type, final Base base, final RandomGenerator rng) {
        final Injection none = Injection.none(base.arrival(), base.plannedDelivery());
        if (type == null) {
            return none;
        }
        if (base.air() && ROAD_ONLY.contains(type)) {
            return none;
        }
        final Injection planned = switch (type) {
            case WARM_SPELL -> null; // placed by the factory with the legacy warm-spell draws
            case REEFER_FAILURE -> reeferFailure(base, rng);
            case DOOR_OPEN -> doorOpen(base, rng);
            case FREEZING -> freezing(base, rng);
            case SILENT_LOGGER -> silentLogger(base, rng);
            case DETOUR -> detour(base, rng);
            case THEFT_STOP -> theftStop(base, rng);
            case WRONG_DESTINATION -> wrongDestination(base, rng);
            case CLONED_SERIAL -> clonedSerial(base, rng);
            case REUSED_SERIAL -> reusedSerial(base, rng);
            case UNKNOWN_SERIAL -> unknownSerial(base);
            case UNEXPECTED_CUSTODIAN -> unexpectedCustodian(base);
            case GPS_OUTLIER -> gpsOutliers(base, rng);
            case SHORT_SPIKE -> shortSpike(base, rng);
            case TRAFFIC_STOP -> trafficStop(base, rng);
            case REDELIVERED_EVENTS -> redelivered(base);
            case LATE_WITHIN_GRACE -> lateWithinGrace(base, rng);
        };
        return planned == null ? none : planned;
    }

    // ---- temperature --------------------------------------------------------------------------------

    /** Warm-up towards 14..20 °C (time constant 15..30 min) from onset to delivery: out of 2..8 °C within ~15 min. */
    private Injection reeferFailure(final Base base, final RandomGenerator rng) {
        // Lasts until delivery: with a hub stop on the way, it starts after the stop.
        final long earliest = afterStop(base, base.departure() + SETTLE_AFTER_DEPARTURE);
        final long latest = base.arrival() - Math.max(60 * MINUTE, 25 * MINUTE + 2 * base.readingInterval());
        final double position = rng.nextDouble();
        final double plateau = rng.nextDouble(14, 20);
        final long tau = rng.nextLong(15 * MINUTE, 30 * MINUTE + 1);
        if (latest < earliest) {
            return null;
        }
        final long onset = earliest + (long) (position * (latest - earliest));
        final TemperatureEffect effect = new TemperatureEffect(TemperatureEffect.Kind.WARM_UP, onset, 0, plateau, tau,
                0);
        return temperature(base, IncidentType.REEFER_FAILURE, effect, onset, base.plannedDelivery());
    }

    /**
     * The door stays open 15..25 min (longer with long reading intervals): readings climb towards 17..24 °C
     * (time constant 4 min), so several of them lie above 8 °C and at least one at or above 15 °C; then 8 min
     * recovery.
     */
    private Injection doorOpen(final Base base, final RandomGenerator rng) {
        final long hold = Math.max(15 * MINUTE, base.readingInterval() + 10 * MINUTE)
                + rng.nextLong(0, 10 * MINUTE + 1);
        final double ambient = rng.nextDouble(17, 24);
        final double position = rng.nextDouble();
        return excursion(base, IncidentType.DOOR_OPEN, hold, ambient, 4 * MINUTE, 8 * MINUTE, position);
    }

    /** Over-cooling towards -4..-1.5 °C (time constant 6 min) for 30..50 min: readings at or below 0 °C. */
    private Injection freezing(final Base base, final RandomGenerator rng) {
        final long hold = Math.max(30 * MINUTE, base.readingInterval() + 20 * MINUTE)
                + rng.nextLong(0, 20 * MINUTE + 1);
        final double coil = rng.nextDouble(-4, -1.5);
        final double position = rng.nextDouble();
        return excursion(base, IncidentType.FREEZING, hold, coil, 6 * MINUTE, 10 * MINUTE, position);
    }

    private Injection excursion(final Base base, final IncidentType type, final long hold, final double target,
                                final long rise, final long recover, final double position) {
        final TemperatureEffect shape = new TemperatureEffect(TemperatureEffect.Kind.EXCURSION, 0, hold, target, rise,
                recover);
        final long span = shape.end();
        final long earliest = base.departure() + SETTLE_AFTER_DEPARTURE;
        final long latest = base.arrival() - span - 20 * MINUTE;
        if (latest < earliest) {
            return null;
        }
        final long start = HubStop.place(base.planned(), earliest, latest, position, span);
        if (start == Long.MIN_VALUE) {
            return null;
        }
        final TemperatureEffect effect = new TemperatureEffect(TemperatureEffect.Kind.EXCURSION, start, hold, target,
                rise, recover);
        return temperature(base, type, effect, start, effect.end());
    }

    /** The logger stops for good, at least 85 min before delivery. */
    private Injection silentLogger(final Base base, final RandomGenerator rng) {
        final long earliest = afterStop(base, base.departure() + SETTLE_AFTER_DEPARTURE);
        final long latest = base.plannedDelivery() - SILENCE_BEFORE_DELIVERY;
        final double position = rng.nextDouble();
        if (latest < earliest) {
            return null;
        }
        final long from = earliest + (long) (position * (latest - earliest));
        final IncidentLabel label = IncidentLabel.of(IncidentType.SILENT_LOGGER, base.shipmentId(), null, from,
                base.plannedDelivery(), null);
        return new Injection(label, null, null, null, base.arrival(), base.plannedDelivery(), from, List.of(), null,
                null, null, List.of(), false, null, null);
    }

    /** Warm air at loading: the first readings start at 10..13 °C and fade to normal within 8 min. */
    private Injection shortSpike(final Base base, final RandomGenerator rng) {
        final double warm = rng.nextDouble(10, 13);
        final long start = base.pickup();
        final TemperatureEffect effect = new TemperatureEffect(TemperatureEffect.Kind.FADE, start, 8 * MINUTE, warm, 0,
                0);
        if (!HubStop.clear(base.planned(), start, effect.end())) {
            return null;
        }
        return temperature(base, IncidentType.SHORT_SPIKE, effect, start, effect.end());
    }

    private static Injection temperature(final Base base, final IncidentType type, final TemperatureEffect effect,
                                         final long start, final long end) {
        final IncidentLabel label = IncidentLabel.of(type, base.shipmentId(), null, start, end, null);
        return new Injection(label, effect, null, null, base.arrival(), base.plannedDelivery(), Long.MAX_VALUE,
                List.of(), null, null, null, List.of(), false, null, null);
    }

    // ---- route --------------------------------------------------------------------------------------

    /**
     * A detour of 30..50 min (at least 8 fixes' worth) reaching 8..18 km from the route, outside the 2 km
     * corridor for two thirds of it; a third of its duration is lost.
     */
    private Injection detour(final Base base, final RandomGenerator rng) {
        final long duration = Math.max(30 * MINUTE, 8 * base.fixInterval()) + rng.nextLong(0, 20 * MINUTE + 1);
        final double maxKm = Math.max(8, Math.min(18, 0.3 * duration / MINUTE));
        final double lateral = rng.nextDouble(8, Math.nextUp(maxKm)) * 1000 * (rng.nextBoolean() ? 1 : -1);
        final double position = rng.nextDouble();
        final long earliest = base.departure() + SETTLE_AFTER_DEPARTURE;
        final long latest = base.arrival() - duration - 30 * MINUTE;
        if (latest < earliest) {
            return null;
        }
        final long start = HubStop.place(base.planned(), earliest, latest, position, duration);
        if (start == Long.MIN_VALUE) {
            return null;
        }
        final Movement.Excursion excursion = new Movement.Excursion(start, duration, duration / 3, lateral, 0, true);
        return route(base, IncidentType.DETOUR, excursion, start, excursion.end());
    }

    /**
     * The truck drives 4..8 km off the route at 45 km/h and stands there 25..45 min (longer with sparse fixes,
     * never an hour: that would look like a delivery), then drives back.
     */
    private Injection theftStop(final Base base, final RandomGenerator rng) {
        final double lateral = rng.nextDouble(4, 8) * 1000 * (rng.nextBoolean() ? 1 : -1);
        final long ramp = Math.round(Math.abs(lateral) / 1000 / 45 * 3_600_000);
        final long stop = Math.min(55 * MINUTE,
                Math.max(25 * MINUTE, 3 * base.fixInterval() + 10 * MINUTE) + rng.nextLong(0, 20 * MINUTE + 1));
        final double position = rng.nextDouble();
        final long duration = 2 * ramp + stop;
        final long earliest = base.departure() + SETTLE_AFTER_DEPARTURE;
        final long latest = base.arrival() - 40 * MINUTE;
        if (latest < earliest) {
            return null;
        }
        final long start = HubStop.place(base.planned(), earliest, latest, position, duration);
        if (start == Long.MIN_VALUE) {
            return null;
        }
        final Movement.Excursion excursion = new Movement.Excursion(start, duration, duration, lateral, ramp, false);
        return route(base, IncidentType.THEFT_STOP, excursion, start, excursion.end());
    }

    /** A 5..15 min stop in traffic, on the route: unscheduled stops on the route count from 30 min. */
    private Injection trafficStop(final Base base, final RandomGenerator rng) {
        final long stop = rng.nextLong(5 * MINUTE, 15 * MINUTE + 1);
        final double position = rng.nextDouble();
        final long earliest = base.departure() + SETTLE_AFTER_DEPARTURE;
        final long latest = base.arrival() - 40 * MINUTE;
        if (latest < earliest) {
            return null;
        }
        final long start = HubStop.place(base.planned(), earliest, latest, position, stop);
        if (start == Long.MIN_VALUE) {
            return null;
        }
        final Movement.Excursion excursion = new Movement.Excursion(start, stop, stop, 0, 0, false);
        return route(base, IncidentType.TRAFFIC_STOP, excursion, start, excursion.end());
    }

    private static Injection route(final Base base, final IncidentType type, final Movement.Excursion excursion,
                                   final long start, final long end) {
        final long arrival = base.arrival() + excursion.lostMillis();
        final IncidentLabel label = IncidentLabel.of(type, base.shipmentId(), null, start, end, null);
        return new Injection(label, null, excursion, null, arrival, arrival + base.unloading(), Long.MAX_VALUE,
                List.of(), null, null, null, List.of(), false, null, null);
    }

    /**
     * 25..50 km before the destination the truck turns off to a site 15..35 km to the side of it, stands
     * there 3..7 min and the consignee's scanner records the receipt there: the custody scan is outside the
     * destination.
     */
    private Injection wrongDestination(final Base base, final RandomGenerator rng) {
        final Trajectory planned = base.planned();
        final double beforeKm = rng.nextDouble(25, 50);
        final double sideKm = rng.nextDouble(15, 35);
        final double side = rng.nextBoolean() ? 90 : -90;
        final double skew = rng.nextDouble(-30, 30);
        final long stay = rng.nextLong(3 * MINUTE, 7 * MINUTE + 1);
        final double fraction = 1 - beforeKm * 1000 / planned.distanceMeters();
        if (fraction <= 0.1) {
            return null;
        }
        final long leave = planned.timeAtProgress(fraction);
        if (leave < base.departure() + SETTLE_AFTER_DEPARTURE || !HubStop.clear(planned, leave, Long.MAX_VALUE / 2)) {
            return null;
        }
        final LatLon from = planned.positionAt(leave);
        final LatLon destination = planned.to();
        final double finalHeading = Geo.bearingDegrees(Geo.interpolate(planned.legFrom(leave), destination, 0.98),
                destination);
        final LatLon site = Geo.destination(destination, finalHeading + side + skew, sideKm * 1000);
        final long travel = Math.round(Geo.distanceMeters(from, site) / 1000 / planned.meanSpeedKmh() * 3_600_000);
        final long arrival = leave + travel;
        final long delivery = arrival + stay;
        final City city = base.cast().leg().to();
        final Area area = new Area("Unregistered site near " + city.name(),
                Gs1.withCheckDigit(city.depotGln().substring(0, 3) + "4243" + fiveDigits(base.index())),
                new GeoPoint(site.lat(), site.lon()), 200.0);
        final IncidentLabel label = IncidentLabel.of(IncidentType.WRONG_DESTINATION, base.shipmentId(), null, leave,
                delivery, null);
        return new Injection(label, null, null, new Movement.Diversion(leave, from, site, travel), arrival, delivery,
                Long.MAX_VALUE, List.of(), area, null, null, List.of(), false, null, null);
    }

    /** One to three single fixes 0.3..25 km off (log-uniform), at least 10 fixes apart, away from both ends. */
    private Injection gpsOutliers(final Base base, final RandomGenerator rng) {
        final int wanted = 1 + rng.nextInt(3);
        final long first = base.departure() + 10 * MINUTE;
        final long last = base.arrival() - 10 * MINUTE;
        final long interval = base.fixInterval();
        final long firstFix = Math.floorDiv(first - base.pickup() + interval - 1, interval);
        final long lastFix = Math.floorDiv(last - base.pickup(), interval);
        final long slice = (lastFix - firstFix + 1) / wanted;
        final List<Injection.GpsOutlier> outliers = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            final long offset = slice > 10 ? rng.nextLong(0, slice - 10) : 0;
            final double meters = Math.exp(rng.nextDouble(Math.log(300), Math.log(25_000)));
            final double bearing = rng.nextDouble(0, 360);
            final long time = base.pickup() + (firstFix + i * slice + offset) * interval;
            if (slice > 10 && HubStop.clear(base.planned(), time, time)) {
                outliers.add(new Injection.GpsOutlier(time, meters, bearing));
            }
        }
        if (outliers.isEmpty()) {
            return null;
        }
        final IncidentLabel label = IncidentLabel.of(IncidentType.GPS_OUTLIER, base.shipmentId(), null,
                outliers.get(0).time(), outliers.get(outliers.size() - 1).time(), null);
        return new Injection(label, null, null, null, base.arrival(), base.plannedDelivery(), Long.MAX_VALUE, outliers,
                null, null, null, List.of(), false, null, null);
    }

    // ---- custody and serials -------------------------------------------------------------------------

    /**
     * A counterfeit pack carrying the first serial of a neighbouring shipment (in transit at the same time,
     * usually far away) is scanned 1..3 min after this shipment's pickup, with the genuine pack's lot and
     * expiry, and again 1..3 min after its delivery.
     */
    private Injection clonedSerial(final Base base, final RandomGenerator rng) {
        final long atPickup = base.pickup() + rng.nextLong(60_000, 180_001);
        final long atDelivery = base.plannedDelivery() + rng.nextLong(60_000, 180_001);
        final int sourceIndex = base.index() > 1 ? base.index() - 1 : 2;
        if (sourceIndex > shipments) {
            return null;
        }
        final ShipmentScenario source = sourceScenario.apply(sourceIndex);
        final String sgtin = source.serials().get(0);
        final String lot = source.lot();
        final String expiry = source.expiry().toString();
        // The genuine pack is last seen at its consignee's receiving, or its storing scan after that.
        final IncidentLabel label = IncidentLabel.of(IncidentType.CLONED_SERIAL, base.shipmentId(), sgtin, atPickup,
                Math.max(atDelivery, source.lastPlannedScanTime()), source.shipmentId());
        return custody(base, label, null, null, List.of(
                new Injection.ExtraScan(Injection.ExtraScan.Kind.CLONE_AT_PICKUP, atPickup, sgtin, lot, expiry),
                new Injection.ExtraScan(Injection.ExtraScan.Kind.CLONE_AT_DELIVERY, atDelivery, sgtin, lot, expiry)));
    }

    /** The last pack is dispensed 15..45 min after delivery and received again 30..90 min after that. */
    private Injection reusedSerial(final Base base, final RandomGenerator rng) {
        final long dispensed = base.plannedDelivery() + rng.nextLong(15 * MINUTE, 45 * MINUTE + 1);
        final long reused = dispensed + rng.nextLong(30 * MINUTE, 90 * MINUTE + 1);
        final List<String> serials = base.cast().serials();
        final String sgtin = serials.get(serials.size() - 1);
        final String lot = base.cast().lot();
        final String expiry = base.cast().expiry().toString();
        final IncidentLabel label = IncidentLabel.of(IncidentType.REUSED_SERIAL, base.shipmentId(), sgtin, reused,
                reused, null);
        return custody(base, label, null, null, List.of(
                new Injection.ExtraScan(Injection.ExtraScan.Kind.DISPENSING, dispensed, sgtin, lot, expiry),
                new Injection.ExtraScan(Injection.ExtraScan.Kind.REUSE, reused, sgtin, lot, expiry)));
    }

    /** The delivery scan reads one more pack, with a serial no plan lists. */
    private Injection unknownSerial(final Base base) {
        final IncidentLabel label = IncidentLabel.of(IncidentType.UNKNOWN_SERIAL, base.shipmentId(), base.unknownPack(),
                base.plannedDelivery(), base.plannedDelivery(), null);
        return custody(base, label, null, base.unknownPack(), List.of());
    }

    /** A trading company the plan does not list receives the goods at the destination depot. */
    private Injection unexpectedCustodian(final Base base) {
        final City city = base.cast().leg().to();
        final Party receiver = new Party(Gs1.withCheckDigit(city.depotGln().substring(0, 3) + "4244"
                + fiveDigits(base.index())), city.name() + " Pharma Trading");
        final IncidentLabel label = IncidentLabel.of(IncidentType.UNEXPECTED_CUSTODIAN, base.shipmentId(), null,
                base.plannedDelivery(), base.plannedDelivery(), null);
        return custody(base, label, receiver, null, List.of());
    }

    private static Injection custody(final Base base, final IncidentLabel label, final Party receiver,
                                     final String extraPack, final List<Injection.ExtraScan> scans) {
        return new Injection(label, null, null, null, base.arrival(), base.plannedDelivery(), Long.MAX_VALUE,
                List.of(), null, receiver, extraPack, scans, false, null, null);
    }

    // ---- delivery to the broker -------------------------------------------------------------------------

    /** The custody scans and about 5 % of the readings and fixes reach the broker twice. */
    private static Injection redelivered(final Base base) {
        final IncidentLabel label = IncidentLabel.of(IncidentType.REDELIVERED_EVENTS, base.shipmentId(), null,
                base.pickup(), base.plannedDelivery(), null);
        return new Injection(label, null, null, null, base.arrival(), base.plannedDelivery(), Long.MAX_VALUE,
                List.of(), null, null, null, List.of(), true, null, null);
    }

    /**
     * The logger's readings from one reading on reach the broker together 2..3 min later (temperature grace:
     * 5 min); one fix reaches it 40..60 s late (route grace: 2 min).
     */
    private static Injection lateWithinGrace(final Base base, final RandomGenerator rng) {
        final long readingDelay = rng.nextLong(2 * MINUTE, 3 * MINUTE + 1);
        final long fixDelay = rng.nextLong(40_000, 60_001);
        final double readingPosition = rng.nextDouble();
        final double fixPosition = rng.nextDouble();
        final long earliest = base.departure() + SETTLE_AFTER_DEPARTURE;
        final long latest = base.arrival() - 30 * MINUTE;
        if (latest < earliest) {
            return null;
        }
        final long reading = base.logger().firstAtOrAfter(base.pickup(),
                earliest + (long) (readingPosition * (latest - earliest)));
        final long fix = alignTo(base.pickup(), base.fixInterval(),
                earliest + (long) (fixPosition * (latest - earliest)));
        final Injection.Window logger = new Injection.Window(reading, reading + readingDelay);
        final Injection.Window tracker = new Injection.Window(fix, fix + fixDelay);
        if (!HubStop.clear(base.planned(), Math.min(logger.from(), tracker.from()),
                Math.max(logger.to(), tracker.to()))) {
            return null;
        }
        final IncidentLabel label = IncidentLabel.of(IncidentType.LATE_WITHIN_GRACE, base.shipmentId(), null,
                Math.min(logger.from(), tracker.from()), Math.max(logger.to(), tracker.to()), null);
        return new Injection(label, null, null, null, base.arrival(), base.plannedDelivery(), Long.MAX_VALUE,
                List.of(), null, null, null, List.of(), false, logger, tracker);
    }

    /** {@code earliest}, or later if needed to start clear after the trajectory's stop (if it has one). */
    private static long afterStop(final Base base, final long earliest) {
        final Trajectory planned = base.planned();
        return planned.hasStop() ? Math.max(earliest, planned.stopDeparture() + HubStop.CLEARANCE) : earliest;
    }

    /** The first sample of a device sampling every {@code interval} from {@code origin} at or after {@code time}. */
    static long alignTo(final long origin, final long interval, final long time) {
        return origin + Math.floorDiv(time - origin + interval - 1, interval) * interval;
    }

    private static String fiveDigits(final int index) {
        return String.format("%05d", index % 100_000);
    }
}
