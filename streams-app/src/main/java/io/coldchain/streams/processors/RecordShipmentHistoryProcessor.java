package io.coldchain.streams.processors;

import io.coldchain.rules.history.HistoryLimits;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.rules.history.ShipmentHistoryRule;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.streams.PointKey;
import io.coldchain.streams.StateCache;
import io.coldchain.streams.StoredPointSeries;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.ShipmentHistoryTopology;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records plans, readings, fixes and custody events in {@link ShipmentHistoryTopology#STORE} through
 * {@link ShipmentHistoryRule}, the downsampled positions and readings as entries of their own
 * ({@link ShipmentHistoryTopology#TRACK_STORE}, {@link ShipmentHistoryTopology#READINGS_STORE}, through
 * {@link StoredPointSeries}); once an hour of stream time, releases the histories of shipments quiet for the retention
 * period, points included. That check reads every history value, a few hundred bytes each, once an hour: far less than
 * the records that wrote them, so no deadline index. Histories are read through the processor's {@link StateCache}:
 * the rule changes a history in place, so a record it fails on drops that history from the cache. A history written
 * by an earlier release, its points inside it, has them moved to the point stores when it is next changed.
 */
public final class RecordShipmentHistoryProcessor implements Processor<String, Object, Void, Void> {

    static final Duration RELEASE_INTERVAL = Duration.ofHours(1);

    private final ShipmentHistoryRule rule;
    private StateCache<String, ShipmentHistory> store;
    private KeyValueStore<PointKey, ShipmentHistory.Position> track;
    private KeyValueStore<PointKey, ShipmentHistory.Reading> readings;
    private ProcessorContext<Void, Void> context;
    private Sensor cacheReads;

    public RecordShipmentHistoryProcessor(final HistoryLimits limits) {
        this.rule = new ShipmentHistoryRule(limits);
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = new StateCache<>(
                context.<KeyValueStore<String, ShipmentHistory>>getStateStore(ShipmentHistoryTopology.STORE),
                StateCache.shipmentsCapacity(context.appConfigs()));
        this.track = context.getStateStore(ShipmentHistoryTopology.TRACK_STORE);
        this.readings = context.getStateStore(ShipmentHistoryTopology.READINGS_STORE);
        this.cacheReads = TaskSensors.cacheReads(context, ShipmentHistoryTopology.RECORD, ShipmentHistoryTopology.STORE,
                store);
        context.schedule(RELEASE_INTERVAL, PunctuationType.STREAM_TIME, this::release);
    }

    @Override
    public void close() {
        if (cacheReads != null) {
            context.metrics().removeSensor(cacheReads);
            cacheReads = null;
        }
    }

    @Override
    public void process(final Record<String, Object> record) {
        final String id = record.key();
        if (id == null) {
            return;
        }
        try {
            record(id, record.value(), record.timestamp());
        } catch (RuntimeException e) {
            store.forget(id);
            throw e;
        }
    }

    private void record(final String id, final Object value, final long timestamp) {
        final ShipmentHistory history = store.get(id);
        if (history != null) {
            adoptEarlierPoints(id, history);
        }
        final ShipmentHistory next;
        if (value == null) {
            next = null; // a plan tombstone: the shipment is gone
        } else if (value instanceof ShipmentPlan plan) {
            next = rule.onPlan(history, plan, EventTimeExtractor.planTime(plan, timestamp));
        } else if (value instanceof io.coldchain.schemas.TemperatureReading reading) {
            final ShipmentHistory current = history == null ? new ShipmentHistory() : history;
            next = rule.onReading(current, Contracts.toDomain(reading),
                    new StoredPointSeries<>(readings, id, current.readingsKept));
        } else if (value instanceof io.coldchain.schemas.LocationFix fix) {
            final ShipmentHistory current = history == null ? new ShipmentHistory() : history;
            next = rule.onFix(current, Contracts.toDomain(fix), new StoredPointSeries<>(track, id, current.trackKept));
        } else if (value instanceof io.coldchain.schemas.CustodyEvent event) {
            next = rule.onCustody(history, Contracts.toDomain(event));
        } else {
            return;
        }
        if (next == null) {
            if (history != null) {
                release(id);
            }
        } else {
            store.put(id, next);
        }
    }

    /** Moves the points of a history written by an earlier release into the point stores (once: the lists are then empty). */
    private void adoptEarlierPoints(final String id, final ShipmentHistory history) {
        if (!history.track.isEmpty()) {
            new StoredPointSeries<>(track, id, history.trackKept).adopt(history.track, p -> p.at);
        }
        if (!history.readings.isEmpty()) {
            new StoredPointSeries<>(readings, id, history.readingsKept).adopt(history.readings, r -> r.at);
        }
    }

    private void release(final String id) {
        store.delete(id);
        StoredPointSeries.deleteAll(track, id);
        StoredPointSeries.deleteAll(readings, id);
    }

    private void release(final long streamTime) {
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ShipmentHistory> all = store.store().all()) {
            while (all.hasNext()) {
                final KeyValue<String, ShipmentHistory> entry = all.next();
                if (rule.expired(entry.value, streamTime)) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(this::release);
    }
}
