package io.coldchain.sim.model;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.incidents.IncidentPlanner;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.incidents.Injection;
import io.coldchain.sim.network.NetworkShaper;
import io.coldchain.sim.network.Realism;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Decides each shipment of a simulation from the seed. Shipment {@code k} draws from its own generator,
 * seeded with the k-th output of SplitMix64 started at the simulation seed, so it is the same whatever
 * the number of shipments, and {@link #scenario(int)} can be called in any order.
 *
 * <p>The shipment itself (route, product, timing, reefer) comes from that generator exactly as it did before
 * incidents existed; the incident or confounder, the logger's drift and the network's imperfections come from
 * two further generators derived from the same seed, so turning them on changes nothing else; so do whether the
 * shipment flies, whether it makes a hub stop ({@link HubStop}) and how it is recorded ({@link Conventions}:
 * drawn in full for every shipment, whatever the shares, so one share never moves another). A cloned serial
 * is copied from the neighbouring shipment (k - 1, or 2 for the first), the only way one shipment depends on
 * another.
 */
public final class ShipmentFactory {

    /** Speed the planner assumes to set the planned arrival, km/h. */
    public static final double PLANNING_SPEED_KMH = 70;
    /** Handling buffer the planner adds to the driving time. */
    public static final long PLANNING_BUFFER_MILLIS = 10 * 60_000L;
    /** Range of the truck's mean speed, km/h; faster than planned so plain shipments arrive on time. */
    public static final double MIN_SPEED_KMH = 72;
    public static final double MAX_SPEED_KMH = 88;
    /** Cruise speed of a flight, km/h, and the speed the planner assumes for one. */
    public static final double MIN_AIR_SPEED_KMH = 750;
    public static final double MAX_AIR_SPEED_KMH = 850;
    public static final double AIR_PLANNING_SPEED_KMH = 700;
    /** Time between pickup and take-off (to the airport, screening, loading), and the planner's allowance for it. */
    public static final long MIN_AIR_HANDLING_MILLIS = 90 * 60_000L;
    public static final long MAX_AIR_HANDLING_MILLIS = 150 * 60_000L;
    /** Shortest warm spell: long enough for consecutive-time rules to trip. */
    public static final long MIN_WARM_SPELL_MILLIS = 40 * 60_000L;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final String ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base 32
    private static final long MINUTE = 60_000L;

    /** Keys that derive a shipment's incident and network generators from its seed ("incident", "network"). */
    private static final long INCIDENT_KEY = 0x696E636964656E74L;
    private static final long NETWORK_KEY = 0x6E6574776F726BL;
    private static final long AIR_KEY = 0x616972L;
    /** Key of the generator that decides a road shipment's hub stop ("hub"). */
    private static final long HUB_KEY = 0x687562L;
    /** Key of the generator that decides how a shipment is recorded, its {@link Conventions} ("habits"). */
    private static final long HABITS_KEY = 0x686162697473L;
    /** Largest logger drift, °C per hour either way. */
    private static final double MAX_DRIFT_CELSIUS_PER_HOUR = 0.03;
    /** Connectivity gaps keep clear of the first 15 min and the last 30 min of the trip, and of incidents by 15 min. */
    private static final long GAP_CLEARANCE = 15 * MINUTE;
    /** Readings may be missing for at most this long before the streams application reports missing data (30 min). */
    private static final long LONGEST_READING_GAP = 28 * MINUTE;

    private final SimulationSettings settings;
    private final List<Hubs.Leg> legs = Hubs.roadLegs();
    private final List<Hubs.Leg> airLegs = Hubs.airLegs();
    private final double warmPhase;
    private final long serialKey;
    private final int deviceKey;
    private final String eventIdSeed;
    private final IncidentPlanner planner;

    public ShipmentFactory(final SimulationSettings settings) {
        this.settings = settings;
        final SplittableRandom keys = new SplittableRandom(mix64(settings.seed() ^ 0x636F6C64L));
        this.warmPhase = keys.nextDouble();
        this.serialKey = keys.nextLong();
        this.deviceKey = keys.nextInt();
        this.eventIdSeed = "coldchain-sim/" + settings.seed() + '/' + settings.start().toEpochMilli();
        this.planner = new IncidentPlanner(settings.shipments(), k -> scenario(k, false));
    }

    /** The id of shipment {@code index} (1-based): SHP-000001, SHP-000002, … */
    public static String shipmentId(final int index) {
        return String.format("SHP-%06d", index);
    }

    /**
     * Whether shipment {@code index} runs warm. The choice is low-discrepancy rather than random: among any
     * {@code n} consecutive shipments, floor(n·f) or ceil(n·f) run warm, so a demo of five shipments with
     * the default 0.25 always shows one or two.
     */
    public boolean isWarm(final int index) {
        final double f = settings.warmFraction();
        return Math.floor(index * f + warmPhase) > Math.floor((index - 1) * f + warmPhase);
    }

    /** Shipment {@code index} (1-based). */
    public ShipmentScenario scenario(final int index) {
        return scenario(index, true);
    }

    /**
     * @param withClone whether a cloned-serial incident is built; false when only the shipment's own packs and
     *                  timing are wanted (as the source of another shipment's clone), which a clone never changes
     */
    private ShipmentScenario scenario(final int index, final boolean withClone) {
        if (index < 1) {
            throw new IllegalArgumentException("shipment index is 1-based, got " + index);
        }
        final RandomGenerator rng = new SplittableRandom(shipmentSeed(settings.seed(), index));
        final long start = settings.start().toEpochMilli();
        final String shipmentId = shipmentId(index);

        // Whether the shipment flies comes from a generator of its own, so road shipments stay what they were.
        final RandomGenerator flight = new SplittableRandom(mix64(shipmentSeed(settings.seed(), index) ^ AIR_KEY));
        final boolean air = settings.airShare() > 0 && flight.nextDouble() < settings.airShare();
        final List<Hubs.Leg> choices = air ? airLegs : legs;
        final Hubs.Leg leg = choices.get(rng.nextInt(choices.size()));
        final List<Carrier> carriers = Hubs.carriersOn(leg.from().continent());
        final Carrier carrier = carriers.get(rng.nextInt(carriers.size()));
        final Medicine medicine = Medicine.CATALOGUE.get(rng.nextInt(Medicine.CATALOGUE.size()));
        final LocalDate startDate = LocalDate.ofInstant(settings.start(), ZoneOffset.UTC);
        final String lot = medicine.lotPrefix() + String.format("%02d", startDate.getYear() % 100)
                + randomId(rng, 4);
        final LocalDate expiry = YearMonth.from(startDate)
                .plusMonths(medicine.shelfLifeMonths() - rng.nextInt(0, 7)).atEndOfMonth();
        final int packs = rng.nextInt(5, 21);
        final List<String> serials = new ArrayList<>(packs);
        for (int pack = 0; pack < packs; pack++) {
            serials.add(Gs1.sgtin(medicine.gtin(), serial(index, pack)));
        }
        final float loggerBattery = (float) Math.round(rng.nextDouble(70, 100));
        final float trackerBattery = (float) Math.round(rng.nextDouble(60, 100));

        final long plannedDeparture = start + rng.nextInt(1, 16) * MINUTE;
        final long departure = plannedDeparture + rng.nextInt(0, 301) * 1000L;
        final double speedKmh = air ? rng.nextDouble(MIN_AIR_SPEED_KMH, MAX_AIR_SPEED_KMH)
                : rng.nextDouble(MIN_SPEED_KMH, MAX_SPEED_KMH);
        final long handling = air ? flight.nextLong(MIN_AIR_HANDLING_MILLIS, MAX_AIR_HANDLING_MILLIS + 1) : 0;
        final long takeOff = departure + handling;
        final long driveMillis = driveMillis(leg.distanceMeters(), speedKmh);
        final long directArrival = takeOff + driveMillis;
        final long unloading = rng.nextInt(120, 601) * 1000L;
        final long plannedDrive = air
                ? MAX_AIR_HANDLING_MILLIS + Math.round(leg.distanceMeters() / 1000 / AIR_PLANNING_SPEED_KMH * 3_600_000)
                : Math.round(leg.distanceMeters() / 1000 / PLANNING_SPEED_KMH * 3_600_000);
        final double wobble = rng.nextDouble(0.04, 0.10);
        final int extraCycles = rng.nextInt(0, 3);
        final long pickupRecordDelay = rng.nextInt(2, 46) * 1000L;
        final long deliveryRecordDelay = rng.nextInt(2, 46) * 1000L;

        final double baseline = rng.nextDouble(4.0, 6.0);
        final double swing = rng.nextDouble(0.3, 0.9);
        final long swingPeriod = rng.nextLong(20 * MINUTE, 45 * MINUTE);
        final double swingPhase = rng.nextDouble(0, 2 * Math.PI);
        final Draws draws = Draws.of(new SplittableRandom(mix64(shipmentSeed(settings.seed(), index) ^ HABITS_KEY)));
        final LoggerSchedule logger = logger(draws);
        // Drawn last, and only for warm shipments, so warmth changes nothing else about a shipment.
        final boolean warm = isWarm(index);
        final WarmSpell spell = warm ? warmSpell(rng, departure, directArrival, logger.maxInterval()) : null;

        final ShipmentScenario.Cast cast = new ShipmentScenario.Cast(shipmentId, index, leg, carrier, medicine, lot,
                expiry, List.copyOf(serials), "LOG-" + deviceId(index, 0), "TRK-" + deviceId(index, 1));
        final Trajectory direct = new Trajectory(leg.from().position(), leg.to().position(), takeOff, directArrival,
                wobble, cycles(driveMillis, extraCycles));
        final long directPlannedArrival = ceilToMinute(plannedDeparture + plannedDrive + PLANNING_BUFFER_MILLIS);

        // Whether and where a road shipment makes a hub stop comes from a generator of its own; a warm (legacy)
        // shipment makes none, and neither does one whose incident would not fit around the stop. Building is
        // pure, so the direct trip is built only when there is no stop or the stop lost the incident.
        final Route viaHub = air || warm ? null : hubRoute(index, leg, takeOff, speedKmh, wobble, extraCycles,
                plannedDeparture);
        final Built hubbed = viaHub == null ? null : build(index, withClone, cast, viaHub, start, plannedDeparture,
                departure, unloading, pickupRecordDelay, deliveryRecordDelay, loggerBattery, trackerBattery, baseline,
                swing, swingPeriod, swingPhase, null, draws, logger);
        if (hubbed != null && !hubbed.lostIncident()) {
            return hubbed.scenario();
        }
        final Built plain = build(index, withClone, cast, new Route(direct, null, directPlannedArrival), start,
                plannedDeparture, departure, unloading, pickupRecordDelay, deliveryRecordDelay, loggerBattery,
                trackerBattery, baseline, swing, swingPeriod, swingPhase, spell, draws, logger);
        return hubbed == null || !plain.lostIncident() ? plain.scenario() : hubbed.scenario();
    }

    /**
     * A shipment's draws for its {@link Conventions}, all made whatever the shares, in this order.
     *
     * @param carrier         below the silent carrier share: the carrier makes no scan
     * @param consigneeStores below the consignee storing share: the consignee records storing
     * @param storingDelay    the consignee's storing scan this long after receiving (5..14 min, before anything
     *                        an incident does at the consignee)
     * @param hubStoring      where in the hub's dwell it records storing (0.2..0.6)
     * @param planLead        the plan is issued this long before the planned departure (2..24 h)
     * @param revised         below the plan revision share: the plan is revised in transit
     * @param revisionAt      where in the drive the revision is issued (0.2..0.6)
     * @param revisionMargin  the revised planned arrival lies this long after the actual arrival (10..30 min)
     * @param tail            the devices report this long after the delivery scan (2..15 min)
     * @param loggerKind      which logger: below half the other-logger share every 10 min, below the share
     *                        irregular, else every reading interval
     * @param loggerSeed      seed of an irregular logger's intervals
     * @param batches         below the batch upload share: the logger uploads in batches
     * @param batchPeriod     how far apart its batches are (2..2.5 min)
     */
    private record Draws(double carrier, double consigneeStores, long storingDelay, double hubStoring, long planLead,
                         double revised, double revisionAt, long revisionMargin, long tail, double loggerKind,
                         long loggerSeed, double batches, long batchPeriod) {

        static Draws of(final RandomGenerator rng) {
            return new Draws(rng.nextDouble(), rng.nextDouble(), rng.nextLong(5 * 60, 14 * 60 + 1) * 1000,
                    rng.nextDouble(0.2, 0.6), rng.nextLong(2 * 3600, 24 * 3600 + 1) * 1000, rng.nextDouble(),
                    rng.nextDouble(0.2, 0.6), rng.nextLong(10 * 60, 30 * 60 + 1) * 1000,
                    rng.nextLong(2 * 60, 15 * 60 + 1) * 1000, rng.nextDouble(), rng.nextLong(), rng.nextDouble(),
                    rng.nextLong(120, 150 + 1) * 1000);
        }
    }

    /** Irregular loggers sample every 1..15 min, the others of the other-logger share every 10 min. */
    static final long IRREGULAR_MIN_MILLIS = MINUTE;
    static final long IRREGULAR_MAX_MILLIS = 15 * MINUTE;
    static final long FIXED_OTHER_MILLIS = 10 * MINUTE;

    private LoggerSchedule logger(final Draws draws) {
        final double share = settings.conventions().otherLoggerShare();
        if (draws.loggerKind() < share / 2) {
            return LoggerSchedule.every(FIXED_OTHER_MILLIS);
        }
        if (draws.loggerKind() < share) {
            return new LoggerSchedule(IRREGULAR_MIN_MILLIS, IRREGULAR_MAX_MILLIS, draws.loggerSeed());
        }
        return LoggerSchedule.every(settings.readingInterval().toMillis());
    }

    /** The shipment's habits, from its draws and what happens to it. */
    private ShipmentScenario.Habits habits(final Draws draws, final LoggerSchedule logger, final Movement movement,
                                           final long departure, final Injection injection) {
        final Conventions c = settings.conventions();
        final boolean revised = draws.revised() < c.planRevisionShare();
        final long arrival = injection.arrival();
        final long revisionAt = revised
                ? departure + (long) (draws.revisionAt() * (arrival - departure)) : ShipmentScenario.Habits.NEVER;
        final long hubStoringAt = c.hubStoring() && movement.planned().hasStop()
                ? movement.stopArrival() + (long) (draws.hubStoring() * (movement.stopDeparture()
                - movement.stopArrival())) : ShipmentScenario.Habits.NEVER;
        final long consigneeStoringAt = draws.consigneeStores() < c.consigneeStoringShare()
                ? injection.delivery() + draws.storingDelay() : ShipmentScenario.Habits.NEVER;
        return new ShipmentScenario.Habits(draws.carrier() >= c.silentCarrierShare(), c.planIssuedAt(), revisionAt,
                ceilToMinute(arrival + draws.revisionMargin()), c.republishDeliveredPlans(),
                c.republishDeliveredPlans() ? 0 : draws.tail(), hubStoringAt, consigneeStoringAt, logger,
                draws.batches() < c.batchUploadShare() ? draws.batchPeriod() : 0, c.duplicateReadingRate());
    }

    /** The planned trajectory, its hub stop (or null) and the planned arrival. */
    private record Route(Trajectory trajectory, HubStop hub, long plannedArrival) {
    }

    /** A scenario, and whether its incident was drawn but did not fit. */
    private record Built(ShipmentScenario scenario, boolean lostIncident) {
    }

    /**
     * The route through a hub on the way for a road shipment the hub share picks, or null. Draws from the
     * shipment's hub generator only: the share, the dwell, then the hub among the candidates.
     */
    private Route hubRoute(final int index, final Hubs.Leg leg, final long takeOff, final double speedKmh,
                           final double wobble, final int extraCycles, final long plannedDeparture) {
        if (!(settings.hubShare() > 0)) {
            return null;
        }
        final RandomGenerator hubs = new SplittableRandom(mix64(shipmentSeed(settings.seed(), index) ^ HUB_KEY));
        final boolean chosen = hubs.nextDouble() < settings.hubShare();
        final long dwell = hubs.nextLong(HubStop.MIN_DWELL_MILLIS / 1000, HubStop.MAX_DWELL_MILLIS / 1000 + 1) * 1000;
        if (!chosen) {
            return null;
        }
        final List<City> candidates = HubStop.candidates(leg.from(), leg.to());
        if (candidates.isEmpty()) {
            return null;
        }
        final HubStop hub = new HubStop(candidates.get(hubs.nextInt(candidates.size())));
        final LatLon via = hub.city().position();
        final double in = Geo.distanceMeters(leg.from().position(), via);
        final double out = Geo.distanceMeters(via, leg.to().position());
        final long driveIn = driveMillis(in, speedKmh);
        final long driveOut = driveMillis(out, speedKmh);
        final long hubArrival = takeOff + driveIn;
        final long hubDeparture = hubArrival + dwell;
        final Trajectory trajectory = Trajectory.viaStop(
                new Trajectory(leg.from().position(), via, takeOff, hubArrival, wobble, cycles(driveIn, extraCycles)),
                new Trajectory(via, leg.to().position(), hubDeparture, hubDeparture + driveOut, wobble,
                        cycles(driveOut, extraCycles)));
        final long plannedDrive = Math.round((in + out) / 1000 / PLANNING_SPEED_KMH * 3_600_000)
                + HubStop.PLANNED_DWELL_MILLIS;
        return new Route(trajectory, hub, ceilToMinute(plannedDeparture + plannedDrive + PLANNING_BUFFER_MILLIS));
    }

    private static long driveMillis(final double meters, final double speedKmh) {
        return Math.round(meters / 1000 / speedKmh * 3_600_000);
    }

    private static int cycles(final long driveMillis, final int extraCycles) {
        return (int) Math.max(1, driveMillis / 3_600_000) + extraCycles;
    }

    /** The rest of the shipment on {@code route}: incident, connectivity, timing and temperature. */
    private Built build(final int index, final boolean withClone, final ShipmentScenario.Cast cast, final Route route,
                        final long start, final long plannedDeparture, final long departure, final long unloading,
                        final long pickupRecordDelay, final long deliveryRecordDelay, final float loggerBattery,
                        final float trackerBattery, final double baseline, final double swing, final long swingPeriod,
                        final double swingPhase, final WarmSpell spell, final Draws draws,
                        final LoggerSchedule logger) {
        final String shipmentId = cast.shipmentId();
        final Medicine medicine = cast.medicine();
        final Trajectory planned = route.trajectory();
        final long arrival = planned.arrival();
        final long delivery = arrival + unloading;
        final long shipmentSeed = shipmentSeed(settings.seed(), index);
        final RandomGenerator incidents = new SplittableRandom(mix64(shipmentSeed ^ INCIDENT_KEY));
        final IncidentType type = spell != null ? IncidentType.WARM_SPELL
                : settings.incidents().choose(index, incidents);
        final double drift = incidents.nextDouble(-MAX_DRIFT_CELSIUS_PER_HOUR, MAX_DRIFT_CELSIUS_PER_HOUR);
        final Injection injection;
        if (spell != null) {
            injection = warmSpellInjection(shipmentId, spell, arrival, delivery);
        } else if (type == IncidentType.CLONED_SERIAL && !withClone) {
            injection = Injection.none(arrival, delivery);
        } else {
            injection = planner.plan(type, new IncidentPlanner.Base(index, shipmentId, cast, departure, planned,
                    delivery, logger, settings.fixInterval().toMillis(),
                    Gs1.sgtin(medicine.gtin(), serial(index, IncidentPlanner.UNKNOWN_PACK_NUMBER))), incidents);
        }
        final Movement movement = new Movement(planned, injection.excursion(), injection.diversion());
        final ShipmentScenario.Connectivity connectivity = connectivity(
                new SplittableRandom(mix64(shipmentSeed ^ NETWORK_KEY)), departure, arrival, injection.label(),
                movement, logger.maxInterval());
        final ShipmentScenario.Habits habits = habits(draws, logger, movement, departure, injection);

        final long planTime = habits.issuedAt() ? plannedDeparture - draws.planLead() : start;
        final ShipmentScenario.Timing timing = new ShipmentScenario.Timing(planTime, plannedDeparture,
                route.plannedArrival(), departure, injection.arrival(), injection.delivery(), pickupRecordDelay,
                deliveryRecordDelay, loggerBattery, trackerBattery);
        final TemperatureModel temperature = new TemperatureModel(baseline, swing, swingPeriod, swingPhase, spell)
                .with(drift, departure, injection.temperature());
        final ShipmentScenario scenario = new ShipmentScenario(cast, timing, movement, temperature, eventIdSeed,
                injection, connectivity, route.hub(), habits);
        final boolean lost = type != null && injection.label() == null
                && !(type == IncidentType.CLONED_SERIAL && !withClone);
        return new Built(scenario, lost);
    }

    /** The legacy warm spell as ground truth: from the start of the ramp to the end of the settling. */
    private static Injection warmSpellInjection(final String shipmentId, final WarmSpell spell, final long arrival,
                                                final long delivery) {
        final IncidentLabel label = IncidentLabel.of(IncidentType.WARM_SPELL, shipmentId, null,
                spell.start() - TemperatureModel.RAMP_MILLIS, spell.end() + TemperatureModel.SETTLE_MILLIS, null);
        return new Injection(label, null, null, null, arrival, delivery, Long.MAX_VALUE, List.of(), null, null, null,
                List.of(), false, null, null);
    }

    /**
     * The shipment's share of {@link Realism}: the logger's clock skew and, now and then, a connectivity gap
     * per device, placed clear of the injected incident so that no incident's evidence arrives too late.
     */
    private ShipmentScenario.Connectivity connectivity(final RandomGenerator rng, final long departure,
                                                       final long arrival, final IncidentLabel label,
                                                       final Movement movement, final long readingInterval) {
        final Realism realism = settings.realism();
        if (realism.isNone()) {
            return ShipmentScenario.Connectivity.PERFECT;
        }
        final long maxSkew = realism.loggerClockSkew().toMillis();
        final long skew = maxSkew == 0 ? 0 : rng.nextLong(-maxSkew, maxSkew + 1);
        final Injection.Window loggerGap = gap(rng, realism.lateBatchRate(), departure, arrival, label,
                Math.min(20 * MINUTE, LONGEST_READING_GAP - readingInterval), movement);
        final Injection.Window trackerGap = gap(rng, realism.lateBatchRate(), departure, arrival, label, 20 * MINUTE,
                movement);
        return new ShipmentScenario.Connectivity(skew, loggerGap, trackerGap);
    }

    private static Injection.Window gap(final RandomGenerator rng, final double rate, final long departure,
                                        final long arrival, final IncidentLabel label, final long longest,
                                        final Movement movement) {
        final boolean happens = rng.nextDouble() < rate;
        final long length = longest < 5 * MINUTE ? 0 : rng.nextLong(5 * MINUTE, longest + 1);
        final double position = rng.nextDouble();
        final long earliest = departure + GAP_CLEARANCE;
        final long latest = arrival - 30 * MINUTE - length;
        if (!happens || length == 0 || latest < earliest) {
            return null;
        }
        final long from = earliest + (long) (position * (latest - earliest));
        final Injection.Window window = new Injection.Window(from, from + length);
        if (label != null && window.overlaps(label.start() - GAP_CLEARANCE, label.end() + GAP_CLEARANCE)) {
            return null;
        }
        if (movement.planned().hasStop() && window.overlaps(movement.stopArrival() - HubStop.CLEARANCE,
                movement.stopDeparture() + HubStop.CLEARANCE)) {
            return null;
        }
        return window;
    }

    /**
     * A spell of 45..90 min, shortened to fit short drives but never below 40 min plus two reading
     * intervals (so at least 40 min of readings fall inside it). It starts 25 min or more after departure
     * and ends 20 min or more before arrival, so readings settle back into 2..8 °C before delivery; a drive
     * too short for that (only with long reading intervals) gets the spell as early as allowed.
     */
    private WarmSpell warmSpell(final RandomGenerator rng, final long departure, final long arrival,
                                final long readingInterval) {
        final long drawn = rng.nextLong(45 * MINUTE, 90 * MINUTE + 1);
        final double position = rng.nextDouble();
        final double peak = rng.nextDouble(10.5, 13.5);
        final long earliest = departure + TemperatureModel.RAMP_MILLIS + 15 * MINUTE;
        final long shortest = MIN_WARM_SPELL_MILLIS + 2 * readingInterval;
        final long room = arrival - TemperatureModel.SETTLE_MILLIS - earliest;
        final long length = Math.max(shortest, Math.min(drawn, room));
        final long latest = arrival - TemperatureModel.SETTLE_MILLIS - length;
        final long begin = latest > earliest ? earliest + (long) (position * (latest - earliest)) : earliest;
        return new WarmSpell(begin, begin + length, peak);
    }

    /** The plan of shipment {@code index} (1-based). */
    public ShipmentPlan plan(final int index) {
        return scenario(index).plan();
    }

    /** The events of shipment {@code index}, lazily, in the order they reach the broker. */
    public ShipmentEvents run(final int index) {
        final long noiseSeed = mix64(shipmentSeed(settings.seed(), index) ^ 0x6E6F697365L);
        final ShipmentScenario scenario = scenario(index);
        final ShipmentRun run = new ShipmentRun(scenario, settings, noiseSeed);
        return NetworkShaper.shape(run, scenario, settings.realism(), mix64(noiseSeed ^ NETWORK_KEY));
    }

    /** The seed of shipment {@code index}: output number {@code index} of SplitMix64 seeded with {@code seed}. */
    static long shipmentSeed(final long seed, final int index) {
        return mix64(seed + GOLDEN_GAMMA * index);
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values that scatters neighbouring inputs. */
    static long mix64(final long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Pack serial: 13 base-32 characters of a keyed bijection of (shipment, pack), so serials look random,
     * as EU FMD wants, yet never repeat within a simulation.
     */
    private String serial(final int index, final int pack) {
        return encode(mix64((((long) index) << 8 | pack) ^ serialKey), 13);
    }

    /** Device id: 7 base-32 characters of a keyed bijection of (shipment, device), unique per simulation. */
    private String deviceId(final int index, final int device) {
        // 31 bits of shipment index and one bit of device kind, mixed by murmur3's bijective finaliser.
        int h = (index << 1 | device) ^ deviceKey;
        h = (h ^ (h >>> 16)) * 0x85EBCA6B;
        h = (h ^ (h >>> 13)) * 0xC2B2AE35;
        h ^= h >>> 16;
        return encode(h & 0xFFFF_FFFFL, 7);
    }

    private static String randomId(final RandomGenerator rng, final int length) {
        final StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ID_ALPHABET.charAt(rng.nextInt(ID_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String encode(final long value, final int length) {
        final char[] chars = new char[length];
        long v = value;
        for (int i = length - 1; i >= 0; i--) {
            chars[i] = ID_ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(chars);
    }

    private static long ceilToMinute(final long millis) {
        return Math.floorDiv(millis + MINUTE - 1, MINUTE) * MINUTE;
    }
}
