package io.coldchain.streams;

import io.coldchain.rules.Detector;
import io.coldchain.rules.DetectorDecorator;
import io.coldchain.rules.Outcome;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.streams.topology.TemperatureTopology;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault put behind the real topology: one node's detector throws on the events chosen (or on the time checks of
 * one shipment) and works as usual for everything else. Counts what it threw, so a test can tell the fault fired.
 */
public final class FailingDetectors implements DetectorDecorator {

    /** The message of every exception thrown here. */
    public static final String FAULT = "injected fault";

    private final String node;
    private final Predicate<Object> onEvent;
    private final String onTimeOfShipment;
    private final AtomicInteger thrown = new AtomicInteger();

    private FailingDetectors(final String node, final Predicate<Object> onEvent, final String onTimeOfShipment) {
        this.node = node;
        this.onEvent = onEvent;
        this.onTimeOfShipment = onTimeOfShipment;
    }

    /** The temperature detector throws on the reading of {@code shipmentId} at {@code eventTime}. */
    public static FailingDetectors onReading(final String shipmentId, final long eventTime) {
        return new FailingDetectors(TemperatureTopology.DETECT, event -> event instanceof TemperatureReading reading
                && reading.shipmentId().equals(shipmentId) && reading.eventTime() == eventTime, null);
    }

    /** The temperature detector throws whenever time passes for {@code shipmentId} ({@link Detector#onTime}). */
    public static FailingDetectors onTimeChecksOf(final String shipmentId) {
        return new FailingDetectors(TemperatureTopology.DETECT, event -> false, shipmentId);
    }

    /** How many times the fault fired. */
    public int thrown() {
        return thrown.get();
    }

    @Override
    public <E, S> Detector<E, S> decorate(final String name, final Detector<E, S> detector) {
        if (!name.equals(node)) {
            return detector;
        }
        return new Detector<>() {
            @Override
            public Outcome<S> onEvent(final ShipmentPlan plan, final S state, final E event) {
                if (onEvent.test(event)) {
                    thrown.incrementAndGet();
                    throw new IllegalStateException(FAULT + " on " + event);
                }
                return detector.onEvent(plan, state, event);
            }

            @Override
            public Outcome<S> onTime(final ShipmentPlan plan, final S state, final long now) {
                if (plan != null && plan.shipmentId().equals(onTimeOfShipment)) {
                    thrown.incrementAndGet();
                    throw new IllegalStateException(FAULT + " on the time check of " + onTimeOfShipment + " at " + now);
                }
                return detector.onTime(plan, state, now);
            }
        };
    }
}
