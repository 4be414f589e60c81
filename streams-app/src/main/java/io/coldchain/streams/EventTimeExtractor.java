package io.coldchain.streams;

import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time comes from the payload, not from whoever produced the record: integrators may not set
 * record timestamps, and replays must give the same result as live processing. Readings, fixes and
 * scans: {@code eventTime}; plans: {@code issuedAt} (see {@link #planTime}); a plan tombstone: its
 * record timestamp.
 *
 * <p>A time outside the plausible {@link EventTimeWindow} (a logger saying 1970 or 2100) never becomes stream time
 * or a record timestamp: the record is given its partition's time instead, and the validation processor behind
 * the source dead-letters it. A 2100 timestamp written to a changelog would be refused by the broker and stop the
 * application for good.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private final EventTimeWindow window;

    /** With the default window ({@link EventTimeWindow#defaults()}). */
    public EventTimeExtractor() {
        this(EventTimeWindow.defaults());
    }

    public EventTimeExtractor(final EventTimeWindow window) {
        this.window = window;
    }

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
            eventTime = planTime(plan, record.timestamp());
        } else {
            eventTime = record.timestamp();
        }
        // The wall clock is read at runtime only, as the broker's timestamp check does; the topology stays pure.
        return window.contains(eventTime, System.currentTimeMillis()) ? eventTime : Math.max(partitionTime, 0);
    }

    /**
     * A plan is in force from when it was issued ({@code issuedAt}, schema v2). A v1 plan carries no
     * such time: it is taken as issued at the earlier of its record timestamp and its planned
     * departure, so a plan backfilled today for a trip last week does not start in the future of
     * its own telemetry; a v1 status update (DELIVERED, CLOSED) at its record timestamp.
     */
    public static long planTime(final ShipmentPlan plan, final long recordTimestamp) {
        return planTime(plan.getIssuedAt(), plan.getStatus() == ShipmentStatus.DELIVERED
                || plan.getStatus() == ShipmentStatus.CLOSED, plan.getPlannedDeparture(), plan.getPlannedArrival(),
                recordTimestamp);
    }

    /** {@link #planTime(ShipmentPlan, long)} of a plan as the rules see it. */
    public static long planTime(final io.coldchain.domain.ShipmentPlan plan, final long recordTimestamp) {
        return planTime(plan.issuedAt(), plan.status() == io.coldchain.domain.ShipmentStatus.DELIVERED
                || plan.status() == io.coldchain.domain.ShipmentStatus.CLOSED, plan.plannedDeparture(),
                plan.plannedArrival(), recordTimestamp);
    }

    private static long planTime(final Long issuedAt, final boolean statusUpdate, final long plannedDeparture,
                                 final long plannedArrival, final long recordTimestamp) {
        if (issuedAt != null) {
            return issuedAt;
        }
        if (statusUpdate) {
            // A status update says when it was published, not when the trip started.
            return recordTimestamp >= 0 ? recordTimestamp : plannedArrival;
        }
        return recordTimestamp < 0 ? plannedDeparture : Math.min(recordTimestamp, plannedDeparture);
    }
}
