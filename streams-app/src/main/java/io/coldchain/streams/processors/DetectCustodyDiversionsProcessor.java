package io.coldchain.streams.processors;

import io.coldchain.rules.route.CustodyDiversionRule;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.PlansInForce;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.RouteTopology;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * Custody scans checked against the plan in force at the scan's time, marked DELIVERED from the
 * delivery inferred before it; scans of unknown shipments are counted and skipped.
 */
public final class DetectCustodyDiversionsProcessor implements Processor<String, CustodyEvent, String, Alert> {

    private final CustodyDiversionRule rule = new CustodyDiversionRule();
    private ProcessorContext<String, Alert> context;
    private PlansInForce plans;
    private KeyValueStore<String, Long> deliveries;
    private Sensor withoutPlan;

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
        this.plans = new PlansInForce(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                ShipmentPlansTopology.STORE));
        this.deliveries = context.getStateStore(ShipmentLifecycleTopology.STORE);
        this.withoutPlan = TaskSensors.counting(context, RouteTopology.METRICS_GROUP, RouteTopology.CUSTODY_DETECT,
                RouteTopology.SKIPPED_CUSTODY_SCANS, "no-plan",
                "Custody scans skipped by the custody diversion check, by reason");
    }

    @Override
    public void process(final Record<String, CustodyEvent> record) {
        final ShipmentPlan plan = record.key() == null ? null
                : plans.inForce(record.key(), record.value().getEventTime());
        if (plan == null) {
            // Another branch of the same custody stream (the serial checks) owns missing-plan errors.
            withoutPlan.record();
            return;
        }
        final long time = record.value().getEventTime();
        final ShipmentPlan judgedBy = PlansInForce.withDelivery(plan,
                ShipmentLifecycleTopology.deliveredAt(deliveries, record.key()), time);
        for (final io.coldchain.domain.Alert alert : rule.onEvent(judgedBy, null, Contracts.toDomain(record.value())).alerts()) {
            context.forward(new Record<>(record.key(), Contracts.toWire(alert), alert.lastEvidenceTime()));
        }
    }

    @Override
    public void close() {
        context.metrics().removeSensor(withoutPlan);
    }
}
