package io.coldchain.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's read cache in front of a key-value store that only this processor writes: the values it last read or
 * wrote, least recently used first out. A shipment's next event then finds the state its previous event left without
 * reading it back from RocksDB and decoding it (a profile of a replay put decoding at a fifth of the stream thread).
 * Writes go straight through to the store, so its changelog, its exactly-once commits and interactive queries see
 * exactly what they saw without the cache.
 *
 * <p><b>Why a cache held by the processor is never stale.</b> Kafka Streams initialises a task's processors when the
 * task becomes active, after its stores were restored; while it runs, the store changes only through them. A task
 * revived after an aborted transaction keeps its processor objects, but they are closed and initialised again on the
 * restored stores, and every processor makes its caches anew in {@code init}. So a cache lives from one {@code init}
 * to the next close, and a key is forgotten ({@link #forget}) when a rule failed part-way on the object it was given.
 *
 * <p>Cached values are shared with the caller: the rules hand back new state values instead of changing the ones
 * they were given, and a caller that changes a value in place must {@link #put} it (or {@link #forget} it) before the
 * next read.
 *
 * @param <K> the store's key type
 * @param <V> the store's value type
 */
public final class StateCache<K, V> {

    /**
     * The Kafka Streams configuration key of the capacity of the caches of the detectors' states and the shipment
     * histories, per store and task ({@code coldchain streams --state-cache-shipments}); processors read it from
     * their context's application configuration.
     */
    public static final String SHIPMENTS_CONFIG = "coldchain.state.cache.shipments";

    /**
     * {@link #SHIPMENTS_CONFIG}'s default: a replay of 1,000 shipments (about 330 a task) fits, and 100,000 shipments'
     * state stays within 1 GB of heap (docs/BENCHMARKS.md, "State footprint"). A live fleet larger than a task's
     * cache, whose shipments report in turn, misses every time (least recently used out is the worst order for it): at
     * 65,000 shipments live (a task's 21,700) every fix and reading read its shipment's state and history back from
     * RocksDB. A cache of the fleet's size took 0.78-0.82x the stream thread's CPU a record there, and about 2-3 KB of
     * heap per shipment more (docs/BENCHMARKS.md, "Lever 22"): a setting, not the default.
     */
    public static final int DEFAULT_SHIPMENTS = 4_096;

    /**
     * Per store and task, for values of at most a few hundred bytes (a delivery time, or none):
     * a fleet's every shipment, which a cache of {@link #DEFAULT_SHIPMENTS} misses every time when the fleet is larger
     * (a live fleet of 65,000 shipments, a task's 21,700 of them, spent 6 % of the stream thread reading delivery
     * times and 3.7 % reading event clocks through caches of 4,096).
     */
    public static final int SMALL_VALUES_CAPACITY = 65_536;

    /** Marks a key known to have no value, so a shipment's first event does not read the store twice. */
    private static final Object ABSENT = new Object();

    private final KeyValueStore<K, V> store;
    private final Map<K, Object> cached;
    /**
     * The reads, counted once, in Kafka's own {@link CumulativeSum}: {@link TaskSensors#cacheReads} registers these very
     * sums as metrics (the Prometheus registry shows that class as a counter), so a read is one plain addition.
     */
    private final CumulativeSum hits = new CumulativeSum();
    private final CumulativeSum misses = new CumulativeSum();

    public StateCache(final KeyValueStore<K, V> store, final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.store = store;
        this.cached = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The capacity {@link #SHIPMENTS_CONFIG} sets in a task's application configuration (or the properties it is
     * made of), or {@link #DEFAULT_SHIPMENTS}.
     *
     * @throws IllegalArgumentException when it is not a whole number of at least 1
     */
    public static int shipmentsCapacity(final Map<?, ?> appConfigs) {
        final Object value = appConfigs.get(SHIPMENTS_CONFIG);
        if (value == null) {
            return DEFAULT_SHIPMENTS;
        }
        final int capacity;
        try {
            capacity = value instanceof Number number ? Math.toIntExact(number.longValue())
                    : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(SHIPMENTS_CONFIG + " must be a whole number of at least 1, got " + value, e);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException(SHIPMENTS_CONFIG + " must be at least 1, got " + value);
        }
        return capacity;
    }

    /** The value of {@code key}, from the cache or else the store; null when there is none. */
    @SuppressWarnings("unchecked")
    public V get(final K key) {
        final Object known = cached.get(key);
        if (known != null) {
            hits.record(null, 1, 0);
            return known == ABSENT ? null : (V) known;
        }
        misses.record(null, 1, 0);
        final V value = store.get(key);
        cached.put(key, value == null ? ABSENT : value);
        return value;
    }

    /** Writes {@code value} to the store and keeps it. */
    public void put(final K key, final V value) {
        if (value == null) {
            delete(key);
            return;
        }
        store.put(key, value);
        cached.put(key, value);
    }

    /**
     * Deletes {@code key} from the store and remembers it has no value. Put to null, which Kafka's stores treat as a
     * delete, because {@code delete} reads the old value back only to return it.
     */
    public void delete(final K key) {
        store.put(key, null);
        cached.put(key, ABSENT);
    }

    /** Drops {@code key} from the cache only: its next read comes from the store. */
    public void forget(final K key) {
        cached.remove(key);
    }

    /** Forgets every key (the cache's owner stops using it): the store is unchanged. */
    public void clear() {
        cached.clear();
    }

    /** The store behind the cache, for scans: they read it directly. */
    public KeyValueStore<K, V> store() {
        return store;
    }

    /** The sum of the reads answered from the cache, for its metric. */
    CumulativeSum hitsSum() {
        return hits;
    }

    /** The sum of the reads that went to the store, for its metric. */
    CumulativeSum missesSum() {
        return misses;
    }

    /** Reads answered from the cache. */
    public long hits() {
        return (long) hits.measure(null, 0);
    }

    /** Reads that went to the store. */
    public long misses() {
        return (long) misses.measure(null, 0);
    }
}
