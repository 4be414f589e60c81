package io.coldchain.streams.topology;

import io.coldchain.rules.lifecycle.DeliveryRule;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.streams.EventClock;
import io.coldchain.streams.HeldReceipts;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.StateSerde;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.processors.InferDeliveriesProcessor;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: infers each shipment's delivery from its custody scans ({@link DeliveryRule}) into
 * {@value #STORE} (shipment id → delivery time, epoch ms), and keeps {@value #ACTIVITY_STORE}, how far each
 * shipment's custody scans have come in event time. It registers the detectors' clock stores
 * ({@link TemperatureTopology#CLOCK_STORE}, {@link RouteTopology#CLOCK_STORE}), where each detector keeps how far its
 * kind of events has arrived: with the activity store, how far the shipment's data has come on any of its inputs.
 * The temperature and route detectors read the delivery time:
 * from that time on they see the plan as DELIVERED, so silence, route, stop and delay rules end for the
 * shipment and data that keeps coming after delivery raises nothing. Each write of a delivery time is told to the
 * task's {@link ShipmentChangeNotices}, so the detectors' memory of it ({@code DeliveryTimes}) is forgotten. Scans are judged on arrival (not
 * reordered): the earliest delivery scan wins, whatever order the scans come in.
 */
public final class ShipmentLifecycleTopology {

    public static final String INFER = "infer-shipment-deliveries";
    public static final String STORE = "shipment-lifecycle-store";
    /** Shipment id → receiving scans that came before any plan of the shipment, judged once a plan is there. */
    public static final String RECEIPTS_STORE = "shipment-receipts-awaiting-plan-store";
    /**
     * Shipment id → the latest event time of its custody scans, and of its readings or fixes as far as a released clock
     * had them (releases before the clocks kept arrivals wrote every reading and fix here).
     */
    public static final String ACTIVITY_STORE = "shipment-activity-store";

    private ShipmentLifecycleTopology() {
    }

    public static void addTo(final StreamsBuilder builder, final KStream<String, CustodyEvent> custody) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.Long()));
        // Written at every custody scan (readings and fixes: in the detectors' clocks), held until the commit.
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTIVITY_STORE),
                Serdes.String(), Serdes.Long())));
        // Each detector's state store holds its clock, read by the other detector too: registered here, before either
        // detector's processor; with the clock stores of earlier releases, which the detectors empty into them at start.
        builder.addStateStore(TemperatureTopology.stateStore());
        builder.addStateStore(RouteTopology.stateStore());
        for (final String clocks : List.of(TemperatureTopology.CLOCK_STORE, RouteTopology.CLOCK_STORE)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(clocks), Serdes.String(),
                    new StateSerde<>(EventClock.class)));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECEIPTS_STORE),
                Serdes.String(), new StateSerde<>(HeldReceipts.class)));
        custody.process(InferDeliveriesProcessor::new, Named.as(INFER), ShipmentPlansTopology.STORE, STORE, ACTIVITY_STORE,
                RECEIPTS_STORE, ShipmentChangeNotices.STORE);
    }

    /** Shipments delivered at least this long ago (event time) are released by the detectors. */
    public static Duration defaultRetention() {
        return Duration.ofDays(2);
    }

    /** Raises a shipment's activity ({@value #ACTIVITY_STORE}) to {@code time} when that is later than what it holds. */
    public static void raiseActivity(final KeyValueStore<String, Long> store, final String shipmentId, final long time) {
        final Long seen = store.get(shipmentId);
        if (seen == null || seen < time) {
            store.put(shipmentId, time);
        }
    }

    /** @return the delivery time of the shipment, or {@link Long#MIN_VALUE} when it is not known to be delivered */
    public static long deliveredAt(final KeyValueStore<String, Long> store, final String shipmentId) {
        final Long at = store.get(shipmentId);
        return at == null ? Long.MIN_VALUE : at;
    }
}
