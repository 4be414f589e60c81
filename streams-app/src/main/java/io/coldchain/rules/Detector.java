package io.coldchain.rules;

import io.coldchain.domain.ShipmentPlan;

/**
 * A detection rule set for one kind of shipment event: the one API of the shipment-keyed rule families
 * (temperature excursions, route deviations, custody chains, custody diversions; the serial checks, keyed by
 * serial, answer with the same {@link Outcome}). Implementations are plain domain code: no
 * Kafka types, no clocks; everything they need arrives as arguments, so the same input always
 * produces the same outcome: a new immutable state (or the very state given) and the alerts.
 *
 * @param <E> the event type (a reading, a fix, a scan)
 * @param <S> the per-shipment state the detector keeps between events
 */
public interface Detector<E, S> {

    /**
     * @param plan  the shipment's plan in force at the event's time; the custody-chain rules also take null (no plan)
     * @param state the state kept after the previous event, or null for the first one (always null for a stateless
     *              rule, {@code S = Void})
     * @param event the event, in event-time order as far as the caller can tell
     */
    Outcome<S> onEvent(ShipmentPlan plan, S state, E event);

    /**
     * Time passes without an event: called periodically with the current event time ({@code now},
     * epoch ms) for each shipment that has state, so rules about silence can fire. The plan is null
     * when the shipment's plan is gone. The default keeps the state unchanged, or forgets it once
     * the plan is gone. Return the very state given, with no alerts, only when nothing changed: the caller
     * then writes nothing.
     */
    default Outcome<S> onTime(final ShipmentPlan plan, final S state, final long now) {
        return Outcome.quiet(plan == null ? null : state);
    }

    /**
     * How long time may pass without changing anything: the latest {@code now} up to which
     * {@link #onTime onTime(plan, state, now)} returns the very state given with no alerts, for this plan and this
     * state. The caller may then skip those calls (and reading the state) until the plan, the state or the time
     * goes beyond it. {@link Long#MIN_VALUE}, the default, promises nothing: every check calls {@code onTime}.
     *
     * @param plan  the plan the next time checks would be given (null when the shipment's plan is gone)
     * @param state the state they would be given, not null
     */
    default long quietUntil(final ShipmentPlan plan, final S state) {
        return Long.MIN_VALUE;
    }
}
