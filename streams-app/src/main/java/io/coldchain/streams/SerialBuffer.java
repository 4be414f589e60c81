package io.coldchain.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The serial checks' inputs waiting to settle, and when each serial's settle: one {@link SerialPending} value per
 * serial, so an input is one write of its serial's value (held until the commit by a write-behind store, so a serial's
 * inputs within one commit interval are one changelog record) and taking a settled serial's inputs is one read of it.
 * It is the settle index's times ({@link SettleIndex.Times}): a serial has a value while it has a settle time.
 *
 * <p>Before this, each input was an entry of its own in a range-keyed store and the settle time another entry in a
 * third store: an input cost two changelog records on arrival and two deletions when applied, and taking a serial's
 * inputs opened a RocksDB iterator, which was 46 % of the live settle pass (docs/BENCHMARKS.md, "Lever 18").
 *
 * <p><b>Overflow.</b> A serial's value holds at most {@link #HELD_INPUTS} inputs; a serial whose inputs keep coming
 * without settling (a pack read again and again by a portal) puts the rest in the overflow store, one entry each,
 * keyed by serial, order and arrival as the buffer of earlier releases was: so a value written at every commit stays
 * small however long a serial's inputs go on. Taking the inputs of a serial whose value says it overflowed merges the
 * two in the order they apply.
 *
 * <p><b>Upgrade.</b> A release before this one kept each input in the overflow store's layout (the same store) and the
 * settle times in a store of their own; {@link #carryOver} moves those times into the values at a start, and marks the
 * serials with entries in the overflow store, so nothing an earlier release buffered is lost.
 */
public final class SerialBuffer implements SettleIndex.Times {

    /** Inputs held in a serial's value; more wait in the overflow store. */
    public static final int HELD_INPUTS = 32;
    /**
     * Per task. A serial's value is read at each input and once more when it settles, {@link
     * io.coldchain.streams.topology.SerialTopology#SETTLE} after its last input, after commits have written it out of
     * the write-behind store; a replay has hundreds of thousands of serials settling, most of which miss anyway.
     */
    static final int CACHE_CAPACITY = 16_384;

    private final StateCache<String, SerialPending> pending;
    private final KeyValueStore<Bytes, SerialInput> overflow;

    public SerialBuffer(final KeyValueStore<String, SerialPending> pending,
                        final KeyValueStore<Bytes, SerialInput> overflow) {
        this.pending = new StateCache<>(pending, CACHE_CAPACITY);
        this.overflow = overflow;
    }

    /**
     * Carries over what a release before this one left: its settle times ({@code legacyTimes}, then emptied) into the
     * values, and a settle time of {@code settleAt} for a serial with inputs in the overflow store but no time (written
     * before the settle times existed). Every serial with entries in the overflow store is marked as overflowing.
     *
     * @return the serials carried over
     */
    public int carryOver(final KeyValueStore<String, Long> legacyTimes, final long settleAt) {
        int carried = 0;
        final List<KeyValue<String, Long>> times = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = legacyTimes.all()) {
            it.forEachRemaining(times::add);
        }
        for (final KeyValue<String, Long> time : times) {
            final SerialPending current = pending.get(time.key);
            pending.put(time.key, current == null ? new SerialPending(time.value, List.of(), true)
                    : current.settlingAt(Math.max(current.settleAt(), time.value)).overflowing());
            legacyTimes.put(time.key, null);
            carried++;
        }
        final List<String> serials = new ArrayList<>();
        try (KeyValueIterator<Bytes, SerialInput> it = overflow.all()) {
            String last = null;
            while (it.hasNext()) {
                final String serial = BufferKeys.idOf(it.next().key);
                if (!serial.equals(last)) {
                    serials.add(serial);
                    last = serial;
                }
            }
        }
        for (final String serial : serials) {
            final SerialPending current = pending.get(serial);
            if (current == null) {
                pending.put(serial, new SerialPending(settleAt, List.of(), true));
                carried++;
            } else if (!current.overflow()) {
                pending.put(serial, current.overflowing());
            }
        }
        return carried;
    }

    /**
     * Adds an input to the waiting inputs of {@code serial}, which has a settle time ({@link SettleIndex#arrived}
     * comes first).
     *
     * @param arrival the input's offset on the repartition topic: ties in {@code order} apply in arrival order
     */
    public void add(final String serial, final long order, final long arrival, final SerialInput input) {
        final SerialPending current = pending.get(serial);
        if (current == null) {
            throw new IllegalStateException("An input of " + serial + " added before its settle time");
        }
        if (current.inputs().size() < HELD_INPUTS) {
            pending.put(serial, current.with(new SerialPending.WaitingInput(order, arrival, input)));
        } else {
            overflow.put(key(serial, order, arrival), input);
            if (!current.overflow()) {
                pending.put(serial, current.overflowing());
            }
        }
    }

    /**
     * The waiting inputs of {@code serial} in the order they apply; those in the overflow store are deleted from it.
     * Its value stays until {@link #delete} ({@link SettleIndex#applied}).
     */
    public List<SerialInput> take(final String serial) {
        final SerialPending current = pending.get(serial);
        if (current == null) {
            return List.of();
        }
        List<SerialPending.WaitingInput> waiting = current.inputs();
        if (current.overflow()) {
            final List<KeyValue<Bytes, SerialInput>> more = new ArrayList<>();
            try (KeyValueIterator<Bytes, SerialInput> it = overflow.range(key(serial, Long.MIN_VALUE, Long.MIN_VALUE),
                    key(serial, Long.MAX_VALUE, Long.MAX_VALUE))) {
                it.forEachRemaining(more::add);
            }
            if (!more.isEmpty()) {
                waiting = new ArrayList<>(waiting);
                for (final KeyValue<Bytes, SerialInput> entry : more) {
                    waiting.add(new SerialPending.WaitingInput(BufferKeys.timeOf(entry.key), arrivalOf(entry.key),
                            entry.value));
                    overflow.put(entry.key, null); // a tombstone; delete() would read the entry first
                }
                waiting.sort(SerialPending.WaitingInput.ORDER);
            }
        }
        final List<SerialInput> inputs = new ArrayList<>(waiting.size());
        for (final SerialPending.WaitingInput input : waiting) {
            inputs.add(input.input());
        }
        return inputs;
    }

    @Override
    public Long get(final String serial) {
        final SerialPending current = pending.get(serial);
        return current == null ? null : current.settleAt();
    }

    @Override
    public void put(final String serial, final long at) {
        final SerialPending current = pending.get(serial);
        pending.put(serial, current == null ? SerialPending.at(at) : current.settlingAt(at));
    }

    /** The serial's inputs were applied (taken): its value goes. */
    @Override
    public void delete(final String serial) {
        pending.delete(serial);
    }

    @Override
    public KeyValueIterator<String, Long> from(final String from) {
        final KeyValueIterator<String, SerialPending> values = from == null ? pending.store().all()
                : pending.store().range(from, null);
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return values.hasNext();
            }

            @Override
            public KeyValue<String, Long> next() {
                final KeyValue<String, SerialPending> next = values.next();
                return KeyValue.pair(next.key, next.value.settleAt());
            }

            @Override
            public String peekNextKey() {
                return values.peekNextKey();
            }

            @Override
            public void close() {
                values.close();
            }
        };
    }

    /**
     * An overflow entry's key: serial, then {@code order}, then {@code arrival}, so one serial's entries are one
     * contiguous range in the order they apply (the layout of earlier releases' buffer).
     */
    static Bytes key(final String serial, final long order, final long arrival) {
        return Bytes.wrap(BufferKeys.start(serial, order, 8).putLong(arrival ^ Long.MIN_VALUE).array());
    }

    private static long arrivalOf(final Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(BufferKeys.moreAt(key)) ^ Long.MIN_VALUE;
    }
}
