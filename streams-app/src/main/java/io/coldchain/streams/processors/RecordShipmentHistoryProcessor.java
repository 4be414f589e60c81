package io.coldchain.streams.processors;

import io.coldchain.rules.history.HistoryLimits;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.rules.history.ShipmentHistoryRule;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.streams.StateCache;
import io.coldchain.streams.topology.ShipmentHistoryTopology;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records plans, readings, fixes and custody events in {@link ShipmentHistoryTopology#STORE} through
 * {@link ShipmentHistoryRule}; once an hour of stream time, releases the histories of shipments quiet for the
 * retention period. That check reads every entry, a few KB each, once an hour: far less than the records that wrote
 * them, so no deadline index. Histories are read through the processor's {@link StateCache}: the rule changes a history
 * in place, so a record it fails on drops that history from the cache.
 */
public final class RecordShipmentHistoryProcessor implements Processor<String, Object, Void, Void> {

    static final Duration RELEASE_INTERVAL = Duration.ofHours(1);

    private final ShipmentHistoryRule rule;
    private StateCache<String, ShipmentHistory> store;

    public RecordShipmentHistoryProcessor(final HistoryLimits limits) {
        this.rule = new ShipmentHistoryRule(limits);
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.store = new StateCache<>(context.<KeyValueStore<String, ShipmentHistory>>getStateStore(ShipmentHistoryTopology.STORE));
        context.schedule(RELEASE_INTERVAL, PunctuationType.STREAM_TIME, this::release);
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
        final ShipmentHistory next;
        if (value == null) {
            next = null; // a plan tombstone: the shipment is gone
        } else if (value instanceof ShipmentPlan plan) {
            next = rule.onPlan(history, plan, EventTimeExtractor.planTime(plan, timestamp));
        } else if (value instanceof io.coldchain.schemas.TemperatureReading reading) {
            next = rule.onReading(history, Contracts.toDomain(reading));
        } else if (value instanceof io.coldchain.schemas.LocationFix fix) {
            next = rule.onFix(history, Contracts.toDomain(fix));
        } else if (value instanceof io.coldchain.schemas.CustodyEvent event) {
            next = rule.onCustody(history, Contracts.toDomain(event));
        } else {
            return;
        }
        if (next == null) {
            if (history != null) {
                store.delete(id);
            }
        } else {
            store.put(id, next);
        }
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
        expired.forEach(store::delete);
    }
}
