package io.coldchain.streams;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Tells the processors that wait on the wall clock that their input has ended, so they hand over at once what
 * they would otherwise release after a quiet period: the reorder buffers, the serial checks' settling inputs and
 * pending sightings, custody events held for a plan. A bounded run ({@code coldchain replay}) signals it once the
 * application has consumed all of its input; a live application never does ({@link #NEVER}).
 *
 * <p>It reaches the processors as an application config object under {@link #CONFIG} (read through
 * {@link ProcessorContext#appConfigs()}), so no builder signature changes and the topology stays a function of
 * its configuration. The flush is what the quiet release would do, in the same order; only when differs.
 *
 * <p>Processors join in {@code init} and leave in {@code close}; each reports when it has flushed after the
 * signal, so the runner knows when everything buffered has been handed over. Stages order the flush within a task:
 * a detector flushes only once every participant of an earlier stage has (deliveries inferred from held receiving
 * scans before the detectors judge with them).
 */
public final class EndOfInput {

    /** The application config key under which the runner passes its instance. */
    public static final String CONFIG = "coldchain.end.of.input";
    /** The signal of a live application: never given. */
    public static final EndOfInput NEVER = new EndOfInput(false);

    /** The order in which participants flush. */
    public enum Stage {
        /** Inferred deliveries (receiving scans held for a plan). */
        DELIVERIES,
        /** Detectors and the serial and chain checks. */
        DETECTORS
    }

    private final boolean signalable;
    private volatile boolean reached;
    private final Map<Participant, Boolean> participants = new ConcurrentHashMap<>();
    /**
     * Who left after the signal (their task closed: fenced, revived after an aborted transaction, or moved in a
     * rebalance), flushed or not, not yet replaced by a participant of the same identity (the same processor of the same
     * task): what they held is restored into their task's next processors (a flush written in an aborted transaction
     * included), so the flush is not over until those join and flush.
     */
    private final Set<String> awaitingReplacement = ConcurrentHashMap.newKeySet();

    private EndOfInput(final boolean signalable) {
        this.signalable = signalable;
    }

    /** A signal that is given once, by {@link #signal()}. */
    public static EndOfInput create() {
        return new EndOfInput(true);
    }

    /** The instance the application was configured with, or {@link #NEVER}. */
    public static EndOfInput of(final ProcessorContext<?, ?> context) {
        final Object configured = context.appConfigs().get(CONFIG);
        return configured instanceof EndOfInput endOfInput ? endOfInput : NEVER;
    }

    /** The input has ended: processors flush at their next wall-clock punctuation. */
    public void signal() {
        if (!signalable) {
            throw new IllegalStateException("a live application's input never ends");
        }
        reached = true;
    }

    public boolean reached() {
        return reached;
    }

    /**
     * Whether the signal was given and every processor that joined has flushed since, and every one that left after
     * the signal has been replaced (its task re-created) by one that has.
     */
    public synchronized boolean allFlushed() {
        return reached && awaitingReplacement.isEmpty() && !participants.containsValue(Boolean.FALSE);
    }

    /** How many processors take part (one per processor node and task). */
    public int participants() {
        return participants.size();
    }

    /**
     * A processor instance joins; it leaves when closed.
     *
     * @param identity the processor and its task ({@code <task id>/<processor name>}): the same for the instance that
     *                 replaces it when the task is re-created
     */
    public Participant join(final Stage stage, final String identity) {
        final Participant participant = new Participant(stage, identity);
        if (signalable) {
            // With leave(): a replacement joining while its predecessor leaves must never be left waited for.
            synchronized (this) {
                participants.put(participant, Boolean.FALSE);
                awaitingReplacement.remove(identity);
            }
        }
        return participant;
    }

    /** One processor instance's part in the flush. */
    public final class Participant {
        private final Stage stage;
        private final String identity;

        private Participant(final Stage stage, final String identity) {
            this.stage = stage;
            this.identity = identity;
        }

        /** Whether the signal was given and every participant of an earlier stage has flushed. */
        public boolean mayFlush() {
            if (!reached) {
                return false;
            }
            for (final Map.Entry<Participant, Boolean> entry : participants.entrySet()) {
                if (entry.getKey().stage.ordinal() < stage.ordinal() && !entry.getValue()) {
                    return false;
                }
            }
            return true;
        }

        /** Everything this processor held is handed over. */
        public void flushed() {
            participants.replace(this, Boolean.TRUE);
        }

        /**
         * The processor closed. After the signal, its task must be re-created and flush again before the flush is over,
         * <em>whether or not it had flushed</em>: a processor cannot tell a clean close from a dirty one, and a task
         * closed dirty (its transaction aborted: fenced, or a commit that timed out) loses what its flush wrote with the
         * transaction, while its stores are restored to hold it again. Unless its replacement has joined already (the
         * new task's processors built before the old ones closed).
         */
        public void leave() {
            synchronized (EndOfInput.this) {
                final Boolean present = participants.remove(this);
                if (reached && present != null
                        && participants.keySet().stream().noneMatch(p -> p.identity.equals(identity))) {
                    awaitingReplacement.add(identity);
                }
            }
        }
    }
}
