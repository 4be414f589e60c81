package io.coldchain.streams.processors;

import io.coldchain.streams.ArrivalFrontier;
import io.coldchain.streams.EndOfInput;
import io.coldchain.streams.InputProgress;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.Verdict;
import io.coldchain.rules.serial.PendingSighting;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.Alert;
import io.coldchain.streams.SerialBuffer;
import io.coldchain.streams.SerialInput;
import io.coldchain.streams.SerialStates;
import io.coldchain.streams.SettleIndex;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.WorkBudget;
import io.coldchain.streams.topology.SerialTopology;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-serial checks on the SGTIN-keyed repartition; alerts re-keyed by shipment. The inputs of a serial wait in its
 * {@link SerialBuffer} value until none has arrived for {@link #SETTLE} of wall clock ({@link #QUIET_BEFORE_JUDGING}
 * when one is a sighting whose shipment had no plan yet) and what the upstream topics held when the last arrived has
 * reached these checks ({@link ArrivalFrontier}, asked of {@link InputProgress}), then go to the rules in event-time
 * order. A sighting in a
 * shipment whose plan does not list the pack is judged once stream time is past its declaration grace and, on the
 * wall clock, {@link #QUIET_BEFORE_JUDGING} after it arrived: the plan of another shipment listing the pack may reach
 * these checks later than the scan even when it was published first (its task runs behind), and judged without it the
 * clone would be an UNKNOWN_SERIAL, opened and then resolved, instead of the DUPLICATE_SERIAL it is. That wait is
 * the settle index's too: the serial settles again then (inputs arriving meanwhile are applied with it), so it
 * survives a restart like any other settle time.
 *
 * <p>A punctuation stops at its {@link WorkBudget} and the next one goes on: a replay settles or makes due hundreds of
 * thousands of serials at once, more than one transaction can hold before its timeout. When each serial settles is
 * kept in stores ({@link SettleIndex}), not on the heap: a replay can buffer millions of serials.
 */
public final class DetectSerialFraudProcessor implements Processor<String, SerialInput, String, io.coldchain.schemas.Alert> {
    /** Settled serials read from the settle index at a time. */
    private static final int SETTLED_PER_READ = 1_000;
    /** No wait for other shipments' plans ({@link #applySettled(long, BooleanSupplier)} on the quiet judgement). */
    private static final long NO_WAIT = Long.MIN_VALUE;
    private final SerialRules rules;
    /** The topics whose records the repartition carries here (custody events, plans), every partition of them. */
    private final List<String> upstreamTopics;
    private ProcessorContext<String, io.coldchain.schemas.Alert> context;
    private SerialStates states;
    /** Each serial's inputs waiting to settle, and when they settle: the settle index's times. */
    private SerialBuffer buffer;
    private Sensor redelivered;
    private Sensor expired;
    private Sensor arrivalsBehind;
    /** When the task started (wall clock). */
    private long startedAt;
    /** When the buffered inputs of each serial settle, in stores: a replay can buffer millions of serials. */
    private SettleIndex settling;
    private long lastArrivalWallClock;
    private boolean judgedSinceLastArrival;
    /** At the end of a bounded run's input the stream is quiet at once ({@link EndOfInput}). */
    private EndOfInput.Participant endOfInput;
    /** What one punctuation does before it leaves the rest to the next: its transaction must commit in time. */
    private WorkBudget budget;
    /** This task's two punctuations as {@link WorkBudget} punctuators: when both run in one pass, the second gets what is left. */
    private final Object judging = new Object();
    private final Object checkingSettled = new Object();

    /** Which inputs are known to have arrived ({@link ArrivalFrontier}): nothing settles past it. */
    private ArrivalFrontier arrived;
    private InputProgress progress;
    private TopicPartition repartitionPartition;
    /** The offset after the last input read from the repartition partition (0 before the first). */
    private long nextOffset;

    /**
     * @param upstreamTopics the topics whose records reach these checks through the repartition topic (custody events
     *                       and shipment plans): a serial settles only once what they held when its last input arrived
     *                       has been processed and has reached this task ({@link ArrivalFrontier})
     */
    public DetectSerialFraudProcessor(final SerialRules rules, final List<String> upstreamTopics) {
        this.rules = rules;
        this.upstreamTopics = List.copyOf(upstreamTopics);
    }

    @Override
    public void init(final ProcessorContext<String, io.coldchain.schemas.Alert> context) {
        this.context = context;
        final KeyValueStore<String, SerialState> stateStore = context.getStateStore(SerialTopology.STATE_STORE);
        final KeyValueStore<String, String> indexStore = context.getStateStore(SerialTopology.RETENTION_INDEX_STORE);
        this.states = new SerialStates(rules, stateStore, indexStore);
        this.redelivered = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.REDELIVERED_SIGHTINGS,
                "Sightings of a pack recognised as redelivered (same event id or same content) and ignored");
        this.expired = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.EXPIRED_SERIALS,
                "Serial states deleted by the retention sweep");
        this.arrivalsBehind = TaskSensors.latest(context, SerialTopology.METRICS_GROUP, SerialTopology.ARRIVALS_BEHIND,
                "How far behind the wall clock (ms) the serial checks know their inputs to have arrived: their findings "
                        + "wait this long beyond the settle time");
        lastArrivalWallClock = context.currentSystemTimeMs();
        startedAt = lastArrivalWallClock;
        // A revived task (after an aborted transaction) reads again from its committed offset: what it had read since
        // counts for nothing, nor what the frontier knew from it.
        nextOffset = 0;
        arrived = new ArrivalFrontier();
        this.progress = InputProgress.of(context);
        upstreamTopics.forEach(topic -> progress.watchTopic(topic, lastArrivalWallClock));
        this.repartitionPartition = new TopicPartition(SerialTopology.repartitionTopic(context.applicationId()),
                context.taskId().partition());
        progress.watch(repartitionPartition);
        judgedSinceLastArrival = false; // a revived task (after an aborted transaction) starts again from its stores
        this.buffer = new SerialBuffer(context.getStateStore(SerialTopology.PENDING_STORE),
                context.getStateStore(SerialTopology.BUFFER_STORE));
        // What a release before the one-value buffer left (once, after an upgrade); inputs buffered without a settle
        // time, before the settle index existed, get the longer wait: what raced them may be on its way again.
        buffer.carryOver(context.getStateStore(SerialTopology.SETTLE_TIMES_STORE),
                lastArrivalWallClock + SerialTopology.QUIET_BEFORE_JUDGING.toMillis());
        this.settling = new SettleIndex(buffer, context.getStateStore(SerialTopology.SETTLE_INDEX_STORE),
                lastArrivalWallClock, SerialTopology.QUIET_BEFORE_JUDGING.toMillis());
        context.schedule(rules.settings().sweepInterval(), PunctuationType.STREAM_TIME,
                streamTime -> expired.record(states.sweep(streamTime, rules.settings().maxDeletesPerSweep())));
        this.budget = WorkBudget.of(context);
        // Serials left by the budget are judged at the next punctuation, or with the quiet judgement.
        context.schedule(SerialTopology.JUDGE_INTERVAL, PunctuationType.STREAM_TIME,
                streamTime -> forward(states.judgeDue(streamTime, settling::settling, budget.start(judging)).alerts()));
        this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DETECTORS, context.taskId() + "/" + SerialTopology.DETECT);
        context.schedule(SerialTopology.SETTLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
            final boolean ended = endOfInput.mayFlush();
            final BooleanSupplier enough = budget.start(checkingSettled, ended);
            if (!settling.catchUp(enough)) {
                return; // the settle index is still being brought up to date after the start: nothing settles yet
            }
            // What was on its way when a serial's last input came must have come too: a task upstream that runs behind
            // (a partition read behind the others, a stall) holds its serials, however long that takes.
            final long frontier = arrived.advance(wallClock, upstreamUpTo(wallClock),
                    progress.readUpTo(repartitionPartition, nextOffset, wallClock));
            arrivalsBehind.record(wallClock - Math.max(frontier, startedAt)); // nothing known yet: since the start
            boolean done = applySettled(Math.min(wallClock, frontier + SerialTopology.SETTLE.toMillis()), enough);
            if (done && !judgedSinceLastArrival && (ended || frontier >= lastArrivalWallClock
                    && wallClock - lastArrivalWallClock >= SerialTopology.QUIET_BEFORE_JUDGING.toMillis())) {
                done = applySettled(Long.MAX_VALUE, enough);
                if (done) {
                    final SerialStates.Judgement judgement = states.judgeAllPending(enough);
                    forward(judgement.alerts());
                    done = judgement.complete();
                }
                // Left unfinished by the budget: the next check goes on where this one stopped.
                judgedSinceLastArrival = done;
            }
            if (ended && done) {
                endOfInput.flushed();
            }
        });
    }

    @Override
    public void process(final Record<String, SerialInput> record) {
        lastArrivalWallClock = context.currentSystemTimeMs();
        judgedSinceLastArrival = false;
        if (record.key() == null || record.value() == null) {
            return;
        }
        final SerialInput input = record.value();
        // Ties in arrival order: the offset on the repartition topic (one partition per task).
        final long arrival = context.recordMetadata().map(RecordMetadata::offset).orElse(0L);
        nextOffset = Math.max(nextOffset, arrival + 1);
        final Duration wait = input.withoutPlan() ? SerialTopology.QUIET_BEFORE_JUDGING : SerialTopology.SETTLE;
        settling.arrived(record.key(), lastArrivalWallClock + wait.toMillis());
        buffer.add(record.key(), input.order(), arrival, input);
    }

    /** What every partition of the upstream topics held up to when has been processed ({@link InputProgress}). */
    private long upstreamUpTo(final long wallClock) {
        long upTo = Long.MAX_VALUE;
        for (final String topic : upstreamTopics) {
            upTo = Math.min(upTo, progress.committedUpTo(topic, wallClock));
        }
        return upTo;
    }

    /**
     * Applies the buffered inputs of every serial settled at {@code wallClock}, oldest first in event time, until
     * {@code enough} says so. With {@link Long#MAX_VALUE} (the quiet judgement) every waiting serial is applied and
     * none is held for other shipments' plans: the stream is quiet, none is on its way.
     *
     * @return whether every settled serial was applied (else the rest stay settling, for the next check)
     */
    private boolean applySettled(final long wallClock, final BooleanSupplier enough) {
        final long streamTime = context.currentStreamTimeMs();
        final long awaitUntil = wallClock == Long.MAX_VALUE ? NO_WAIT
                : context.currentSystemTimeMs() + SerialTopology.QUIET_BEFORE_JUDGING.toMillis()
                        - SerialTopology.SETTLE.toMillis();
        for (List<String> settled = settling.settledBy(wallClock, SETTLED_PER_READ); !settled.isEmpty();
             settled = settling.settledBy(wallClock, SETTLED_PER_READ)) {
            if (!applySettled(settled, streamTime, awaitUntil, enough)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies the buffered inputs of each of the {@code settled} serials, until {@code enough} says so, and judges its
     * due sightings; or, when the inputs leave a sighting of theirs pending ({@link #awaitsOtherPlans}), puts the
     * serial back in the settle index until {@code awaitUntil}, to be judged when it settles again.
     */
    private boolean applySettled(final List<String> settled, final long streamTime, final long awaitUntil,
                                 final BooleanSupplier enough) {
        for (final String key : settled) {
            if (enough.getAsBoolean()) {
                return false;
            }
            final List<SerialInput> inputs = buffer.take(key);
            SerialState state = null;
            for (final SerialInput input : inputs) {
                final Outcome<SerialState> outcome = states.apply(key, input);
                if (outcome.verdict() == Verdict.REDELIVERY && input.fromCustodyEvent()) {
                    redelivered.record();
                }
                forward(outcome.alerts());
                state = outcome.state();
            }
            settling.applied(key); // its value goes, inputs and settle time
            if (awaitUntil != NO_WAIT && awaitsOtherPlans(inputs, state)) {
                // Settles again, without inputs unless more arrive: its due sightings are judged then.
                settling.arrived(key, awaitUntil);
            } else {
                forward(states.judgeDue(key, streamTime));
            }
        }
        return true;
    }

    /**
     * Whether the serial's {@code inputs}, just applied, leave one of their sightings pending in {@code state}: a scan
     * in a shipment whose plan did not list the pack by then. The plan of another shipment listing it, published
     * before the scan, may still be on its way from a task that runs behind, so its judgement waits until
     * {@link SerialTopology#QUIET_BEFORE_JUDGING} after the sighting arrived; judged without that plan, a clone would
     * be an UNKNOWN_SERIAL, opened and then resolved, instead of the DUPLICATE_SERIAL it is. A sighting whose shipment
     * had no plan at all already waited that long to settle ({@link SerialInput#withoutPlan()}). No wait when a
     * sighting pending from an earlier batch is still there: it has had its wait, so the delay of a finding is bounded
     * by one wait however often the pack is scanned meanwhile.
     */
    private static boolean awaitsOtherPlans(final List<SerialInput> inputs, final SerialState state) {
        if (state == null || state.pending().isEmpty()) {
            return false;
        }
        final Set<String> applied = new HashSet<>();
        final Set<String> plansKnown = new HashSet<>();
        for (final SerialInput input : inputs) {
            final Sighting sighting = input.sighting();
            if (sighting != null) {
                applied.add(sighting.eventId());
                if (!input.withoutPlan()) {
                    plansKnown.add(sighting.eventId());
                }
            }
        }
        boolean waitFor = false;
        for (final PendingSighting pending : state.pending()) {
            final String eventId = pending.sighting().eventId();
            if (!applied.contains(eventId)) {
                // A sighting pending from an earlier batch has had its wait: the serial is judged now, this batch's
                // sightings with it. One wait per run of pending sightings, not one per batch: a pack scanned again
                // and again in a shipment that does not list it (a clone in use, a portal re-reading it) would
                // otherwise be put back at every scan and not judged while the scans go on.
                return false;
            }
            waitFor |= plansKnown.contains(eventId);
        }
        return waitFor;
    }


    private void forward(final List<Alert> alerts) {
        for (final Alert alert : alerts) {
            context.forward(new Record<>(alert.shipmentId(), Contracts.toWire(alert), alert.lastEvidenceTime()));
        }
    }

    @Override
    public void close() {
        if (endOfInput != null) { // null when init failed before it joined
            endOfInput.leave();
        }
        context.metrics().removeSensor(redelivered);
        context.metrics().removeSensor(expired);
        context.metrics().removeSensor(arrivalsBehind);
    }
}
