package io.coldchain.ops.api;

import io.coldchain.contract.audit.AlertAuditState;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.streams.ClockedState;
import io.coldchain.streams.PointKey;
import io.coldchain.streams.StoredPointSeries;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.topology.AlertAuditTopology;
import io.coldchain.streams.topology.ShipmentHistoryTopology;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/** {@link LocalStores} over the active tasks of a {@link KafkaStreams} client. */
public final class StreamsLocalStores implements LocalStores {

    private final KafkaStreams streams;
    private final TemperatureProfiles profiles;

    public StreamsLocalStores(final KafkaStreams streams, final TemperatureProfiles profiles) {
        this.streams = streams;
        this.profiles = profiles;
    }

    @Override
    public List<ApiViews.ShipmentItem> shipments() {
        return read(() -> {
            final ReadOnlyKeyValueStore<String, Long> deliveries = store(ShipmentLifecycleTopology.STORE);
            final List<ApiViews.ShipmentItem> items = new ArrayList<>();
            try (KeyValueIterator<String, ShipmentHistory> all = this.<ShipmentHistory>store(ShipmentHistoryTopology.STORE).all()) {
                while (all.hasNext()) {
                    final KeyValue<String, ShipmentHistory> entry = all.next();
                    final ApiViews.ShipmentItem item = Views.item(entry.key, entry.value, deliveries.get(entry.key));
                    if (item != null) {
                        items.add(item);
                    }
                }
            }
            return items;
        });
    }

    @Override
    public Optional<ApiViews.ShipmentDetail> shipment(final String shipmentId) {
        return read(() -> {
            final ShipmentPlan plan = latestPlan(shipmentId);
            if (plan == null) {
                return Optional.empty();
            }
            final ShipmentHistory history = this.<ShipmentHistory>store(ShipmentHistoryTopology.STORE).get(shipmentId);
            final ClockedState<TemperatureState> clocked = this.<ClockedState<TemperatureState>>store(
                    TemperatureTopology.STATE_STORE).get(shipmentId);
            final TemperatureState temperature = clocked == null ? null : clocked.state();
            final Long deliveredAt = this.<Long>store(ShipmentLifecycleTopology.STORE).get(shipmentId);
            return Optional.of(Views.detail(plan, history, temperature, deliveredAt, profiles.forPlan(plan).orElse(null)));
        });
    }

    @Override
    public Optional<ApiViews.Track> track(final String shipmentId) {
        return history(shipmentId, history -> Views.track(shipmentId, history.track.isEmpty()
                ? StoredPointSeries.read(this.<PointKey, ShipmentHistory.Position>anyStore(ShipmentHistoryTopology.TRACK_STORE),
                        shipmentId)
                : history.track));
    }

    @Override
    public Optional<ApiViews.Temperatures> temperatures(final String shipmentId) {
        return history(shipmentId, history -> Views.temperatures(shipmentId, history.readings.isEmpty()
                ? StoredPointSeries.read(this.<PointKey, ShipmentHistory.Reading>anyStore(ShipmentHistoryTopology.READINGS_STORE),
                        shipmentId)
                : history.readings));
    }

    /**
     * A view of the shipment's history, empty when it has none. Its points are in their own stores, but for a history
     * an earlier release wrote and nothing has changed since: it still holds them itself.
     */
    private <T> Optional<T> history(final String shipmentId, final Function<ShipmentHistory, T> view) {
        return read(() -> Optional.ofNullable(this.<ShipmentHistory>store(ShipmentHistoryTopology.STORE)
                .get(shipmentId)).map(view));
    }

    @Override
    public List<ApiViews.AlertView> alerts() {
        return read(() -> {
            final List<ApiViews.AlertView> alerts = new ArrayList<>();
            try (KeyValueIterator<String, AlertAuditState> all = this.<AlertAuditState>store(AlertAuditTopology.STATE_STORE).all()) {
                while (all.hasNext()) {
                    final KeyValue<String, AlertAuditState> entry = all.next();
                    final ApiViews.AlertView alert = Views.alert(entry.key, entry.value);
                    if (alert != null) {
                        alerts.add(alert);
                    }
                }
            }
            return alerts;
        });
    }

    @Override
    public Optional<ApiViews.AlertView> alert(final String alertId) {
        return read(() -> Optional.ofNullable(Views.alert(alertId,
                this.<AlertAuditState>store(AlertAuditTopology.STATE_STORE).get(alertId))));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(final String name) {
        return anyStore(name);
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> anyStore(final String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
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

    private interface Read<T> {
        T get();
    }

    private static <T> T read(final Read<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }
}
