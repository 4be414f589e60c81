package io.coldchain.streams;

import java.time.Duration;
import java.util.function.BooleanSupplier;
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
 * <p>The application passes no instance ({@link #DEFAULT}); a test may pass one under {@link #CONFIG} in the
 * application config to split the work at every unit.
 *
 * @param atLeast units of work done whatever the time they take
 * @param time    wall-clock time after which a punctuation stops, once it has done {@code atLeast}
 */
public record WorkBudget(int atLeast, Duration time) {

    /** The application config key under which a test passes its instance. */
    public static final String CONFIG = "coldchain.work.budget";
    /** A second for a punctuation, well within the 5 s transaction timeout, with room for the rest of the loop. */
    public static final WorkBudget DEFAULT = new WorkBudget(1_000, Duration.ofSeconds(1));

    public WorkBudget {
        if (atLeast < 1) {
            throw new IllegalArgumentException("atLeast must be at least 1, got " + atLeast);
        }
    }

    /** The instance the application was configured with, or {@link #DEFAULT}. */
    public static WorkBudget of(final ProcessorContext<?, ?> context) {
        final Object configured = context.appConfigs().get(CONFIG);
        return configured instanceof WorkBudget budget ? budget : DEFAULT;
    }

    /**
     * Starts a punctuation's budget: the supplier is asked before each unit of work and answers whether the
     * punctuation has done enough and should leave that unit and the rest for later.
     */
    public BooleanSupplier start() {
        final long started = System.nanoTime();
        final int[] asked = {0};
        return () -> ++asked[0] > atLeast && System.nanoTime() - started >= time.toNanos();
    }
}
