package io.coldchain.streams;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * How far one shipment's events of one kind have been handed to their detector: the event time of
 * the latest event handled, and the content hashes of the last few handled events, so a redelivered
 * copy of an event already judged is recognised as such rather than reported late.
 *
 * <p>Kept with the rules' state as one value of the detector's state store ({@link ClockedState}). The hashes are held as
 * an {@code int[]} behind the list (about 200 bytes with {@value #RECENT} of them, against some 700 as boxed integers).
 *
 * <p>It also keeps how far the shipment's events of its kind have <em>arrived</em> (buffered, judged or not yet): with the
 * other detectors' clocks and the custody scans' times in {@code shipment-activity-store}, that is how far the
 * shipment's data has come on any of its inputs, which a backfilled shipment's time checks stop at. Kept here, in the
 * value a detector writes for the event anyway, rather than as a write of its own to the activity store at every
 * reading and fix.
 *
 * @param handledUpTo  event time of the latest event handed to the detector, epoch ms
 * @param recentHashes content hashes of the last {@value #RECENT} events handed over, oldest first
 * @param arrivedUpTo  event time of the latest event of this kind that arrived for the shipment (not late, not a
 *                     redelivery), epoch ms; null when none has since the clock was written without it (a clock written
 *                     by an earlier release, whose arrivals are in the activity store)
 */
public record EventClock(long handledUpTo, List<Integer> recentHashes, Long arrivedUpTo) {

    public static final int RECENT = 32;
    public static final EventClock NONE = new EventClock(Long.MIN_VALUE, List.of(), null);

    public EventClock {
        recentHashes = recentHashes instanceof Hashes hashes ? hashes : Hashes.copyOf(recentHashes);
    }

    /** A clock without a known arrival. */
    public EventClock(final long handledUpTo, final List<Integer> recentHashes) {
        this(handledUpTo, recentHashes, null);
    }

    /** This clock with an event of {@code time} arrived: the same instance when that moves nothing. */
    public EventClock arrived(final long time) {
        return arrivedUpTo != null && arrivedUpTo >= time ? this : new EventClock(handledUpTo, recentHashes, time);
    }

    public boolean seen(final int hash) {
        return ((Hashes) recentHashes).contains(hash);
    }

    public EventClock handled(final long time, final int hash) {
        final int[] held = ((Hashes) recentHashes).values;
        final int keep = Math.min(held.length, RECENT - 1);
        final int[] recent = Arrays.copyOfRange(held, held.length - keep, held.length + 1);
        recent[keep] = hash;
        return new EventClock(Math.max(handledUpTo, time), new Hashes(recent), arrivedUpTo);
    }

    /** An unmodifiable list of ints without a box for each. */
    private static final class Hashes extends AbstractList<Integer> implements RandomAccess {

        private final int[] values;

        private Hashes(final int[] values) {
            this.values = values;
        }

        static Hashes copyOf(final List<Integer> hashes) {
            final int[] values = new int[hashes.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = hashes.get(i); // null throws, as List.copyOf did
            }
            return new Hashes(values);
        }

        boolean contains(final int hash) {
            for (final int value : values) {
                if (value == hash) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Integer get(final int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
