package io.coldchain.streams.topology;

import io.coldchain.contract.Contracts;
import io.coldchain.contract.DomainSerde;
import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.schemas.Alert;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.streams.MemoizingSerde;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.processors.NoticePlanChangesProcessor;
import io.coldchain.streams.processors.ValidateShipmentPlansProcessor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: the shipment plans as a table, materialised in a named <em>versioned</em> store the
 * detectors read, so each event is judged by the plan in force at its event time (a plan's event time
 * is its {@code issuedAt}), whatever order plans and telemetry arrive in.
 *
 * <pre>
 * shipment.plans ──► read-shipment-plans ──► validate-shipment-plans (refused: dead-lettered)
 *   ├─► split-shipment-plans-valid ──► cast-shipment-plans ──► notice-shipment-plan-changes [shipment-change-notices]
 *   │       ──► store-shipment-plans [shipment-plans-store]
 *   └─► split-shipment-plans-refused ──► cast-plan-refused-alerts ──► alerts
 * </pre>
 *
 * <p>Plans pass {@link ShipmentPlanValidator} before they are stored: a plan the shipment cannot be monitored with
 * is never in force (the version before it, if any, stays in force) and raises one alert. So the table is built
 * from the validated stream ({@code toTable}), and its store has a changelog topic of its own
 * ({@code <application.id>-shipment-plans-store-changelog}) instead of reusing the plans topic, which holds refused
 * plans too.
 */
public final class ShipmentPlansTopology {

    public static final String SOURCE = "read-shipment-plans";
    public static final String VALIDATE = "validate-shipment-plans";
    public static final String SPLIT = "split-shipment-plans-";
    /** Tells the detectors' memory of plans ({@link ShipmentChangeNotices}) of each version about to be stored. */
    public static final String NOTICE = "notice-shipment-plan-changes";
    public static final String TO_TABLE = "store-shipment-plans";
    public static final String STORE = "shipment-plans-store";
    /** Plans decoded and kept per task's worth of active shipments; see {@link MemoizingSerde}. */
    public static final int DECODED_PLANS_CACHED = 10_000;
    /**
     * ... and at most this many bytes of them, encoded (the decoded plans take a few times that on the heap): 10,000
     * plans of 100 serials are ≈ 30 MiB encoded, 10,000 of 10,000 serials (pallets) would be 3 GiB.
     */
    public static final long DECODED_PLANS_BYTES = 32L << 20;
    /**
     * How far back in event time plan versions are kept. A plan version older than the newest plan
     * seen minus this is not stored (Kafka's versioned stores drop it), so it is generous: a backfill
     * of a year of history keeps every version.
     */
    public static final Duration PLAN_HISTORY = Duration.ofDays(400);

    private ShipmentPlansTopology() {
    }

    /**
     * @param validator decides which plans are stored (see {@link ShipmentPlanValidator})
     * @return the plans table and the alerts raised by refused plans
     */
    public static Output addTo(final StreamsBuilder builder, final TopicCatalogue topics,
                               final ShipmentPlanValidator validator) {
        final TopicSpec<String, io.coldchain.schemas.ShipmentPlan> plans = topics.shipmentPlans();
        builder.addStateStore(ShipmentChangeNotices.builder());
        final Map<String, KStream<String, SpecificRecord>> branches = builder
                .stream(plans.name(), Consumed.with(plans.keySerde(), plans.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(validator.window()))
                        .withName(SOURCE))
                .processValues(() -> new ValidateShipmentPlansProcessor(validator, VALIDATE), Named.as(VALIDATE))
                .split(Named.as(SPLIT))
                .branch((key, value) -> value instanceof Alert, Branched.as("refused"))
                .defaultBranch(Branched.as("valid"));
        final KTable<String, ShipmentPlan> table = branches.get(SPLIT + "valid")
                .mapValues(value -> Contracts.toDomain((io.coldchain.schemas.ShipmentPlan) value), Named.as("cast-shipment-plans"))
                .processValues(NoticePlanChangesProcessor::new, Named.as(NOTICE), ShipmentChangeNotices.STORE)
                .toTable(Named.as(TO_TABLE),
                        Materialized.<String, ShipmentPlan>as(Stores.persistentVersionedKeyValueStore(STORE, PLAN_HISTORY))
                                .withKeySerde(plans.keySerde())
                                .withValueSerde(new MemoizingSerde<>(DomainSerde.plans(plans.valueSerde()), DECODED_PLANS_CACHED,
                                        DECODED_PLANS_BYTES))
                                // No record cache: a plan must reach the serial checks before the custody scans that
                                // follow it, not at the next commit.
                                .withCachingDisabled());
        final KStream<String, Alert> refused = branches.get(SPLIT + "refused")
                .mapValues(value -> (Alert) value, Named.as("cast-plan-refused-alerts"));
        return new Output(table, refused);
    }

    /** The plans table, and the alerts of refused plans (for the alerts sub-builder). */
    public record Output(KTable<String, ShipmentPlan> table, KStream<String, Alert> refusedAlerts) {
    }
}
