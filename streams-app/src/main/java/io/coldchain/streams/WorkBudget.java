package io.coldchain.streams;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * How much a punctuation does before it leaves the rest to the next one. Under exactly-once, everything a punctuation
 * writes belongs to the task's open transaction, which must commit within the producer's
 * {@code transaction.timeout.ms} (5 s in this application) or the broker aborts it and fences the producer: the
 * tasks are closed, their state restored, and their work done again. A replay of a million serials hands the serial
 * checks hundreds of thousands of settled serials, or declaration spans falling due, at one punctuation; done in one
 * go, that took longer than the timeout and the stream thread was fenced over and over.
 *
 * <p>A punctuation therefore does at least {@link #atLeast} units of work (serials), so it always makes progress and
 * a handful (every test) is never split, then stops once it has taken {@link #time} of wall clock; what is left is done
 * at the next punctuation, after the task commits. It changes when work is done, not the order: each serial's inputs
 * are applied in the same order. A stream-time judgement cut short goes on at the next one, a minute of stream time
 * later, so a declaration that arrives in between is taken into account: the verdict of the in-order run, which the
 * declaration grace exists to give, not a different one; but which punctuation judges a serial depends on the
 * machine's speed.
 *
 * <p><b>One budget per stream thread and pass, not per punctuation.</b> Kafka Streams runs the due punctuations of
 * every task of a thread one after the other and only then commits, all of them in one transaction; and the commit
 * itself then writes what the punctuations changed ({@link WriteBehindStore}) and waits for the broker's
 * acknowledgements, which on a starved machine takes about as long again. With a second per punctuation, three serial
 * tasks on one thread held a transaction for 2.4-2.9 s of punctuations plus 2.4-2.7 s of commit at load 8 on two cores,
 * and the broker aborted it at 5.3 s (docs/RELIABILITY.md, "Why a replay was fenced on a loaded machine"). So
 * {@link #time} counts from the first budgeted punctuation of a pass on the thread, and a later punctuation of the
 * same pass gets what is left, at least its {@link #atLeast}. A pass is the punctuations that run back to back: it ends
 * when one of its punctuators starts again, which is after the thread's loop went round (and committed, unless the whole
 * pass took less than the commit interval), or when a punctuation starts more than {@link #PAUSE_ENDING_A_PASS} after
 * the pass's last unit of work (a punctuation of a later loop that none of this pass's punctuators began; between the
 * tasks of one loop there is no such pause).
 *
 * <p><b>Never more of the thread than it spends on everything else.</b> A pass's time is at most the time the thread
 * spent since the last pass that was cut short by its time (work was left: a backlog) ended, so with a backlog the
 * budgeted punctuations take at most about half of the thread; once that is a full {@link #time} ago, the full time.
 * Counted from the previous pass instead, whatever it did, the bound made the live application 0.6× as fast: live, the
 * serial checks' punctuations come many times a second, most with little or nothing to do, and a pass with work behind
 * it got the few milliseconds since one of those, its least (docs/RELIABILITY.md, "A backlog of serials starved the
 * thread"). Without the bound a backlog starved the thread's processing: the settle check is due every second, a
 * pass took its full second each time, and Kafka Streams halves the records it processes per task in a loop whenever
 * a loop punctuated or committed, down to one; so the serial checks' input stopped arriving, the stream looked quiet, the
 * quiet judgement of every pending serial took every pass, and the 10-million-serial footprint run processed 70
 * records in five minutes with 12 million waiting (docs/BENCHMARKS.md, "State footprint", fourth run). The first pass
 * on a thread has the full {@link #time}, and so does a pass once a bounded run's input has ended.
 *
 * <p>The application passes no instance ({@link #DEFAULT}); a test may pass one under {@link #CONFIG} in the
 * application config to split the work at every unit.
 *
 * @param atLeast units of work done whatever the time they take
 * @param time    wall-clock time after which the punctuations of one pass on a stream thread stop, once each has done
 *                {@code atLeast}; less when the thread spent less than that since its previous pass
 * @param clock   nanosecond clock ({@link System#nanoTime} but in tests)
 */
public record WorkBudget(int atLeast, Duration time, LongSupplier clock) {

    /** The application config key under which a test passes its instance. */
    public static final String CONFIG = "coldchain.work.budget";
    /**
     * A second for all the punctuations of a pass on a thread, and about as long for the commit that writes what they
     * changed, well within the 5 s transaction timeout. At least 100 serials each (≈ 25 ms of CPU in a replay), not the
     * 1,000 of before: a pass may hold six budgeted punctuations (three tasks, two each), and six times 1,000 serials on
     * a starved core could fill the transaction whatever the time budget.
     */
    public static final WorkBudget DEFAULT = new WorkBudget(100, Duration.ofSeconds(1));

    /**
     * A pause between budgeted punctuations that ends their pass: far more than Kafka Streams takes to go from one
     * task's punctuation to the next, and no more than a loop of the stream thread usually takes.
     */
    static final Duration PAUSE_ENDING_A_PASS = Duration.ofMillis(100);
    /** No pass was cut short yet. */
    private static final long NEVER = Long.MIN_VALUE;
    /** The current pass of the budgeted punctuations on each stream thread. */
    private static final ThreadLocal<Pass> PASS = new ThreadLocal<>();

    public WorkBudget {
        if (atLeast < 1) {
            throw new IllegalArgumentException("atLeast must be at least 1, got " + atLeast);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
    }

    public WorkBudget(final int atLeast, final Duration time) {
        this(atLeast, time, System::nanoTime);
    }

    /** The instance the application was configured with, or {@link #DEFAULT}. */
    public static WorkBudget of(final ProcessorContext<?, ?> context) {
        final Object configured = context.appConfigs().get(CONFIG);
        return configured instanceof WorkBudget budget ? budget : DEFAULT;
    }

    /**
     * Starts a punctuation's budget: the supplier is asked before each unit of work and answers whether the
     * punctuation has done enough and should leave that unit and the rest for later. The time counts from the start of
     * the current pass on this thread ({@code punctuator} identifies the caller: a punctuator starting again begins a
     * new pass).
     */
    public BooleanSupplier start(final Object punctuator) {
        return start(punctuator, false);
    }

    /**
     * As {@link #start(Object)}; with {@code inputEnded} (a bounded run's input has all been processed, {@link
     * EndOfInput}) a new pass has the full {@link #time}: there are no records left for the thread to get back to.
     */
    public BooleanSupplier start(final Object punctuator, final boolean inputEnded) {
        final long now = clock.getAsLong();
        Pass pass = PASS.get();
        if (pass == null || pass.budget != this || now - pass.lastWork > PAUSE_ENDING_A_PASS.toNanos()
                || !pass.join(punctuator)) {
            // No longer than the thread spent on everything else since the last pass that was cut short by its time
            // (a backlog), and the full time once that is a full time ago. Not since the previous pass: live, the serial
            // checks' punctuations come many times a second, most with little or nothing to do, and bounding a pass by
            // the moment since one of those left a pass with work behind it a few milliseconds. Nor only after a pass
            // cut short: a small or empty punctuation between two passes cut short would lift the bound.
            final long cutEnded = pass != null && pass.budget == this ? pass.lastCutEnded() : NEVER;
            final long allowed = inputEnded || cutEnded == NEVER ? time.toNanos()
                    : Math.min(time.toNanos(), Math.max(0, now - cutEnded));
            pass = new Pass(this, now, allowed, punctuator, cutEnded);
            PASS.set(pass);
        }
        final Pass current = pass;
        final int[] asked = {0};
        return () -> {
            current.lastWork = clock.getAsLong();
            if (++asked[0] > atLeast && current.lastWork - current.started >= current.allowed) {
                current.cutShort = true;
                return true;
            }
            return false;
        };
    }

    /** The punctuators of one pass on a thread and when its first one started (by the clock of its budget). */
    private static final class Pass {
        private final WorkBudget budget;
        private final long started;
        /** Nanoseconds the pass may take once each punctuation did its least. */
        private final long allowed;
        /** When a punctuation of this pass last asked for a unit of work. */
        private long lastWork;
        /** Whether the pass told a punctuation to stop for its time: work was left for later. */
        private boolean cutShort;
        /** When the last pass before this one that was cut short last worked ({@link #NEVER}: none was). */
        private final long cutEndedBefore;
        private final Set<Object> punctuators = Collections.newSetFromMap(new IdentityHashMap<>());

        Pass(final WorkBudget budget, final long started, final long allowed, final Object first,
             final long cutEndedBefore) {
            this.budget = budget;
            this.started = started;
            this.allowed = allowed;
            this.lastWork = started;
            this.cutEndedBefore = cutEndedBefore;
            punctuators.add(first);
        }

        /** When the last pass cut short, this one or one before it, last worked; {@link #NEVER} when none was. */
        long lastCutEnded() {
            return cutShort ? lastWork : cutEndedBefore;
        }

        /** False when {@code punctuator} already punctuated in this pass: the thread went round, a new pass begins. */
        boolean join(final Object punctuator) {
            return punctuators.add(punctuator);
        }
    }
}
