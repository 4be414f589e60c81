package io.coldchain.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that holds its writes, as objects, until the task commits, then writes the last value of each key
 * to the store below (which encodes it, writes RocksDB and its changelog) once. A shipment whose state changes at each
 * of its events within one commit interval costs one encoding and one changelog record per commit instead of one per
 * event, and a buffered event handed over in the same interval it arrived costs a tombstone instead of a record and a
 * tombstone with two RocksDB writes. Kafka Streams' own record cache does the same one level lower, but on bytes: it
 * still encodes every value put, which is what a profile of a replay found expensive.
 *
 * <p><b>Exactly-once.</b> Before a task commits its transaction, Kafka Streams flushes the caches of its stores
 * ({@code StreamTask.prepareCommit}, then {@code ProcessorStateManager.flushCache}), and this store writes what it
 * holds there ({@link #flushCache}), so every held write reaches the changelog inside the transaction that commits the
 * input offsets that caused it. That is why it implements Kafka Streams' {@link CachedStateStore}, an interface of its
 * internals (the one this project uses): {@link StateStore#commit} comes only after the transaction, with the
 * checkpoint, too late for exactly-once. {@code WriteBehindStoreIT} fails if a Kafka Streams upgrade stops calling
 * it. A task closed without committing (a crash, a fenced producer) closes this store without writing what it holds,
 * as the transaction is aborted and the store restored from its changelog.
 *
 * <p><b>What it holds.</b> Only writes not yet committed, never values read: the store below can change by
 * restoration (standby tasks) without this layer seeing it, and reading the held writes first is correct only for
 * writes made through it. Past {@code maxHeld} keys, it writes what it holds at once.
 *
 * <p><b>Who sees what.</b> The task's stream thread, the one that writes, reads its own writes: a read of a key it
 * holds answers the held value, and a scan ({@link #range}, {@link #all}, …) first writes what it holds to the store
 * below, then reads that. Every other thread (interactive queries: the query API, the console) reads the store below
 * only, so it sees what was committed, and never causes a write: a changelog record sent from outside the stream
 * thread would fall outside the task's transaction. Every method holds the store's lock.
 *
 * <p><b>Entries that come and go between two commits.</b> A key put with {@link #putNew}, which the caller knows the
 * store below does not hold (a reorder buffer's entry for a newly arrived event: its key names the event, and the
 * buffer's in-memory index says it is not there), and deleted again before the commit, is never written at all: no
 * record, no tombstone, no RocksDB delete. That is the usual life of a reorder buffer's entry in a replay, where the
 * events that release it arrive within the same commit interval.
 *
 * <p>Values are kept as the objects given: callers must not change an object after putting it.
 */
public final class WriteBehindStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

    /** Distinct keys held before they are written without waiting for the commit. */
    public static final int DEFAULT_MAX_HELD = 20_000;

    /** Marks a held delete: {@link HashMap} values cannot tell a held null from no entry. */
    private static final Object DELETED = new Object();

    private final KeyValueStore<K, V> inner;
    private final int maxHeld;
    private final Map<K, Object> held = new HashMap<>();
    /** Held keys put with {@link #putNew} since the last write: the store below does not hold them (a subset of held). */
    private final Set<K> fresh = new HashSet<>();
    /** The thread that holds writes: the stream thread of the task (a task moves between threads only after a commit). */
    private Thread writer;
    private long writesHeld;
    private long writesPassed;
    private long writesDropped;

    public WriteBehindStore(final KeyValueStore<K, V> inner, final int maxHeld) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("maxHeld must be at least 1, got " + maxHeld);
        }
        this.inner = inner;
        this.maxHeld = maxHeld;
    }

    /** Wraps the store another builder builds (serdes, logging and caching stay that builder's). */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> around(final StoreBuilder<KeyValueStore<K, V>> inner) {
        return new Builder<>(inner, DEFAULT_MAX_HELD);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        inner.init(context, root);
    }

    @Override
    public synchronized void put(final K key, final V value) {
        hold(key, value == null ? DELETED : value);
    }

    /**
     * Puts {@code value} under a key that the store below does not hold, as the caller knows (it is the caller's
     * promise: a key the store below does hold would keep its old value there if deleted again before the commit). If
     * the key is deleted before the commit, nothing is written for it. A key this store holds, a value or a delete not
     * yet written, is put as by {@link #put}.
     */
    public synchronized void putNew(final K key, final V value) {
        Objects.requireNonNull(value, "putNew needs a value");
        if (!held.containsKey(key)) {
            fresh.add(key);
        }
        hold(key, value);
    }

    /**
     * The write-behind layer of a store as a processor gets it from its context (Kafka Streams wraps it), or null when
     * the store has none.
     */
    @SuppressWarnings("unchecked")
    public static <K, V> WriteBehindStore<K, V> layerOf(final StateStore store) {
        StateStore layer = store;
        while (!(layer instanceof WriteBehindStore<?, ?>)) {
            if (!(layer instanceof WrappedStateStore<?, ?, ?> wrapped)) {
                return null;
            }
            layer = wrapped.wrapped();
        }
        return (WriteBehindStore<K, V>) layer;
    }

    @Override
    public synchronized V putIfAbsent(final K key, final V value) {
        final V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public synchronized void putAll(final List<KeyValue<K, V>> entries) {
        for (final KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public synchronized V delete(final K key) {
        final V before = get(key);
        hold(key, DELETED);
        return before;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(final K key) {
        final Object value = fromWriter() ? held.get(key) : null;
        if (value == null) {
            return inner.get(key);
        }
        return value == DELETED ? null : (V) value;
    }

    @Override
    public synchronized KeyValueIterator<K, V> range(final K from, final K to) {
        writeHeldIfWriter();
        return inner.range(from, to);
    }

    @Override
    public synchronized KeyValueIterator<K, V> reverseRange(final K from, final K to) {
        writeHeldIfWriter();
        return inner.reverseRange(from, to);
    }

    @Override
    public synchronized KeyValueIterator<K, V> all() {
        writeHeldIfWriter();
        return inner.all();
    }

    @Override
    public synchronized KeyValueIterator<K, V> reverseAll() {
        writeHeldIfWriter();
        return inner.reverseAll();
    }

    @Override
    public synchronized <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(final P prefix,
                                                                                        final PS prefixKeySerializer) {
        writeHeldIfWriter();
        return inner.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public synchronized long approximateNumEntries() {
        return inner.approximateNumEntries() + (fromWriter() ? held.size() : 0);
    }

    /** Writes what it holds to the store below, before the task's transaction commits; then the caches below it. */
    @Override
    public synchronized void flushCache() {
        writeHeld();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    /** Drops what it holds without writing it. */
    @Override
    public synchronized void clearCache() {
        held.clear();
        fresh.clear();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean setFlushListener(final CacheFlushListener<K, V> listener, final boolean sendOldValues) {
        return inner instanceof CachedStateStore<?, ?> cached
                && ((CachedStateStore<K, V>) cached).setFlushListener(listener, sendOldValues);
    }

    @Override
    public synchronized void flush() {
        writeHeld();
        inner.flush();
    }

    /**
     * Kafka Streams calls this after the transaction committed ({@link #flushCache} came before it), so nothing is held
     * by then; should anything be, it is written here rather than lost, into the next transaction.
     */
    @Override
    public synchronized void commit(final Map<TopicPartition, Long> changelogOffsets) {
        writeHeld();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(final TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return inner.approximateNumUncommittedBytes();
    }

    /** Closes the store below without writing what is held: a clean close commits first, a dirty one must not write. */
    @Override
    public synchronized void close() {
        held.clear();
        fresh.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public synchronized <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound,
                                                 final QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Writes put or deleted through this store and held. */
    public synchronized long writesHeld() {
        return writesHeld;
    }

    /** Writes that reached the store below. */
    public synchronized long writesPassed() {
        return writesPassed;
    }

    /** Keys put with {@link #putNew} and deleted before the commit: nothing was written for them. */
    public synchronized long writesDropped() {
        return writesDropped;
    }

    private boolean fromWriter() {
        return Thread.currentThread() == writer;
    }

    private void writeHeldIfWriter() {
        if (fromWriter()) {
            writeHeld();
        }
    }

    private void hold(final K key, final Object value) {
        writer = Thread.currentThread();
        writesHeld++;
        if (value == DELETED && fresh.remove(key)) {
            held.remove(key); // never written below: nothing to delete there
            writesDropped++;
            return;
        }
        held.put(key, value);
        if (held.size() > maxHeld) {
            writeHeld();
        }
    }

    /**
     * One {@code putAll}, a held delete as a null value: the stores below delete a key put to null without reading its
     * old value back, which {@code delete} would (RocksDB read and decode, only to return it).
     */
    @SuppressWarnings("unchecked")
    private void writeHeld() {
        if (held.isEmpty()) {
            return;
        }
        final List<KeyValue<K, V>> writes = new ArrayList<>(held.size());
        for (final Map.Entry<K, Object> entry : held.entrySet()) {
            writes.add(KeyValue.pair(entry.getKey(), entry.getValue() == DELETED ? null : (V) entry.getValue()));
        }
        // Forgotten before the write: should putAll fail part-way, a key it did write must not be taken as absent
        // below (a later delete of it dropped instead of written); a key it did not write costs a needless tombstone.
        fresh.clear();
        inner.putAll(writes);
        writesPassed += held.size();
        held.clear();
    }

    /** Builds a {@link WriteBehindStore} around the store another builder builds. */
    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> inner, int maxHeld)
            implements StoreBuilder<KeyValueStore<K, V>> {

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            return new Builder<>(inner.withCachingEnabled(), maxHeld);
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            return new Builder<>(inner.withCachingDisabled(), maxHeld);
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(final Map<String, String> config) {
            return new Builder<>(inner.withLoggingEnabled(config), maxHeld);
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            return new Builder<>(inner.withLoggingDisabled(), maxHeld);
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(inner.build(), maxHeld);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
