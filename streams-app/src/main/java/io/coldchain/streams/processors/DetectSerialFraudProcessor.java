package io.coldchain.streams.processors;

import io.coldchain.streams.EndOfInput;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.Verdict;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.Alert;
import io.coldchain.streams.SerialInput;
import io.coldchain.streams.SerialStates;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.SerialTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-serial checks on the SGTIN-keyed repartition; alerts re-keyed by shipment. The inputs of a serial wait in
 * {@value #BUFFER_STORE} until none has arrived for {@link #SETTLE} of wall clock ({@link #QUIET_BEFORE_JUDGING}
 * when one is a sighting whose shipment had no plan yet), then go to the rules in event-time order.
 *
 * <p>The buffer is what survives a restart; next to it, each settling serial's buffer keys (and, up to
 * {@value #MAX_HELD_INPUTS} in all, the inputs themselves, as they came off the repartition topic) are kept in memory,
 * so a settled serial's inputs are taken from there instead of an iterator over the store (over a third of the cost
 * of applying them in the profile, see {@code docs/BENCHMARKS.md}). An input decodes equal to what was encoded
 * ({@code StateSerdeTest}), so what is held is what the buffer would answer; entries are added and removed only
 * here, in step with the buffer, and rebuilt from it on start.
 */
public final class DetectSerialFraudProcessor implements Processor<String, SerialInput, String, io.coldchain.schemas.Alert> {
    private final SerialRules rules;
    private ProcessorContext<String, io.coldchain.schemas.Alert> context;
    private SerialStates states;
    private KeyValueStore<Bytes, SerialInput> buffer;
    private Sensor redelivered;
    private Sensor expired;
    /** Inputs held in memory at most (all serials together); beyond, only their keys, and values read from the buffer. */
    static final int MAX_HELD_INPUTS = 100_000;

    /** Serials with buffered inputs → when they are settled and their inputs; rebuilt from the buffer on start. */
    private final Map<String, Settling> settling = new HashMap<>();
    private int heldInputs;

    private long lastArrivalWallClock;
    private boolean judgedSinceLastArrival;
    /** At the end of a bounded run's input the stream is quiet at once ({@link EndOfInput}). */
    private EndOfInput.Participant endOfInput;

    public DetectSerialFraudProcessor(final SerialRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(final ProcessorContext<String, io.coldchain.schemas.Alert> context) {
        this.context = context;
        final KeyValueStore<String, SerialState> stateStore = context.getStateStore(SerialTopology.STATE_STORE);
        final KeyValueStore<String, String> indexStore = context.getStateStore(SerialTopology.RETENTION_INDEX_STORE);
        this.states = new SerialStates(rules, stateStore, indexStore);
        this.buffer = context.getStateStore(SerialTopology.BUFFER_STORE);
        this.redelivered = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.REDELIVERED_SIGHTINGS,
                "Sightings of a pack recognised as redelivered (same event id or same content) and ignored");
        this.expired = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.EXPIRED_SERIALS,
                "Serial states deleted by the retention sweep");
        lastArrivalWallClock = context.currentSystemTimeMs();
        try (KeyValueIterator<Bytes, SerialInput> it = buffer.all()) {
            // What raced these inputs before the restart may be on its way again: the longer wait.
            it.forEachRemaining(entry -> buffered(ReorderingDetectorProcessor.shipmentOf(entry.key), entry.key, entry.value,
                    lastArrivalWallClock + SerialTopology.QUIET_BEFORE_JUDGING.toMillis()));
        }
        context.schedule(rules.settings().sweepInterval(), PunctuationType.STREAM_TIME,
                streamTime -> expired.record(states.sweep(streamTime, rules.settings().maxDeletesPerSweep())));
        context.schedule(SerialTopology.JUDGE_INTERVAL, PunctuationType.STREAM_TIME,
                streamTime -> forward(states.judgeDue(streamTime, settling::containsKey)));
        this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DETECTORS);
        context.schedule(SerialTopology.SETTLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
            final boolean ended = endOfInput.mayFlush();
            applySettled(wallClock);
            if (!judgedSinceLastArrival
                    && (ended || wallClock - lastArrivalWallClock >= SerialTopology.QUIET_BEFORE_JUDGING.toMillis())) {
                judgedSinceLastArrival = true;
                applySettled(Long.MAX_VALUE);
                forward(states.judgeAllPending());
            }
            if (ended) {
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
        final Bytes key = bufferKey(record.key(), input.order(), arrival);
        buffer.put(key, input);
        final Duration wait = input.withoutPlan() ? SerialTopology.QUIET_BEFORE_JUDGING : SerialTopology.SETTLE;
        buffered(record.key(), key, input, lastArrivalWallClock + wait.toMillis());
    }

    /** Notes an input written to the buffer under {@code key}: its serial settles at {@code settledAt} at the earliest. */
    private void buffered(final String serial, final Bytes key, final SerialInput input, final long settledAt) {
        final Settling entry = settling.computeIfAbsent(serial, s -> new Settling());
        entry.at = Math.max(entry.at, settledAt);
        final boolean hold = heldInputs < MAX_HELD_INPUTS;
        final SerialInput before = entry.inputs.put(key, hold ? input : null);
        heldInputs += (hold ? 1 : 0) - (before != null ? 1 : 0);
    }

    /** Applies the buffered inputs of every serial settled at {@code wallClock}, oldest first in event time. */
    private void applySettled(final long wallClock) {
        final List<String> settled = new ArrayList<>();
        settling.forEach((key, entry) -> {
            if (entry.at <= wallClock) {
                settled.add(key);
            }
        });
        settled.sort(null); // the same order on every run
        final long streamTime = context.currentStreamTimeMs();
        for (final String key : settled) {
            final NavigableMap<Bytes, SerialInput> inputs = settling.get(key).inputs;
            // In the buffer's order (its keys sort the same way): error declarations first, then event time, arrival.
            while (!inputs.isEmpty()) {
                final Bytes bufferKey = inputs.firstKey();
                final SerialInput held = inputs.get(bufferKey);
                final SerialInput input = held != null ? held : buffer.get(bufferKey);
                if (input != null) {
                    final Outcome<SerialState> outcome = states.apply(key, input);
                    if (outcome.verdict() == Verdict.REDELIVERY && input.fromCustodyEvent()) {
                        redelivered.record();
                    }
                    forward(outcome.alerts());
                    buffer.put(bufferKey, null); // a tombstone; delete() would read the entry first
                }
                inputs.remove(bufferKey);
                if (held != null) {
                    heldInputs--;
                }
            }
            settling.remove(key);
            // Due sightings of this serial were left for now: judged with its inputs.
            forward(states.judgeDue(key, streamTime));
        }
    }

    private void forward(final List<Alert> alerts) {
        for (final Alert alert : alerts) {
            context.forward(new Record<>(alert.shipmentId(), Contracts.toWire(alert), alert.lastEvidenceTime()));
        }
    }

    /**
     * Sorts by serial, then {@code order}, then {@code arrival}: one serial's inputs are one contiguous range (read
     * with {@link ReorderingDetectorProcessor#shipmentPrefix}, which has the same layout) in the order they apply.
     */
    static Bytes bufferKey(final String serial, final long order, final long arrival) {
        final byte[] key = serial.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(4 + key.length + 8 + 8)
                .putInt(key.length)
                .put(key)
                .putLong(order ^ Long.MIN_VALUE)
                .putLong(arrival ^ Long.MIN_VALUE)
                .array());
    }

    /** A serial whose inputs wait in the buffer. */
    private static final class Settling {
        /** Wall-clock time at which the serial is settled. */
        private long at = Long.MIN_VALUE;
        /** Its buffer keys, in the buffer's order, with the input when held in memory (else null). */
        private final NavigableMap<Bytes, SerialInput> inputs = new TreeMap<>();
    }

    @Override
    public void close() {
        endOfInput.leave();
        context.metrics().removeSensor(redelivered);
        context.metrics().removeSensor(expired);
    }
}
