package io.coldchain.streams;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the shipments' delivery times ({@code shipment-lifecycle-store}: shipment id → delivery time, epoch ms),
 * remembering each answer, that the shipment has none included, until the task's {@link ShipmentChangeNotices} tell of
 * a write to the shipment's delivery time: the detectors ask for every event and at every time check, and a shipment
 * is delivered once. Not thread-safe: the task's stream thread only.
 */
public final class DeliveryTimes {

    private final KeyValueStore<String, Long> store;
    private final ShipmentChangeNotices notices;
    private final Map<String, Long> remembered = new HashMap<>();
    private final ShipmentChangeNotices.Listener listener = new ShipmentChangeNotices.Listener() {
        @Override
        public void planWritten(final String shipmentId, final long planTime) {
            // a plan is not a delivery time
        }

        @Override
        public void deliveryWritten(final String shipmentId) {
            remembered.remove(shipmentId);
        }
    };
    private long storeReads;

    /** {@link #close} it with its processor. */
    public DeliveryTimes(final KeyValueStore<String, Long> store, final ShipmentChangeNotices notices) {
        this.store = store;
        this.notices = notices;
        notices.listen(listener);
    }

    /** @return the delivery time of the shipment, or {@link Long#MIN_VALUE} when it is not known to be delivered */
    public long deliveredAt(final String shipmentId) {
        final Long known = remembered.get(shipmentId);
        if (known != null) {
            return known;
        }
        storeReads++;
        final Long at = store.get(shipmentId);
        final long answer = at == null ? Long.MIN_VALUE : at;
        if (remembered.size() >= PlansInForce.MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(shipmentId, answer);
        return answer;
    }

    /** Forgets the shipment (its detector let its state go): memory only, answers unchanged. */
    public void forget(final String shipmentId) {
        remembered.remove(shipmentId);
    }

    /** Reads of the store so far (for tests and benchmarks). */
    long storeReads() {
        return storeReads;
    }

    /** Stops listening to the notices (the processor's close). */
    public void close() {
        notices.stopListening(listener);
        remembered.clear();
    }
}
