package io.coldchain.sim.model;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.Injection;
import io.coldchain.sim.network.Realism;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The events of one shipment in the order they happen, each arriving at the broker the moment it happens:
 * the plan when it is issued, the pickup scan at departure, then readings as the logger samples
 * ({@link LoggerSchedule}) and fixes every fix interval until a few minutes after the delivery scan (the
 * devices are switched off after it), the plan's revision if it has one, the hubs' and the consignee's scans
 * and whatever custody scans an incident adds. At equal times the order is pickup, reading, fix, delivery.
 * By the legacy habit ({@link Conventions#republishDeliveredPlans()}) telemetry ends at the delivery scan and
 * the plan is republished there with status DELIVERED. A silent logger stops earlier.
 *
 * <p>Readings and fixes draw noise from separate generators, so changing the fix interval leaves the
 * temperatures alone; rare GPS outliers ({@link Realism#gpsOutlierRate()}) draw from a third one.
 */
public final class ShipmentRun implements ShipmentEvents {

    private static final int RANK_READING = 1;
    private static final int RANK_FIX = 2;
    private static final int RANK_DELIVERED_PLAN = 4;
    private static final long OUTLIER_CLEARANCE_MILLIS = 5 * 60_000L;

    /** A plan or custody scan at a fixed time. */
    private record Discrete(SimEvent event, long time, int rank) {
    }

    private final ShipmentScenario scenario;
    private final LoggerSchedule.Sampler readings;
    private final long fixInterval;
    private final long readingsEnd;
    private final long fixesEnd;
    private final SplittableRandom temperatureNoise;
    private final SplittableRandom gpsNoise;
    private final SplittableRandom outliers;
    private final double outlierRate;
    private final List<Discrete> discrete;
    private int nextDiscrete;
    private long nextFix;
    private boolean lastFixWasOutlier;

    ShipmentRun(final ShipmentScenario scenario, final SimulationSettings settings, final long noiseSeed) {
        this.scenario = scenario;
        this.fixInterval = settings.fixInterval().toMillis();
        this.readingsEnd = Math.min(scenario.loggerEnd(), scenario.loggerSilentFrom() - 1);
        this.fixesEnd = scenario.trackerEnd();
        final SplittableRandom noise = new SplittableRandom(noiseSeed);
        this.temperatureNoise = noise.split();
        this.gpsNoise = noise.split();
        this.outliers = noise.split();
        this.outlierRate = settings.realism().gpsOutlierRate();
        this.readings = scenario.habits().logger().from(scenario.departure());
        this.nextFix = scenario.departure();
        this.discrete = discreteEvents(scenario);
    }

    private static List<Discrete> discreteEvents(final ShipmentScenario scenario) {
        final List<Discrete> events = new ArrayList<>();
        final ShipmentPlan plan = scenario.plan();
        events.add(new Discrete(new SimEvent.Plan(plan, scenario.planTime()), scenario.planTime(), -1));
        scenario.revisedPlan().ifPresent(revised -> events.add(new Discrete(
                new SimEvent.Plan(revised, scenario.revisionTime()), scenario.revisionTime(), -1)));
        for (final ShipmentScenario.Scan scan : scenario.scans()) {
            final long time = scan.event().getEventTime();
            events.add(new Discrete(new SimEvent.Custody(scan.event(), time, scan.delivery()), time, scan.rank()));
        }
        if (scenario.habits().republishDelivered()) {
            final ShipmentPlan latest = scenario.revisedPlan().orElse(plan);
            final ShipmentPlan delivered = ShipmentPlan.newBuilder(latest).setStatus(ShipmentStatus.DELIVERED)
                    .setIssuedAt(latest.getIssuedAt() == null ? null : scenario.delivery()).build();
            events.add(new Discrete(new SimEvent.Plan(delivered, scenario.delivery()), scenario.delivery(),
                    RANK_DELIVERED_PLAN));
        }
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
        if (readings.peek() <= readingsEnd) {
            time = Math.min(time, readings.peek());
        }
        if (nextFix <= fixesEnd) {
            time = Math.min(time, nextFix);
        }
        return time;
    }

    @Override
    public boolean hasNext() {
        return nextDiscrete < discrete.size() || readings.peek() <= readingsEnd || nextFix <= fixesEnd;
    }

    @Override
    public SimEvent next() {
        final long readingKey = readings.peek() <= readingsEnd ? readings.peek() : Long.MAX_VALUE;
        final long fixKey = nextFix <= fixesEnd ? nextFix : Long.MAX_VALUE;
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
            final long time = readings.peek();
            readings.advance();
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
