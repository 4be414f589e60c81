package io.coldchain.streams;

import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.ShipmentPlan;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Feeds a domain {@link Detector} its events in event-time order, whatever order they arrive in.
 *
 * <p>Events wait in a time-ordered buffer until stream time has passed their event time by the
 * grace period; then they are released, oldest first, to the detector. So readings shuffled within
 * the grace period give exactly the alerts (and alert ids) of the same readings in order, at the
 * cost of a detection latency of the grace period in stream time. Events older than stream time
 * minus grace cannot be placed any more: they are forwarded, unchanged and with a reason, to the
 * late-data branch, never dropped.
 *
 * <p>An event whose shipment has no plan yet waits in the buffer like any other: plans and telemetry
 * come from different systems and partitions, and Kafka Streams does not promise to read the plan first
 * (a consumer can hand out one partition's fetched records before another's). If the plan is still
 * missing when the event is due, the event is set aside on the late-data branch with the reason. Both
 * kinds of set-aside events are counted ({@value #METRICS_GROUP}, {@code set-aside-records-total} by
 * reason).
 *
 * <p>Releasing reads the buffer from a lower bound on its event times, not from its first key: released
 * entries leave deletion markers at the head of the store, which a scan from the first key would step
 * over on every record.
 *
 * <p>When the stream is live but goes quiet, stream time stops; a wall-clock punctuation then
 * releases what is buffered once no record has arrived for the grace period, so the last readings
 * of a shipment are not held back forever. A replay at full speed never goes quiet, so its output
 * does not depend on the wall clock.
 *
 * <p>Rules about silence need time to pass without events: every minute of stream time, and every
 * ten seconds of wall-clock time while the stream is live (its stream time keeps up with the wall
 * clock), the detector's {@link Detector#onTime} is asked about every shipment it keeps state for.
 * In a replay of historical data stream time lags far behind the wall clock, so only stream time
 * counts and the replay gives the same alerts as the live run.
 *
 * <p>Output values are {@link Alert}s or late events (any other {@link SpecificRecord}); the
 * sub-builder splits them.
 */
final class ReorderingDetectorProcessor<E extends SpecificRecord, S> implements Processor<String, E, String, SpecificRecord> {

    static final String LATE_REASON_HEADER = "coldchain.late.reason";
    static final String LATE_STREAM_TIME_HEADER = "coldchain.late.stream-time";
    static final String METRICS_GROUP = "coldchain-detector-metrics";
    static final String SET_ASIDE_RECORDS = "set-aside-records";
    /** Stream time within this much of the wall clock counts as live. */
    static final long LIVE_LAG_MILLIS = Duration.ofMinutes(5).toMillis();
    static final Duration TIME_CHECK_STREAM_INTERVAL = Duration.ofMinutes(1);
    static final Duration TIME_CHECK_WALL_INTERVAL = Duration.ofSeconds(10);

    private final Detector<E, S> detector;
    private final ToLongFunction<E> eventTime;
    private final String plansStoreName;
    private final String stateStoreName;
    private final String bufferStoreName;
    private final long graceMillis;
    private final String eventName;
    private final String nodeName;
    private ProcessorContext<String, SpecificRecord> context;
    private Sensor setAsideLate;
    private Sensor setAsideWithoutPlan;
    /** No buffered event is older than this; {@link Long#MIN_VALUE} until the first release after a start. */
    private long bufferedFrom = Long.MIN_VALUE;
    private TimestampedKeyValueStore<String, ShipmentPlan> plans;
    private KeyValueStore<String, S> states;
    private KeyValueStore<Bytes, E> buffer;
    private long lastArrivalWallClock;
    private long streamTimeAtLastArrival = -1;

    ReorderingDetectorProcessor(final Detector<E, S> detector, final ToLongFunction<E> eventTime,
                                final String plansStoreName, final String stateStoreName,
                                final String bufferStoreName, final Duration grace, final String eventName,
                                final String nodeName) {
        this.detector = detector;
        this.eventTime = eventTime;
        this.plansStoreName = plansStoreName;
        this.stateStoreName = stateStoreName;
        this.bufferStoreName = bufferStoreName;
        this.graceMillis = grace.toMillis();
        this.eventName = eventName;
        this.nodeName = nodeName;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.plans = context.getStateStore(plansStoreName);
        this.states = context.getStateStore(stateStoreName);
        this.buffer = context.getStateStore(bufferStoreName);
        this.lastArrivalWallClock = context.currentSystemTimeMs();
        this.setAsideLate = TaskSensors.counting(context, METRICS_GROUP, nodeName, SET_ASIDE_RECORDS, "late",
                eventName + "s set aside on the late-data topic");
        this.setAsideWithoutPlan = TaskSensors.counting(context, METRICS_GROUP, nodeName, SET_ASIDE_RECORDS,
                "no-plan", eventName + "s set aside on the late-data topic");
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::releaseWhenQuiet);
        context.schedule(TIME_CHECK_STREAM_INTERVAL, PunctuationType.STREAM_TIME,
                streamTime -> checkTime(streamTime - graceMillis));
        context.schedule(TIME_CHECK_WALL_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::checkTimeWhenLive);
    }

    @Override
    public void process(final Record<String, E> record) {
        lastArrivalWallClock = context.currentSystemTimeMs();
        streamTimeAtLastArrival = context.currentStreamTimeMs();
        final String shipmentId = record.key();
        if (shipmentId == null) {
            throw new MissingShipmentIdException(eventName);
        }
        final long time = eventTime.applyAsLong(record.value());
        final long watermark = context.currentStreamTimeMs() - graceMillis;
        if (time < watermark) {
            setAside(shipmentId, record.value(), time, record.headers(), "event time " + time + " is "
                    + (watermark - time + graceMillis) + " ms behind stream time, beyond the grace period of "
                    + graceMillis + " ms", setAsideLate);
            return;
        }
        buffer.put(bufferKey(time, shipmentId, record.value()), record.value());
        bufferedFrom = Math.min(bufferedFrom, time);
        release(watermark);
    }

    private void setAside(final String shipmentId, final E event, final long time, final Headers original,
                          final String reason, final Sensor sensor) {
        final RecordHeaders headers = new RecordHeaders(original.toArray());
        headers.add(LATE_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(LATE_STREAM_TIME_HEADER, Long.toString(context.currentStreamTimeMs())
                .getBytes(StandardCharsets.UTF_8));
        sensor.record();
        context.forward(new Record<String, SpecificRecord>(shipmentId, event, time, headers));
    }

    private void releaseWhenQuiet(final long wallClock) {
        if (wallClock - lastArrivalWallClock >= graceMillis) {
            release(Long.MAX_VALUE);
        }
    }

    /** While live, event time moves on with the wall clock even when no record arrives. */
    private void checkTimeWhenLive(final long wallClock) {
        if (streamTimeAtLastArrival < 0 || streamTimeAtLastArrival < lastArrivalWallClock - LIVE_LAG_MILLIS) {
            return;
        }
        checkTime(streamTimeAtLastArrival + (wallClock - lastArrivalWallClock) - graceMillis);
    }

    private void checkTime(final long now) {
        final List<KeyValue<String, S>> all = new ArrayList<>();
        try (KeyValueIterator<String, S> it = states.all()) {
            it.forEachRemaining(all::add);
        }
        for (final KeyValue<String, S> entry : all) {
            apply(entry.key, detector.onTime(plan(entry.key), entry.value, now));
        }
    }

    private void apply(final String shipmentId, final Outcome<S> outcome) {
        if (outcome.state() == null) {
            states.delete(shipmentId);
        } else {
            states.put(shipmentId, outcome.state());
        }
        for (final Alert alert : outcome.alerts()) {
            context.forward(new Record<String, SpecificRecord>(shipmentId, alert, alert.getLastEvidenceTime()));
        }
    }

    /** Hands every buffered event with event time at or before {@code upTo} to the detector, oldest first. */
    private void release(final long upTo) {
        if (upTo < bufferedFrom) {
            return;
        }
        final List<KeyValue<Bytes, E>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, E> it = buffer.range(timePrefix(bufferedFrom),
                timePrefix(upTo == Long.MAX_VALUE ? upTo : upTo + 1))) {
            while (it.hasNext()) {
                final KeyValue<Bytes, E> next = it.next();
                if (timeOf(next.key) > upTo) {
                    break;
                }
                due.add(next);
            }
        }
        bufferedFrom = upTo == Long.MAX_VALUE ? upTo : upTo + 1;
        for (final KeyValue<Bytes, E> entry : due) {
            buffer.delete(entry.key);
            final String shipmentId = shipmentOf(entry.key);
            final ShipmentPlan plan = plan(shipmentId);
            if (plan == null) {
                // No plan arrived while the event waited (or the shipment was closed, its plan tombstoned).
                setAside(shipmentId, entry.value, timeOf(entry.key), new RecordHeaders(), "no shipment plan for '"
                        + shipmentId + "' when its " + eventName + " was due, " + graceMillis
                        + " ms of stream time after its event time", setAsideWithoutPlan);
                continue;
            }
            apply(shipmentId, detector.onEvent(plan, states.get(shipmentId), entry.value));
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.metrics().removeSensor(setAsideLate);
            context.metrics().removeSensor(setAsideWithoutPlan);
        }
    }

    private ShipmentPlan plan(final String shipmentId) {
        final ValueAndTimestamp<ShipmentPlan> plan = plans.get(shipmentId);
        return plan == null ? null : plan.value();
    }

    /**
     * Buffer keys sort by event time, then shipment, then content: big-endian time first makes the
     * store's byte order the release order; the content hash makes ties deterministic and folds
     * exact redeliveries into one entry.
     */
    static Bytes bufferKey(final long time, final String shipmentId, final SpecificRecord value) {
        final byte[] shipment = shipmentId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + 4 + shipment.length + 4)
                .putLong(time ^ Long.MIN_VALUE)
                .putInt(shipment.length)
                .put(shipment)
                .putInt(value.toString().hashCode())
                .array());
    }

    /** Sorts before every key of an event at {@code time} and after every key of an earlier one. */
    static Bytes timePrefix(final long time) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(time ^ Long.MIN_VALUE).array());
    }

    static long timeOf(final Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
    }

    static String shipmentOf(final Bytes key) {
        final ByteBuffer buf = ByteBuffer.wrap(key.get());
        buf.position(8);
        final int length = buf.getInt();
        return new String(key.get(), 12, length, StandardCharsets.UTF_8);
    }
}
