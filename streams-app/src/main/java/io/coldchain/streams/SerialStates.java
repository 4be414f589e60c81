package io.coldchain.streams;

import io.coldchain.rules.Outcome;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.domain.Alert;
import io.coldchain.streams.topology.SerialTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The state side of {@code detect-serial-fraud}: applies one SGTIN-keyed input to the serial's state
 * through {@link SerialRules}, stores the result and keeps the retention index; and the retention sweep.
 * Only store types from Kafka Streams, no processor context, so the benchmark drives it on bare stores.
 *
 * <p><b>Retention index.</b> Next to the states, a second store maps {@code <retainUntil, 19 digits>|<key>}
 * to the key. Keys sort like their deadlines, so a sweep reads only the entries that are due, a range
 * from the start to the current stream time: its cost is proportional to what it deletes, never to the
 * number of serials kept (millions). The index changes only when a serial's deadline moves (its expiry
 * becomes known), not on every sighting.
 *
 * <p><b>Judgement deadlines</b> share that index under {@code due|<due, 19 digits>|<key>} (sorting after every
 * retention entry): a serial with sightings waiting for the declaration grace is listed at its earliest due time,
 * so {@link #judgeDue} reads only the serials that are due.
 *
 * <p><b>The serial in hand.</b> The state last read or written here is kept in memory with its key (a
 * {@link StateCache} of one), so the inputs of one serial applied one after the other, and the judgement of its due
 * sightings that follows, read the store (and decode the state) once, not once per input. Only this class writes the
 * state store of its task, and a state decodes equal to the value that was encoded ({@code SerialStatesTest}), so what
 * is kept is what the store would answer. Deletions write a tombstone without reading the old value first.
 */
public final class SerialStates {

    private static final int DEADLINE_DIGITS = 19;
    public static final String DUE_PREFIX = "due|";
    /** Judgement entries read from the index at a time. */
    private static final int JUDGE_CHUNK = 1_000;

    private final SerialRules rules;
    /** The serial in hand: see the class comment. */
    private final StateCache<String, SerialState> states;
    private final KeyValueStore<String, String> index;
    /**
     * The index's write-behind layer, when it has one ({@link WriteBehindStore#layerOf}): a new entry is put as new,
     * so an entry put and deleted again before the commit is never written. A sighting that waits for its declaration
     * grace in a replay, where stream time is already past it, is listed as due and judged in the same pass; each
     * index entry is the entry of the serial's current state only (every change deletes the old one), so the store
     * below never holds an entry put here.
     */
    private final WriteBehindStore<String, String> indexLayer;
    /** No judgement entry is due before this: the range read starts here, not at deletion markers of judged ones. */
    private long dueFloor = Long.MIN_VALUE;

    /**
     * @param states serial states by normalised SGTIN ({@link SerialTopology#STATE_STORE})
     * @param index  the retention index ({@link SerialTopology#RETENTION_INDEX_STORE})
     */
    public SerialStates(final SerialRules rules, final KeyValueStore<String, SerialState> states,
                        final KeyValueStore<String, String> index) {
        this.rules = rules;
        this.states = new StateCache<>(states, 1);
        this.index = index;
        this.indexLayer = WriteBehindStore.layerOf(index);
    }

    /** Applies one input for the serial {@code key} and stores the new state. */
    public Outcome<SerialState> apply(final String key, final SerialInput input) {
        final SerialState current = read(key);
        final Outcome<SerialState> outcome;
        if (input.invalid() != null) {
            outcome = rules.onInvalid(key.substring(SerialInput.INVALID_KEY_PREFIX.length()), current,
                    input.sighting(), input.invalid());
        } else if (input.declaration() != null) {
            outcome = rules.onDeclared(key, current, input.declaration());
        } else if (input.retraction() != null) {
            outcome = rules.onRetracted(key, current, input.retraction());
        } else {
            outcome = rules.onSighted(key, current, input.sighting(), input.withoutPlan());
        }
        store(key, current, outcome.state());
        return outcome;
    }

    /**
     * Judges the pending sightings of every serial due at {@code streamTime} ({@link SerialRules#onDue}).
     *
     * @return the alerts raised, in order
     */
    public List<Alert> judgeDue(final long streamTime) {
        return judgeDue(streamTime, key -> false);
    }

    /**
     * As {@link #judgeDue(long)}, leaving out the serials {@code waiting} names (inputs of theirs, or another shipment's
     * plan, may be on their way); their due sightings are judged with {@link #judgeDue(String, long)} once the wait is
     * over.
     */
    public List<Alert> judgeDue(final long streamTime, final Predicate<String> waiting) {
        return judgeDue(streamTime, waiting, () -> false).alerts();
    }

    /**
     * As {@link #judgeDue(long, Predicate)}, stopping before the next serial once {@code enough} says so
     * ({@link WorkBudget}): the serials left are judged by the next call, or by {@link #judgeAllPending}.
     */
    public Judgement judgeDue(final long streamTime, final Predicate<String> waiting, final BooleanSupplier enough) {
        final Judgement judgement = judge(dueFloor, streamTime, waiting, enough);
        dueFloor = Math.max(dueFloor, judgement.complete() ? streamTime + 1 : judgement.leftFrom());
        return judgement;
    }

    /** Judges the pending sightings of serial {@code key} due at {@code streamTime}. */
    public List<Alert> judgeDue(final String key, final long streamTime) {
        final SerialState current = read(key);
        if (current == null || current.nextDue() > streamTime) {
            return List.of();
        }
        final Outcome<SerialState> outcome = rules.onDue(key, current, streamTime);
        store(key, current, outcome.state());
        return outcome.alerts();
    }

    /**
     * Judges every pending sighting now, due or not, stopping before the next serial once {@code enough} says so: the
     * stream has gone quiet, so no plan is on its way that could still declare them, and waiting longer would change
     * when they are judged, not the verdict.
     */
    public Judgement judgeAllPending(final BooleanSupplier enough) {
        // From the first deadline, not the floor: serials left out of a judgement while inputs of theirs were on
        // their way may be listed below it.
        return judge(Long.MIN_VALUE, Long.MAX_VALUE - 1, key -> false, enough);
    }

    /**
     * What a judgement raised, and whether it judged every serial due or stopped for its {@link WorkBudget}.
     *
     * @param leftFrom the due time of the first serial left, when not complete
     */
    public record Judgement(List<Alert> alerts, boolean complete, long leftFrom) {
    }

    /**
     * Judges the serials due from {@code from} to {@code streamTime}, in the order of their due times, reading the
     * index a chunk at a time: a replay may bring hundreds of thousands due at once. A serial judged is due again
     * only after {@code streamTime} ({@link SerialRules#onDue}), outside the range, so chunks never see it twice.
     */
    private Judgement judge(final long from, final long streamTime, final Predicate<String> waiting,
                            final BooleanSupplier enough) {
        final List<Alert> alerts = new ArrayList<>();
        final String end = DUE_PREFIX + deadline(streamTime + 1);
        String start = DUE_PREFIX + deadline(from);
        boolean startRead = false;
        while (true) {
            final List<KeyValue<String, String>> due = new ArrayList<>();
            try (KeyValueIterator<String, String> it = index.range(start, end)) {
                while (it.hasNext() && due.size() < JUDGE_CHUNK) {
                    due.add(it.next());
                }
            }
            for (final KeyValue<String, String> entry : due) {
                if (startRead && entry.key.equals(start)) {
                    continue; // the last entry of the previous chunk, where this one starts
                }
                if (waiting.test(entry.value)) {
                    continue;
                }
                if (enough.getAsBoolean()) {
                    return new Judgement(alerts, false, dueOf(entry.key));
                }
                index.put(entry.key, null);
                final SerialState current = read(entry.value);
                if (current == null) {
                    continue;
                }
                final Outcome<SerialState> outcome = rules.onDue(entry.value, current, streamTime);
                store(entry.value, current, outcome.state());
                alerts.addAll(outcome.alerts());
            }
            if (due.size() < JUDGE_CHUNK) {
                return new Judgement(alerts, true, Long.MAX_VALUE);
            }
            start = due.get(due.size() - 1).key;
            startRead = true;
        }
    }

    /**
     * Deletes up to {@code max} serial states whose retention ended before {@code streamTime}; the rest wait
     * for the next sweep.
     *
     * @return how many states were deleted
     */
    public int sweep(final long streamTime, final int max) {
        final List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.range(null, deadline(streamTime))) {
            while (it.hasNext() && due.size() < max) {
                due.add(it.next());
            }
        }
        int deleted = 0;
        for (final KeyValue<String, String> entry : due) {
            final SerialState state = read(entry.value);
            if (state != null && state.retainUntil() < streamTime) {
                write(entry.value, null);
                deleted++;
            }
            index.put(entry.key, null);
        }
        return deleted;
    }

    private void store(final String key, final SerialState current, final SerialState next) {
        if (next == current) {
            return;
        }
        if (next == null) {
            write(key, null);
            unindex(key, current);
            return;
        }
        write(key, next);
        if (current == null || current.retainUntil() != next.retainUntil()) {
            // Only the retention entry moves here; the due entry is kept in step below.
            if (current != null) {
                index.put(indexKey(current.retainUntil(), key), null);
            }
            putEntry(indexKey(next.retainUntil(), key), key);
        }
        final long dueBefore = current == null ? Long.MAX_VALUE : current.nextDue();
        if (dueBefore != next.nextDue()) {
            if (dueBefore != Long.MAX_VALUE) {
                index.put(dueKey(dueBefore, key), null);
            }
            if (next.nextDue() != Long.MAX_VALUE) {
                putEntry(dueKey(next.nextDue(), key), key);
                dueFloor = Math.min(dueFloor, next.nextDue());
            }
        }
    }

    /** A new entry of the index: one of a state that replaced the one whose entry was deleted. */
    private void putEntry(final String entry, final String key) {
        if (indexLayer != null) {
            indexLayer.putNew(entry, key);
        } else {
            index.put(entry, key);
        }
    }

    private void unindex(final String key, final SerialState state) {
        if (state != null) {
            index.put(indexKey(state.retainUntil(), key), null);
            if (state.nextDue() != Long.MAX_VALUE) {
                index.put(dueKey(state.nextDue(), key), null);
            }
        }
    }

    /** The serial's state as stored: the one in hand if it is that serial's, else read from the store. */
    private SerialState read(final String key) {
        return states.get(key);
    }

    /** Stores (or, for null, deletes) the serial's state and keeps it in hand. */
    private void write(final String key, final SerialState state) {
        states.put(key, state);
    }

    public static String dueKey(final long due, final String key) {
        return DUE_PREFIX + indexKey(due, key);
    }

    /** The due time of a judgement entry ({@link #dueKey}). */
    private static long dueOf(final String dueKey) {
        return Long.parseLong(dueKey.substring(DUE_PREFIX.length(), DUE_PREFIX.length() + DEADLINE_DIGITS));
    }

    public static String indexKey(final long retainUntil, final String key) {
        return deadline(retainUntil) + '|' + key;
    }

    /** The deadline as fixed-width digits: sorts like the number (negative deadlines count as 0). */
    public static String deadline(final long millis) {
        final String digits = Long.toString(Math.max(0, millis));
        return "0".repeat(DEADLINE_DIGITS - digits.length()) + digits;
    }
}
