package io.coldchain.rules;

import io.coldchain.schemas.ShipmentPlan;

/**
 * A detection rule set for one kind of shipment event. Implementations are plain domain code: no
 * Kafka types, no clocks; everything they need arrives as arguments, so the same input always
 * produces the same outcome.
 *
 * @param <E> the event type (a reading, a fix, a scan)
 * @param <S> the per-shipment state the detector keeps between events
 */
public interface Detector<E, S> {

    /**
     * @param plan  the shipment's current plan
     * @param state the state kept after the previous event, or null for the first one
     * @param event the event, in event-time order as far as the caller can tell
     */
    Outcome<S> onEvent(ShipmentPlan plan, S state, E event);
}
