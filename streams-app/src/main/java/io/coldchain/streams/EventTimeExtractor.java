package io.coldchain.streams;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time comes from the payload, not from whoever produced the record: integrators may not set
 * record timestamps, and replays must give the same result as live processing.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        final Object value = record.value();
        final long eventTime;
        if (value instanceof TemperatureReading reading) {
            eventTime = reading.getEventTime();
        } else if (value instanceof LocationFix fix) {
            eventTime = fix.getEventTime();
        } else if (value instanceof CustodyEvent event) {
            eventTime = event.getEventTime();
        } else if (value instanceof ShipmentPlan plan) {
            // A plan is in force from when it is published; its planned departure may lie in the future.
            eventTime = record.timestamp();
        } else {
            eventTime = record.timestamp();
        }
        return eventTime >= 0 ? eventTime : Math.max(partitionTime, 0);
    }
}
