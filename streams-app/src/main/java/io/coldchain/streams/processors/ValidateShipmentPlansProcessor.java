package io.coldchain.streams.processors;

import io.coldchain.contract.validation.PlanRefusedAlert;
import io.coldchain.contract.validation.Reason;
import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.contract.validation.Validation;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.streams.InvalidRecordException;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Key-preserving ({@code processValues}): a key-changing step before the plans table would send every plan through a
 * repartition topic, and plans would then reach the store after the telemetry that follows them.
 *
 * <p>The door of the plans: a valid plan (or tombstone) goes on to the plans store; a refused plan is not stored
 * (the version in force before it, if any, stays in force), raises one {@link PlanRefusedAlert} (the shipment is
 * not monitored: operations must know) and is dead-lettered like any invalid record. The alert is forwarded
 * before the exception is thrown: forwarding is synchronous, so it has reached the alerts sink when the handler
 * dead-letters the plan.
 */
public final class ValidateShipmentPlansProcessor implements FixedKeyProcessor<String, ShipmentPlan, SpecificRecord> {

    private final ShipmentPlanValidator validator;
    private final String nodeName;
    private Map<Reason, Sensor> invalid;
    private FixedKeyProcessorContext<String, SpecificRecord> context;

    public ValidateShipmentPlansProcessor(final ShipmentPlanValidator validator, final String nodeName) {
        this.validator = validator;
        this.nodeName = nodeName;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.invalid = ValidateRecordsProcessor.sensors(context, nodeName);
    }

    @Override
    public void process(final FixedKeyRecord<String, ShipmentPlan> record) {
        final Validation validation = validator.check(record.key(), record.value(), context.currentSystemTimeMs());
        if (validation.valid()) {
            context.forward(record.withValue((SpecificRecord) record.value()));
            return;
        }
        invalid.get(validation.reason()).record();
        if (record.key() != null) {
            // record.timestamp() is the plan's event time, already kept inside the plausible window by EventTimeExtractor.
            final long planTime = record.timestamp();
            context.forward(record.<SpecificRecord>withValue(PlanRefusedAlert.of(record.key(), validation, planTime))
                    .withTimestamp(planTime));
        }
        throw new InvalidRecordException(validation);
    }

    @Override
    public void close() {
        invalid.values().forEach(context.metrics()::removeSensor);
    }
}
