package io.coldchain.streams;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: the shipment plans as a table, materialised in a named <em>versioned</em> store the
 * detectors read, so each event is judged by the plan in force at its event time (a plan's event time
 * is its {@code issuedAt}), whatever order plans and telemetry arrive in.
 */
public final class ShipmentPlansTopology {

    public static final String SOURCE = "read-shipment-plans";
    public static final String STORE = "shipment-plans-store";
    /** Plans decoded and kept per task's worth of active shipments; see {@link MemoizingSerde}. */
    static final int DECODED_PLANS_CACHED = 10_000;
    /**
     * How far back in event time plan versions are kept. A plan version older than the newest plan
     * seen minus this is not stored (Kafka's versioned stores drop it), so it is generous: a backfill
     * of a year of history keeps every version.
     */
    static final Duration PLAN_HISTORY = Duration.ofDays(400);

    private ShipmentPlansTopology() {
    }

    public static KTable<String, ShipmentPlan> addTo(final StreamsBuilder builder, final TopicCatalogue topics) {
        final TopicSpec<String, ShipmentPlan> plans = topics.shipmentPlans();
        return builder.table(plans.name(),
                Consumed.with(plans.keySerde(), plans.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName(SOURCE),
                Materialized.<String, ShipmentPlan>as(Stores.persistentVersionedKeyValueStore(STORE, PLAN_HISTORY))
                        .withKeySerde(plans.keySerde())
                        .withValueSerde(new MemoizingSerde<>(plans.valueSerde(), DECODED_PLANS_CACHED))
                        // No record cache: a plan must reach the serial checks before the custody scans that
                        // follow it, not at the next commit.
                        .withCachingDisabled());
    }
}
