package io.coldchain.streams.processors;

import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.ShipmentChangeNotices;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The step in front of the plans store: tells the task's {@link ShipmentChangeNotices} of every plan version (or
 * tombstone) about to be written, so that what the detectors remember of a shipment's plans is forgotten before the
 * store changes. It is the only way to hear of those writes: the store is Kafka Streams' own table materialisation,
 * which forwards nothing for a version older than the latest. Key-preserving, and it forwards every record unchanged.
 */
public final class NoticePlanChangesProcessor implements FixedKeyProcessor<String, ShipmentPlan, ShipmentPlan> {

    private FixedKeyProcessorContext<String, ShipmentPlan> context;
    private ShipmentChangeNotices notices;

    @Override
    public void init(final FixedKeyProcessorContext<String, ShipmentPlan> context) {
        this.context = context;
        this.notices = context.getStateStore(ShipmentChangeNotices.STORE);
    }

    @Override
    public void process(final FixedKeyRecord<String, ShipmentPlan> record) {
        if (record.key() != null) {
            // The table's processor writes a version at the record's timestamp, the plan's event time.
            notices.planWritten(record.key(), record.timestamp());
        }
        context.forward(record);
    }
}
