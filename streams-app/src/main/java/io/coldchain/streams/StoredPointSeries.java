package io.coldchain.streams;

import io.coldchain.rules.history.PointSeries;
import io.coldchain.rules.history.ShipmentHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One shipment's downsampled history series as store entries, one per point ({@link PointKey}), with its count and
 * latest time in the shipment's history value ({@link ShipmentHistory.Kept}). A point that arrives in order, the usual
 * case, is judged from those two numbers without reading the store; only a point older than the latest one reads its
 * neighbours (a range of one entry each way), and dropping the earliest point reads the first entry of the range.
 * So a shipment's fixes cost a write of its small history value per commit, and a store entry per kept point,
 * instead of the whole series at every commit.
 *
 * @param <T> the point type
 */
public final class StoredPointSeries<T> implements PointSeries<T> {

    private final KeyValueStore<PointKey, T> store;
    private final String shipmentId;
    private final ShipmentHistory.Kept kept;

    public StoredPointSeries(final KeyValueStore<PointKey, T> store, final String shipmentId,
                             final ShipmentHistory.Kept kept) {
        this.store = store;
        this.shipmentId = shipmentId;
        this.kept = kept;
    }

    @Override
    public long latestAtOrBefore(final long at) {
        if (kept.count == 0) {
            return Long.MIN_VALUE;
        }
        if (at >= kept.latest) {
            return kept.latest;
        }
        try (KeyValueIterator<PointKey, T> before = store.reverseRange(PointKey.first(shipmentId),
                new PointKey(shipmentId, at))) {
            return before.hasNext() ? before.next().key.at() : Long.MIN_VALUE;
        }
    }

    @Override
    public long earliestAfter(final long at) {
        if (kept.count == 0 || at >= kept.latest) {
            return Long.MAX_VALUE;
        }
        try (KeyValueIterator<PointKey, T> after = store.range(new PointKey(shipmentId, at + 1),
                PointKey.last(shipmentId))) {
            return after.hasNext() ? after.next().key.at() : Long.MAX_VALUE;
        }
    }

    @Override
    public int size() {
        return kept.count;
    }

    @Override
    public void add(final long at, final T point) {
        store.put(new PointKey(shipmentId, at), point);
        kept.latest = kept.count == 0 ? at : Math.max(kept.latest, at);
        kept.count++;
    }

    @Override
    public void removeEarliest() {
        final PointKey earliest;
        try (KeyValueIterator<PointKey, T> all = store.range(PointKey.first(shipmentId), PointKey.last(shipmentId))) {
            if (!all.hasNext()) {
                throw new IllegalStateException("no point of " + shipmentId + " to drop, though " + kept.count + " are counted");
            }
            earliest = all.next().key;
        }
        store.put(earliest, null);
        kept.count--;
        if (kept.count == 0) {
            kept.latest = Long.MIN_VALUE;
        }
    }

    /**
     * Moves the points a history value of an earlier release holds in {@code points} into the series, once: the value
     * then keeps only their count and latest time.
     */
    public void adopt(final List<T> points, final ToLongFunction<T> time) {
        for (final T point : points) {
            add(time.applyAsLong(point), point);
        }
        points.clear();
    }

    /** Deletes every point of the shipment's series (its history is released). */
    public static <T> void deleteAll(final KeyValueStore<PointKey, T> store, final String shipmentId) {
        final List<PointKey> keys = new ArrayList<>();
        try (KeyValueIterator<PointKey, T> all = store.range(PointKey.first(shipmentId), PointKey.last(shipmentId))) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(key -> store.put(key, null));
    }

    /** The shipment's points in event-time order, as a reader of the store (the query API) sees them. */
    public static <T> List<T> read(final ReadOnlyKeyValueStore<PointKey, T> store, final String shipmentId) {
        final List<T> points = new ArrayList<>();
        try (KeyValueIterator<PointKey, T> all = store.range(PointKey.first(shipmentId), PointKey.last(shipmentId))) {
            while (all.hasNext()) {
                final KeyValue<PointKey, T> entry = all.next();
                points.add(entry.value);
            }
        }
        return points;
    }
}
