package io.coldchain.sim;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The events of one shipment in the order they happen, each arriving at the broker the moment it happens:
 * the plan at the simulation start, the pickup scan at departure, then readings every reading interval and
 * fixes every fix interval until the delivery scan, and whatever custody scans an incident adds. At equal
 * times the order is pickup, reading, fix, delivery. After the delivery scan the plan is republished with
 * status DELIVERED, as a transport management system does: the logger stops reporting then, and a plan
 * still in transit would make that look like tampering. A silent logger stops earlier.
 *
 * <p>Readings and fixes draw noise from separate generators, so changing the fix interval leaves the
 * temperatures alone; rare GPS outliers ({@link Realism#gpsOutlierRate()}) draw from a third one.
 */
final class ShipmentRun implements ShipmentEvents {

    private static final int RANK_READING = 1;
    private static final int RANK_FIX = 2;
    private static final int RANK_DELIVERED_PLAN = 4;
    private static final long OUTLIER_CLEARANCE_MILLIS = 5 * 60_000L;

    /** A plan or custody scan at a fixed time. */
    private record Discrete(SimEvent event, long time, int rank) {
    }

    private final ShipmentScenario scenario;
    private final long readingInterval;
    private final long fixInterval;
    private final long readingsEnd;
    private final SplittableRandom temperatureNoise;
    private final SplittableRandom gpsNoise;
    private final SplittableRandom outliers;
    private final double outlierRate;
    private final List<Discrete> discrete;
    private int nextDiscrete;
    private long nextReading;
    private long nextFix;
    private boolean lastFixWasOutlier;

    ShipmentRun(final ShipmentScenario scenario, final SimulationSettings settings, final long noiseSeed) {
        this.scenario = scenario;
        this.readingInterval = settings.readingInterval().toMillis();
        this.fixInterval = settings.fixInterval().toMillis();
        this.readingsEnd = Math.min(scenario.delivery(), scenario.loggerSilentFrom() - 1);
        final SplittableRandom noise = new SplittableRandom(noiseSeed);
        this.temperatureNoise = noise.split();
        this.gpsNoise = noise.split();
        this.outliers = noise.split();
        this.outlierRate = settings.realism().gpsOutlierRate();
        this.nextReading = scenario.departure();
        this.nextFix = scenario.departure();
        this.discrete = discreteEvents(scenario);
    }

    private static List<Discrete> discreteEvents(final ShipmentScenario scenario) {
        final List<Discrete> events = new ArrayList<>();
        final ShipmentPlan plan = scenario.plan();
        events.add(new Discrete(new SimEvent.Plan(plan, scenario.planTime()), scenario.planTime(), -1));
        for (final ShipmentScenario.Scan scan : scenario.scans()) {
            final long time = scan.event().getEventTime();
            events.add(new Discrete(new SimEvent.Custody(scan.event(), time, scan.delivery()), time, scan.rank()));
        }
        final ShipmentPlan delivered = ShipmentPlan.newBuilder(plan).setStatus(ShipmentStatus.DELIVERED).build();
        events.add(new Discrete(new SimEvent.Plan(delivered, scenario.delivery()), scenario.delivery(),
                RANK_DELIVERED_PLAN));
        events.sort(Comparator.comparingLong(Discrete::time).thenComparingInt(Discrete::rank));
        return events;
    }

    @Override
    public int index() {
        return scenario.index();
    }

    @Override
    public long peekTime() {
        long time = Long.MAX_VALUE;
        if (nextDiscrete < discrete.size()) {
            time = discrete.get(nextDiscrete).time();
        }
        if (nextReading <= readingsEnd) {
            time = Math.min(time, nextReading);
        }
        if (nextFix <= scenario.delivery()) {
            time = Math.min(time, nextFix);
        }
        return time;
    }

    @Override
    public boolean hasNext() {
        return nextDiscrete < discrete.size() || nextReading <= readingsEnd || nextFix <= scenario.delivery();
    }

    @Override
    public SimEvent next() {
        final long readingKey = nextReading <= readingsEnd ? nextReading : Long.MAX_VALUE;
        final long fixKey = nextFix <= scenario.delivery() ? nextFix : Long.MAX_VALUE;
        final Discrete head = nextDiscrete < discrete.size() ? discrete.get(nextDiscrete) : null;
        if (head == null && readingKey == Long.MAX_VALUE && fixKey == Long.MAX_VALUE) {
            throw new NoSuchElementException(scenario.shipmentId() + " has no more events");
        }
        if (head != null && before(head.time(), head.rank(), readingKey, RANK_READING)
                && before(head.time(), head.rank(), fixKey, RANK_FIX)) {
            nextDiscrete++;
            return head.event();
        }
        if (before(readingKey, RANK_READING, fixKey, RANK_FIX)) {
            final long time = nextReading;
            nextReading += readingInterval;
            return new SimEvent.Temperature(scenario.reading(time, temperatureNoise.nextGaussian()), time);
        }
        final long time = nextFix;
        nextFix += fixInterval;
        final double accuracy = gpsNoise.nextDouble(3, 15);
        return new SimEvent.Location(scenario.fix(time, accuracy, gpsNoise.nextGaussian(), gpsNoise.nextGaussian(),
                gpsNoise.nextGaussian() * 1.5, outlier(time)));
    }

    private static boolean before(final long time, final int rank, final long otherTime, final int otherRank) {
        return time < otherTime || time == otherTime && rank < otherRank;
    }

    /** A rare large GPS outlier at {@code time}, or null; never two in a row, never near either end. */
    private Injection.GpsOutlier outlier(final long time) {
        if (outlierRate == 0) {
            return null;
        }
        final boolean draw = outliers.nextDouble() < outlierRate;
        final boolean allowed = !lastFixWasOutlier && time >= scenario.departure() + OUTLIER_CLEARANCE_MILLIS
                && time <= scenario.arrival() - OUTLIER_CLEARANCE_MILLIS;
        lastFixWasOutlier = draw && allowed;
        if (!lastFixWasOutlier) {
            return null;
        }
        return new Injection.GpsOutlier(time, Math.exp(outliers.nextDouble(Math.log(300), Math.log(25_000))),
                outliers.nextDouble(0, 360));
    }
}
