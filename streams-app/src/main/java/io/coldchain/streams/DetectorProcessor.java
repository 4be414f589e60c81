package io.coldchain.streams;

import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.ShipmentPlan;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Thin adapter between Kafka Streams and a domain {@link Detector}: loads the shipment's plan and
 * the detector's state, calls the rule, stores the new state and forwards the alerts, each with
 * its last evidence time as record timestamp.
 */
final class DetectorProcessor<E, S> implements Processor<String, E, String, Alert> {

    private final Detector<E, S> detector;
    private final String plansStoreName;
    private final String stateStoreName;
    private final String eventName;
    private ProcessorContext<String, Alert> context;
    private TimestampedKeyValueStore<String, ShipmentPlan> plans;
    private KeyValueStore<String, S> states;

    DetectorProcessor(final Detector<E, S> detector, final String plansStoreName, final String stateStoreName,
                      final String eventName) {
        this.detector = detector;
        this.plansStoreName = plansStoreName;
        this.stateStoreName = stateStoreName;
        this.eventName = eventName;
    }

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
        this.plans = context.getStateStore(plansStoreName);
        this.states = context.getStateStore(stateStoreName);
    }

    @Override
    public void process(final Record<String, E> record) {
        final String shipmentId = record.key();
        final ValueAndTimestamp<ShipmentPlan> plan = shipmentId == null ? null : plans.get(shipmentId);
        if (plan == null || plan.value() == null) {
            throw new MissingPlanException(shipmentId, eventName);
        }
        final Outcome<S> outcome = detector.onEvent(plan.value(), states.get(shipmentId), record.value());
        if (outcome.state() == null) {
            states.delete(shipmentId);
        } else {
            states.put(shipmentId, outcome.state());
        }
        for (final Alert alert : outcome.alerts()) {
            context.forward(new Record<>(shipmentId, alert, alert.getLastEvidenceTime()));
        }
    }
}
