package io.coldchain.ops;

import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.ClockedState;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.VersionedRecord;

/** {@link OpsSource} over a {@link KafkaStreams} client and its Micrometer registry. */
final class KafkaStreamsOpsSource implements OpsSource {

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier dependencies;
    /**
     * Stream threads exist from construction (state CREATED), so their count then is {@code num.stream.threads}.
     * {@link KafkaStreams#metadataForLocalThreads()} leaves dead threads out: a replaced thread is not missed,
     * one that died without replacement is.
     */
    private final int threads;

    KafkaStreamsOpsSource(final KafkaStreams streams, final PrometheusMeterRegistry registry) {
        this(streams, registry, () -> true);
    }

    KafkaStreamsOpsSource(final KafkaStreams streams, final PrometheusMeterRegistry registry,
                          final BooleanSupplier dependenciesAvailable) {
        this.streams = streams;
        this.registry = registry;
        this.dependencies = dependenciesAvailable;
        this.threads = streams.metadataForLocalThreads().size();
    }

    @Override
    public boolean dependenciesAvailable() {
        return dependencies.getAsBoolean();
    }

    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public boolean streamThreadDead() {
        return streams.metadataForLocalThreads().size() < threads;
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public Optional<Shipment> shipment(final String shipmentId) {
        try {
            final ShipmentPlan plan = latestPlan(shipmentId);
            if (plan == null) {
                return Optional.empty();
            }
            final ClockedState<TemperatureState> clocked = streams.store(StoreQueryParameters.fromNameAndType(
                    TemperatureTopology.STATE_STORE, QueryableStoreTypes.<String, ClockedState<TemperatureState>>keyValueStore()))
                    .get(shipmentId);
            final TemperatureState temperature = clocked == null ? null : clocked.state();
            final Long deliveredAt = streams.store(StoreQueryParameters.fromNameAndType(
                    ShipmentLifecycleTopology.STORE, QueryableStoreTypes.<String, Long>keyValueStore()))
                    .get(shipmentId);
            return Optional.of(new Shipment(plan, deliveredAt, temperature));
        } catch (InvalidStateStoreException e) {
            throw new StoresUnavailableException(e.getMessage(), e);
        }
    }

    /** The plans store is versioned, which only interactive queries v2 can read. */
    private ShipmentPlan latestPlan(final String id) {
        final StateQueryResult<VersionedRecord<ShipmentPlan>> result = streams.query(
                StateQueryRequest.inStore(ShipmentPlansTopology.STORE)
                        .withQuery(VersionedKeyQuery.<String, ShipmentPlan>withKey(id)));
        for (final QueryResult<VersionedRecord<ShipmentPlan>> partition : result.getPartitionResults().values()) {
            if (partition.isSuccess() && partition.getResult() != null) {
                return partition.getResult().value();
            }
            if (partition.isFailure() && partition.getFailureReason() != FailureReason.NOT_PRESENT) {
                throw new InvalidStateStoreException(partition.getFailureMessage());
            }
        }
        return null;
    }
}
