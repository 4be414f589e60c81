package io.coldchain.sim;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The events of one shipment in event-time order: the plan at the simulation start, the pickup scan at
 * departure, then readings every reading interval and fixes every fix interval until the delivery scan.
 * At equal times the order is pickup, reading, fix, delivery. After the delivery scan the plan is
 * republished with status DELIVERED, as a transport management system does: the logger stops
 * reporting then, and a plan still in transit would make that look like tampering. Readings and fixes draw noise from
 * separate generators, so changing the fix interval leaves the temperatures alone.
 */
final class ShipmentRun implements Iterator<SimEvent> {

    private enum Step { PLAN, PICKUP, READING, FIX, DELIVERY, DELIVERED_PLAN, DONE }

    private final ShipmentScenario scenario;
    private final long readingInterval;
    private final long fixInterval;
    private final SplittableRandom temperatureNoise;
    private final SplittableRandom gpsNoise;
    private boolean pickupSent;
    private boolean deliverySent;
    private boolean deliveredPlanSent;
    private long nextReading;
    private long nextFix;
    private Step step = Step.PLAN;
    private long stepTime;

    ShipmentRun(final ShipmentScenario scenario, final SimulationSettings settings, final long noiseSeed) {
        this.scenario = scenario;
        this.readingInterval = settings.readingInterval().toMillis();
        this.fixInterval = settings.fixInterval().toMillis();
        final SplittableRandom noise = new SplittableRandom(noiseSeed);
        this.temperatureNoise = noise.split();
        this.gpsNoise = noise.split();
        this.nextReading = scenario.departure();
        this.nextFix = scenario.departure();
        this.stepTime = scenario.planTime();
    }

    int index() {
        return scenario.index();
    }

    /** Event time of the next event; only meaningful while {@link #hasNext()}. */
    long peekTime() {
        return stepTime;
    }

    @Override
    public boolean hasNext() {
        return step != Step.DONE;
    }

    @Override
    public SimEvent next() {
        final SimEvent event;
        switch (step) {
            case PLAN -> event = new SimEvent.Plan(scenario.plan(), stepTime);
            case PICKUP -> {
                pickupSent = true;
                event = new SimEvent.Custody(scenario.pickupScan());
            }
            case READING -> {
                event = new SimEvent.Temperature(scenario.reading(nextReading, temperatureNoise.nextGaussian()));
                nextReading += readingInterval;
            }
            case FIX -> {
                final double accuracy = gpsNoise.nextDouble(3, 15);
                event = new SimEvent.Location(scenario.fix(nextFix, accuracy, gpsNoise.nextGaussian(),
                        gpsNoise.nextGaussian(), gpsNoise.nextGaussian() * 1.5));
                nextFix += fixInterval;
            }
            case DELIVERY -> {
                deliverySent = true;
                event = new SimEvent.Custody(scenario.deliveryScan());
            }
            case DELIVERED_PLAN -> {
                deliveredPlanSent = true;
                event = new SimEvent.Plan(ShipmentPlan.newBuilder(scenario.plan())
                        .setStatus(ShipmentStatus.DELIVERED).build(), stepTime);
            }
            default -> throw new NoSuchElementException(scenario.shipmentId() + " has no more events");
        }
        advance();
        return event;
    }

    private void advance() {
        final long delivery = scenario.delivery();
        if (!pickupSent) {
            step = Step.PICKUP;
            stepTime = scenario.departure();
        } else if (nextReading <= delivery && nextReading <= nextFix) {
            step = Step.READING;
            stepTime = nextReading;
        } else if (nextFix <= delivery) {
            step = Step.FIX;
            stepTime = nextFix;
        } else if (!deliverySent) {
            step = Step.DELIVERY;
            stepTime = delivery;
        } else if (!deliveredPlanSent) {
            step = Step.DELIVERED_PLAN;
            stepTime = delivery;
        } else {
            step = Step.DONE;
        }
    }
}
