package io.coldchain.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A task's notice board of writes to the stores that say which plan a shipment is judged by and when it was
 * delivered: the plans store (written by Kafka Streams' own table processor, told by the step in front of it) and the
 * delivery times (written by {@code InferDeliveriesProcessor}). The detectors keep what they last read of those stores
 * ({@link PlansInForce}, {@link DeliveryTimes}) and forget a shipment's as soon as it is told here that the shipment's
 * plan or delivery was written, so they read the stores only when a shipment's answer can have changed.
 *
 * <p>It is a state store only so that every processor of a task gets the same board (a store is per task): it holds
 * nothing but the listeners of the task's processors and the plans they remember together ({@link PlansInForce}'s memory,
 * one per plans store), has no changelog and nothing to restore. Everything happens on
 * the task's stream thread, in the order the writes are made. A listener that a processor registers in {@code init}
 * it removes in {@code close}: a task's stores can outlive its processors (a task turned standby and back), and a
 * standby's stores change by restoration, which tells no one; the processors of the task's next active life start
 * with nothing remembered.
 */
public final class ShipmentChangeNotices implements StateStore {

    /** The store's name; connected to every processor that writes or remembers plans or deliveries. */
    public static final String STORE = "shipment-change-notices";

    /** Told of every write, before or as it is made, on the task's stream thread. */
    public interface Listener {

        /** A plan version of the shipment, or a tombstone, with event time {@code planTime} goes to the plans store. */
        void planWritten(String shipmentId, long planTime);

        /** The shipment's delivery time was written. */
        void deliveryWritten(String shipmentId);
    }

    private final String name;
    private final List<Listener> listeners = new ArrayList<>();
    /** The plans the task's detectors remember together, by plans store name, while any of them is open. */
    private final Map<String, PlansInForce.Memory> planMemories = new HashMap<>();
    private boolean open;

    public ShipmentChangeNotices(final String name) {
        this.name = name;
    }

    /** The builder of this store, for {@code StreamsBuilder.addStateStore}. */
    public static StoreBuilder<ShipmentChangeNotices> builder() {
        return new Builder(STORE);
    }

    public void listen(final Listener listener) {
        listeners.add(listener);
    }

    public void stopListening(final Listener listener) {
        listeners.remove(listener);
    }

    /** The task's memory of the plans in {@code storeName}: the one on the board, else the one {@code begin} makes. */
    PlansInForce.Memory planMemory(final String storeName, final Supplier<PlansInForce.Memory> begin) {
        return planMemories.computeIfAbsent(storeName, name -> begin.get());
    }

    /** Takes the memory off the board: its last reader left. */
    void endPlanMemory(final String storeName, final PlansInForce.Memory memory) {
        planMemories.remove(storeName, memory);
    }

    public void planWritten(final String shipmentId, final long planTime) {
        for (final Listener listener : listeners) {
            listener.planWritten(shipmentId, planTime);
        }
    }

    public void deliveryWritten(final String shipmentId) {
        for (final Listener listener : listeners) {
            listener.deliveryWritten(shipmentId);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException("store " + name + " has no changelog: nothing to restore");
        });
        open = true;
    }

    @Override
    public void flush() {
        // holds nothing to write
    }

    @Override
    public void close() {
        listeners.clear();
        planMemories.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private static final class Builder implements StoreBuilder<ShipmentChangeNotices> {

        private final String name;

        Builder(final String name) {
            this.name = name;
        }

        @Override
        public StoreBuilder<ShipmentChangeNotices> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<ShipmentChangeNotices> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<ShipmentChangeNotices> withLoggingEnabled(final Map<String, String> config) {
            throw new UnsupportedOperationException("store " + name + " holds no state: it has no changelog");
        }

        @Override
        public StoreBuilder<ShipmentChangeNotices> withLoggingDisabled() {
            return this;
        }

        @Override
        public ShipmentChangeNotices build() {
            return new ShipmentChangeNotices(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
