package io.coldchain.streams;

import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/**
 * Reads the versioned plans store: the plan in force at an event's time, i.e. the latest version
 * issued at or before it. An event older than the first version of its plan (telemetry that starts
 * before the plan was issued, a plan published late) is judged by the earliest plan we have, which
 * is the latest one when there is a single version.
 */
public final class PlansInForce {

    private final VersionedKeyValueStore<String, ShipmentPlan> store;

    public PlansInForce(final VersionedKeyValueStore<String, ShipmentPlan> store) {
        this.store = store;
    }

    /** @return the plan in force at {@code time}, or null when the shipment has no plan (or was closed by a tombstone before it) */
    public ShipmentPlan inForce(final String shipmentId, final long time) {
        final VersionedRecord<ShipmentPlan> asOf = store.get(shipmentId, time);
        if (asOf != null) {
            return asOf.value();
        }
        final VersionedRecord<ShipmentPlan> latest = store.get(shipmentId);
        return latest == null ? null : latest.value();
    }

    /**
     * @return since when the shipment's plan has said DELIVERED as of {@code time} (the issue time of the
     *         DELIVERED version in force then), or {@link Long#MIN_VALUE} if it does not
     */
    public long deliveredSince(final String shipmentId, final long time) {
        final VersionedRecord<ShipmentPlan> asOf = store.get(shipmentId, time);
        return asOf != null && asOf.value().status() == ShipmentStatus.DELIVERED ? asOf.timestamp() : Long.MIN_VALUE;
    }

    /** @return the latest plan, or null */
    public ShipmentPlan latest(final String shipmentId) {
        final VersionedRecord<ShipmentPlan> latest = store.get(shipmentId);
        return latest == null ? null : latest.value();
    }

    /**
     * The plan as the detectors must see it at {@code time}: marked DELIVERED once the shipment's
     * delivery was inferred from a scan at or before that time. A shallow copy, so the route index
     * cache still recognises the route by identity.
     */
    public static ShipmentPlan withDelivery(final ShipmentPlan plan, final long deliveredAt, final long time) {
        if (plan == null || deliveredAt == Long.MIN_VALUE || time < deliveredAt
                || plan.status() == ShipmentStatus.DELIVERED || plan.status() == ShipmentStatus.CLOSED) {
            return plan;
        }
        return plan.toBuilder().status(ShipmentStatus.DELIVERED).build();
    }
}
