package io.coldchain.streams;

import io.coldchain.rules.lifecycle.DeliveryRule;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * Sub-builder: infers each shipment's delivery from its custody scans ({@link DeliveryRule}) into
 * {@value #STORE} (shipment id → delivery time, epoch ms), and keeps {@value #ACTIVITY_STORE}, how far each
 * shipment's own data has come in event time (written by this processor and both detectors). The temperature and route detectors read it:
 * from that time on they see the plan as DELIVERED, so silence, route, stop and delay rules end for the
 * shipment and data that keeps coming after delivery raises nothing. Scans are judged on arrival (not
 * reordered): the earliest delivery scan wins, whatever order the scans come in.
 */
public final class ShipmentLifecycleTopology {

    public static final String INFER = "infer-shipment-deliveries";
    public static final String STORE = "shipment-lifecycle-store";
    /** Shipment id → the latest event time seen on any of its inputs (readings, fixes, scans). */
    public static final String ACTIVITY_STORE = "shipment-activity-store";

    private ShipmentLifecycleTopology() {
    }

    public static void addTo(final StreamsBuilder builder, final KStream<String, CustodyEvent> custody) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTIVITY_STORE),
                Serdes.String(), Serdes.Long()));
        custody.process(InferDeliveries::new, Named.as(INFER), ShipmentPlansTopology.STORE, STORE, ACTIVITY_STORE);
    }

    /** Shipments delivered at least this long ago (event time) are released by the detectors. */
    public static Duration defaultRetention() {
        return Duration.ofDays(2);
    }

    /** @return the delivery time of the shipment, or {@link Long#MIN_VALUE} when it is not known to be delivered */
    static long deliveredAt(final KeyValueStore<String, Long> store, final String shipmentId) {
        final Long at = store.get(shipmentId);
        return at == null ? Long.MIN_VALUE : at;
    }

    private static final class InferDeliveries implements Processor<String, CustodyEvent, Void, Void> {

        private final DeliveryRule rule = new DeliveryRule();
        private PlansInForce plans;
        private KeyValueStore<String, Long> deliveries;
        private KeyValueStore<String, Long> activity;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            this.plans = new PlansInForce(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                    ShipmentPlansTopology.STORE));
            this.deliveries = context.getStateStore(STORE);
            this.activity = context.getStateStore(ACTIVITY_STORE);
        }

        @Override
        public void process(final Record<String, CustodyEvent> record) {
            if (record.key() == null || record.value() == null) {
                return; // the custody-chain checks own missing keys
            }
            final CustodyEvent scan = record.value();
            final Long seen = activity.get(record.key());
            if (seen == null || seen < scan.getEventTime()) {
                activity.put(record.key(), scan.getEventTime());
            }
            rule.deliveredAt(plans.inForce(record.key(), scan.getEventTime()), scan).ifPresent(at -> {
                final Long known = deliveries.get(record.key());
                if (known == null || at < known) {
                    deliveries.put(record.key(), at);
                }
            });
        }
    }
}
