package io.coldchain.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When the buffered inputs of each serial settle (the wall-clock time after which none has arrived for long enough),
 * kept in stores instead of on the heap: a serial with buffered inputs is one entry in each, and a replay can buffer
 * millions of them (a map of them held 2.2 million entries, ≈ 320 MiB, in the 10-million-serial run of
 * {@code benchmarks/state-footprint.sh}).
 *
 * <ul>
 *   <li>{@code settleAt}: serial → when its inputs settle (epoch millis, wall clock); the authority ({@link Times}: the
 *       serial checks keep it in the value that holds the serial's inputs, {@link SerialBuffer});</li>
 *   <li>{@code byTime}: {@code <when, 8 bytes big-endian><serial>} → nothing, so the settled serials are one range
 *       read from the start, in settle-time order, whatever the number waiting. An arrival that moves a serial's time
 *       adds an entry and leaves the old one, which the range read finds stale (its time is no longer the serial's)
 *       and deletes: one write per arrival, no read of the old entry.</li>
 * </ul>
 *
 * <p>Only {@code settleAt} is changelogged: {@code byTime} says nothing it does not, so it is a local store without a
 * changelog, brought up to date from {@code settleAt} after every start (a crash under exactly-once wipes the local
 * stores; a move to another instance or a standby starts without it, or with an old copy). That saves two changelog
 * records per input of a serial (its entry and the entry's deletion). The catch-up is not done in the processor's
 * {@code init}, where a replay's millions of waiting serials would hold the stream thread, and its open transaction,
 * for seconds: {@link #catchUp} does it a slice at a time from the wall-clock punctuation, under the work budget, and
 * until it is complete {@link #settledBy} lists nothing. Entries an old local copy kept need no deletion: an entry
 * whose time is not its serial's any more is stale and deleted when a range read meets it.
 *
 * <p>After a start with serials waiting, nothing settles before {@code quietAfterStartMillis} after the start: what
 * raced their inputs before the restart may be on its way again. Every wait is at most that long, so each serial
 * waiting before the start settles exactly then (or later, if inputs keep arriving); new serials wait for it too.
 */
public final class SettleIndex {

    private static final byte[] NOTHING = new byte[0];

    /**
     * Every input of a serial reads its time, the settle check reads it again for each listed serial and once more to
     * apply it, within seconds: an implementation reads through a cache of its recent serials.
     */
    private final Times settleAt;
    private final KeyValueStore<Bytes, byte[]> byTime;
    private final long notBefore;
    /**
     * Serials whose time is at most this were waiting before the start: they settle no earlier than {@code notBefore}.
     * {@code notBefore} itself when something was waiting (every wait is at most the quiet after the start, so every
     * time written before the start is at most {@code notBefore}); {@link Long#MIN_VALUE} when nothing was.
     */
    private final long restoredUpTo;
    /** The last serial of {@code settleAt} entered into {@code byTime} by the catch-up; null before the first. */
    private String caughtUpTo;
    private boolean caughtUp;
    /**
     * No live entry is below this time: range reads start here rather than at the deletion markers of the serials
     * applied and the stale entries deleted before it, which RocksDB would otherwise step over at every read until a
     * compaction drops them. It moves up to the first live entry a read meets (everything before it was met and is
     * deleted) and down when an entry is written below it.
     */
    private long floor = Long.MIN_VALUE;

    /**
     * @param startedAt              the wall-clock time of this start (the processor's init)
     * @param quietAfterStartMillis  how long after the start serials settled before it wait; at least every wait
     */
    public SettleIndex(final Times settleAt, final KeyValueStore<Bytes, byte[]> byTime,
                       final long startedAt, final long quietAfterStartMillis) {
        this.settleAt = settleAt;
        this.byTime = byTime;
        this.notBefore = startedAt + quietAfterStartMillis;
        final boolean waiting = !isEmpty();
        this.restoredUpTo = waiting ? notBefore : Long.MIN_VALUE;
        this.caughtUp = !waiting;
    }

    /**
     * Enters the serials waiting since before the start into {@code byTime}, one by one, until done or {@code enough}
     * says so (asked after each); the next call goes on where this one stopped.
     *
     * @return whether {@code byTime} is complete ({@link #settledBy} lists nothing before)
     */
    public boolean catchUp(final BooleanSupplier enough) {
        if (caughtUp) {
            return true;
        }
        try (KeyValueIterator<String, Long> waiting = settleAt.from(caughtUpTo)) {
            while (waiting.hasNext()) {
                final KeyValue<String, Long> entry = waiting.next();
                if (entry.key.equals(caughtUpTo)) {
                    continue; // where the last call stopped: already entered
                }
                enter(entry.value, entry.key);
                caughtUpTo = entry.key;
                // The budget counts serials, as the settle checks' own work does.
                if (enough.getAsBoolean()) {
                    caughtUp = !waiting.hasNext();
                    return caughtUp;
                }
            }
        }
        caughtUp = true;
        return true;
    }

    /** Whether serials were waiting when this index was made (the start), as the constructor read it once. */
    public boolean waitingAtStart() {
        return restoredUpTo != Long.MIN_VALUE;
    }

    /** Whether nothing is waiting now. */
    public boolean isEmpty() {
        try (KeyValueIterator<String, Long> first = settleAt.from(null)) {
            return !first.hasNext();
        }
    }

    /** An input of {@code serial} arrived: its inputs settle at {@code at}, or later if they already did. */
    public void arrived(final String serial, final long at) {
        final Long current = settleAt.get(serial);
        long next = at;
        if (current != null) {
            if (current >= at) {
                return;
            }
            if (current <= restoredUpTo) {
                next = Math.max(at, notBefore); // it was waiting before the restart: the longer wait holds
            }
        }
        settleAt.put(serial, next);
        enter(next, serial);
    }

    private void enter(final long at, final String serial) {
        byTime.put(key(at, serial), NOTHING);
        // A settle time is later than the wall clock of every read so far (a wait follows each arrival), so this
        // hardly ever lowers the floor; a wall clock set back would, and the entry must stay where reads look.
        floor = Math.min(floor, at);
    }

    /** Whether inputs of {@code serial} are waiting to settle. */
    public boolean settling(final String serial) {
        return settleAt.get(serial) != null;
    }

    /**
     * Up to {@code max} serials whose inputs have settled at {@code now}, earliest settle time first (ties by serial).
     * They stay listed until {@link #applied}; stale entries met on the way are deleted.
     */
    public List<String> settledBy(final long now, final int max) {
        final List<String> settled = new ArrayList<>();
        if (!caughtUp) {
            return settled;
        }
        // Before the restart's quiet is over, the entries written before the restart are not due.
        final long from = now < notBefore && waitingAtStart()
                ? Math.max(floor, Math.min(restoredUpTo, notBefore) + 1) : floor;
        if (from > now) {
            return settled;
        }
        final long until = now == Long.MAX_VALUE ? now : now + 1;
        final List<Bytes> stale = new ArrayList<>();
        boolean exhausted = true;
        long firstLive = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = byTime.range(key(from, ""), key(until, ""))) {
            while (it.hasNext()) {
                if (settled.size() >= max) {
                    exhausted = false;
                    break;
                }
                final KeyValue<Bytes, byte[]> entry = it.next();
                final long time = timeOf(entry.key);
                final String serial = serialOf(entry.key);
                final Long current = settleAt.get(serial);
                if (current == null || current != time) {
                    stale.add(entry.key);
                } else {
                    if (settled.isEmpty()) {
                        firstLive = time;
                    }
                    settled.add(serial);
                }
            }
        }
        stale.forEach(k -> byTime.put(k, null));
        // Every entry before the first live one was met and is deleted (stale) or was deleted before (applied); with
        // none met, none is left before the end of the read. Only on a read from the floor: one held back by the quiet
        // after a start skips the entries written before it, which are still there (and starts above the floor until
        // that quiet is over). And not on the quiet judgement's (Long.MAX_VALUE), whose end is every settle time still
        // to come.
        if (from == floor && now != Long.MAX_VALUE) {
            if (!settled.isEmpty()) {
                floor = firstLive;
            } else if (exhausted) {
                floor = until;
            }
        }
        return settled;
    }

    /** The inputs of {@code serial} were applied: it waits for nothing until its next input. */
    public void applied(final String serial) {
        final Long at = settleAt.get(serial);
        if (at != null) {
            settleAt.delete(serial);
            byTime.put(key(at, serial), null);
        }
    }

    /** The authority on each serial's settle time; only the index writes it. */
    public interface Times {

        /** When the inputs of {@code serial} settle; null when none are waiting. */
        Long get(String serial);

        void put(String serial, long at);

        void delete(String serial);

        /** Every serial with a time, and its time, in the order of serials, from {@code from} on (every one when null). */
        KeyValueIterator<String, Long> from(String from);
    }

    static Bytes key(final long time, final String serial) {
        final byte[] s = serial.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + s.length).putLong(time ^ Long.MIN_VALUE).put(s).array());
    }

    static long timeOf(final Bytes key) {
        return ByteBuffer.wrap(key.get(), 0, 8).getLong() ^ Long.MIN_VALUE;
    }

    static String serialOf(final Bytes key) {
        final byte[] k = key.get();
        return new String(Arrays.copyOfRange(k, 8, k.length), StandardCharsets.UTF_8);
    }
}
