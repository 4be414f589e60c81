package io.coldchain.streams;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the shipments' delivery times ({@code shipment-lifecycle-store}: shipment id → delivery time, epoch ms),
 * remembering each answer, that the shipment has none included, until the task's {@link ShipmentChangeNotices} tell of
 * a write to the shipment's delivery time: the detectors ask for every event and at every time check, and a shipment
 * is delivered once. The memory is a {@link StateCache} (which remembers absent keys too); the store is written by
 * another processor, so the notices are what makes it forget. Not thread-safe: the task's stream thread only.
 */
public final class DeliveryTimes {

    private final StateCache<String, Long> remembered;
    private final ShipmentChangeNotices notices;
    private final ShipmentChangeNotices.Listener listener = new ShipmentChangeNotices.Listener() {
        @Override
        public void planWritten(final String shipmentId, final long planTime) {
            // a plan is not a delivery time
        }

        @Override
        public void deliveryWritten(final String shipmentId) {
            remembered.forget(shipmentId);
        }
    };

    /** {@link #close} it with its processor. */
    public DeliveryTimes(final KeyValueStore<String, Long> store, final ShipmentChangeNotices notices) {
        this.remembered = new StateCache<>(store, StateCache.SMALL_VALUES_CAPACITY);
        this.notices = notices;
        notices.listen(listener);
    }

    /** @return the delivery time of the shipment, or {@link Long#MIN_VALUE} when it is not known to be delivered */
    public long deliveredAt(final String shipmentId) {
        final Long at = remembered.get(shipmentId);
        return at == null ? Long.MIN_VALUE : at;
    }

    /** Forgets the shipment (its detector let its state go): memory only, answers unchanged. */
    public void forget(final String shipmentId) {
        remembered.forget(shipmentId);
    }

    /** Reads of the store so far (for tests and benchmarks). */
    long storeReads() {
        return remembered.misses();
    }

    /** Stops listening to the notices (the processor's close). */
    public void close() {
        notices.stopListening(listener);
        remembered.clear();
    }
}
