package io.coldchain.streams.processors;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.Alert;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.contract.validation.Reason;
import io.coldchain.contract.validation.Validation;
import io.coldchain.serde.AvroText;
import io.coldchain.streams.BufferKeys;
import io.coldchain.streams.ClockedState;
import io.coldchain.streams.EndOfInput;
import io.coldchain.streams.EventClock;
import io.coldchain.streams.InputProgress;
import io.coldchain.streams.InvalidRecordException;
import io.coldchain.streams.DeliveryTimes;
import io.coldchain.streams.PlansInForce;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.StateCache;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a domain {@link Detector} each shipment's events in event-time order, whatever order they
 * arrive in, and judged by the plan in force at each event's time.
 *
 * <p><b>Per shipment, not per partition.</b> Each shipment keeps its own clock: its events wait in a
 * buffer (keyed by shipment, then event time) until that shipment's own newest event is the grace
 * period ahead of them, then they are handed to the detector oldest first. Another shipment, another
 * topic or a plan published with a newer time never makes an event "late": a backfill uploaded per
 * type (all readings, then all fixes, then all scans), per shipment, or interleaved by event time
 * gives the detectors the same sequences as the live stream did. An event is set aside on the
 * late-data branch only when its shipment's detector has already judged a later event of the same
 * kind, so it can no longer be placed in order; a copy of an event already judged (same content) is a
 * redelivery and changes nothing.
 *
 * <p><b>Plans.</b> Events whose shipment has no plan yet keep waiting (plans come from other systems
 * and may be published after the telemetry), up to {@link #NO_PLAN_HOLD} of the shipment's event time or
 * until the shipment goes quiet; then they are set aside with the reason. Both kinds of set-aside events
 * are counted ({@value #METRICS_GROUP}, {@code set-aside-records-total} by reason).
 *
 * <p><b>Quiet shipments.</b> A shipment's last events are never followed by newer ones; once no event of
 * the shipment has arrived for the grace period of wall-clock time, what it has buffered is handed over and
 * the shipment is judged. In a replay the wall clock never goes quiet, so a shipment whose events stopped
 * arriving while stream time moved on by {@link #STALE_AFTER} (a logger gone silent while its tracker reports)
 * hands its buffer over too. Both change when its last events are judged, never the order or the outcome.
 *
 * <p><b>Time passing.</b> Rules about silence need time to pass without events: every minute of stream
 * time, and every ten seconds of wall-clock time while the stream is live, the detector's
 * {@link Detector#onTime} is asked about every shipment that has nothing left in the buffer (a shipment
 * with buffered events is judged when they are handed over, never before). The time it is asked at stops at
 * the shipment's delivery (inferred from scans, see {@link ShipmentLifecycleTopology}, or a DELIVERED plan
 * version); in a replay or backfill, for a shipment whose data is still arriving, it also stops at the latest
 * event time of any of its inputs (the detectors' clocks, {@link EventClock#arrivedUpTo()}, and the custody scans' times in
 * {@code shipment-activity-store}), and while its events of this detector's kind are
 * still coming in, at the latest of those judged ({@link EventClock#handledUpTo()}), so a shipment uploaded after
 * others, or whose readings come after its fixes, is not judged silent before its history arrives. Shipments delivered
 * longer ago than the retention are released.
 * A check costs nothing for a shipment whose detector promised ({@link Detector#quietUntil}) that time passing
 * changes nothing for the plans it would be asked with, up to a time not yet reached: its state is not read, let
 * alone written. The promise is kept in memory only, made at a check that changed nothing and forgotten whenever
 * the shipment's state is written, so after a restart every shipment is asked once again.
 *
 * <p><b>Failures stay with their event.</b> A buffered event is deleted only after its detector has
 * handled it; an exception in the detector sets that one event aside (reason {@code detector-error})
 * and processing goes on with the next. An exception in a time check ({@link Detector#onTime}) leaves that
 * shipment's state as it was (it is asked again at the next check), is counted ({@value #FAILED_TIME_CHECKS}
 * {@code -total}, reason {@code detector-error}) and the check goes on with the other shipments.
 */
public final class ReorderingDetectorProcessor<W extends SpecificRecord, E, S> implements Processor<String, W, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ReorderingDetectorProcessor.class);

    public static final String LATE_REASON_HEADER = "coldchain.late.reason";
    public static final String LATE_STREAM_TIME_HEADER = "coldchain.late.stream-time";
    public static final String METRICS_GROUP = "coldchain-detector-metrics";
    /** One WARN line per failed event, at most 10 a minute per detector, then one "… and K more" line. */
    private static final RateLimitedLog FAILURES = RateLimitedLog.of(LOG, 10, Duration.ofMinutes(1));
    private static final String SET_ASIDE_HELP =
            "Telemetry records set aside on the late-data topic, by processor node and reason";
    public static final String SET_ASIDE_RECORDS = "set-aside-records";
    public static final String REDELIVERED_RECORDS = "redelivered-records";
    public static final String FAILED_TIME_CHECKS = "failed-time-checks";
    /** Stream time within this much of the wall clock counts as live. */
    public static final long LIVE_LAG_MILLIS = Duration.ofMinutes(5).toMillis();
    public static final Duration TIME_CHECK_STREAM_INTERVAL = Duration.ofMinutes(1);
    public static final Duration TIME_CHECK_WALL_INTERVAL = Duration.ofSeconds(10);
    /** Events of a shipment without any plan wait at most this much of the shipment's event time. */
    public static final long NO_PLAN_HOLD = Duration.ofHours(48).toMillis();
    /**
     * A backfilled shipment's events of one kind count as still arriving for this long of wall clock after the
     * last of them: longer than another topic's records of the same hours take to catch up (task idling, fetches).
     */
    public static final long OWN_EVENTS_SETTLE_MILLIS = Duration.ofSeconds(30).toMillis();
    /** A shipment with buffered events and no arrival while stream time moved on this much hands them over. */
    public static final long STALE_AFTER = Duration.ofMinutes(15).toMillis();
    /** Buffered events whose value the in-memory mirror of the buffer keeps, per task and detector. */
    public static final int MIRRORED_VALUES = 100_000;

    private final Detector<E, S> detector;
    private final Function<W, E> toDomain;
    private final ToLongFunction<W> eventTime;
    private final Stores names;
    private final long graceMillis;
    private final long deliveredRetentionMillis;
    private final String eventName;
    private final String nodeName;
    /** The topic this processor's events come from, for {@link InputProgress}. */
    private final String sourceTopic;
    private ProcessorContext<String, SpecificRecord> context;
    private Sensor setAsideLate;
    private Sensor setAsideWithoutPlan;
    private Sensor setAsideFailed;
    private Sensor redelivered;
    private Sensor failedTimeChecks;
    private Sensor cacheReads;
    private PlansInForce plans;
    /**
     * Each shipment's clock and state, one value, read through the processor's cache ({@link StateCache}): this processor
     * is their only writer.
     */
    private StateCache<String, ClockedState<S>> values;
    private KeyValueStore<Bytes, W> buffer;
    /** The buffer's write-behind layer, when it has one (the application's buffers do), for {@code putNew}. */
    private WriteBehindStore<Bytes, W> bufferLayer;
    /**
     * The buffer's content in the store's order (unsigned bytes, as RocksDB's default comparator), so handing events
     * over reads memory instead of opening a RocksDB iterator per event. Loaded from the store on start (after its
     * restoration) and changed together with it. Past {@link #MIRRORED_VALUES} entries a key is kept without its value,
     * which is read from the store when the event is handed over: the buffer of shipments without a plan may grow.
     */
    private final NavigableMap<Bytes, W> buffered = new TreeMap<>();
    private int mirroredValues;
    private DeliveryTimes deliveries;
    private KeyValueStore<String, Long> activity;
    /** The other detectors' state stores, for how far the shipment's other kinds of events have arrived (their clocks). */
    private final List<KeyValueStore<String, ClockedState<?>>> peerStates = new ArrayList<>();
    /** Newest buffered event time per shipment with buffered events; rebuilt from the buffer on start. */
    private final Map<String, Long> newestBuffered = new HashMap<>();
    /**
     * Shipments that have had events since they last went quiet, least recently arrived first, with the
     * wall-clock time of their last arrival.
     */
    private final LinkedHashMap<String, Long> lastArrival = new LinkedHashMap<>();
    /** Shipments whose last event arrived as it happened (event time not behind the wall clock by the live lag). */
    private final Set<String> arrivingLive = new HashSet<>();
    /** Stream time at the last arrival of each shipment with buffered events. */
    private final Map<String, Long> lastArrivalStreamTime = new HashMap<>();
    private long lastArrivalWallClock;
    private long streamTimeAtLastArrival = -1;
    /** Shipments whose last time check failed: logged once as a warning, not at every check. */
    private final Set<String> failingTimeChecks = new HashSet<>();
    /**
     * The keys of the state store, in its order (UTF-8 bytes): time checks visit them without reading every state.
     * Loaded from the store on start; kept by the only writers of the store, {@link #apply} and {@link #judge}.
     */
    private final NavigableSet<String> withState = new TreeSet<>(ReorderingDetectorProcessor::compareUtf8);
    /**
     * Shipments whose last time check changed nothing, with how long the detector promised that stays so
     * ({@link Detector#quietUntil}) for the plans it was asked with. Forgotten whenever the state is written.
     */
    private final Map<String, Quiet> quiet = new HashMap<>();
    /** Counts {@link #apply}: a time check that wrote nothing leaves it as it was. */
    private long stateWrites;
    /** At the end of a bounded run's input, every shipment counts as quiet at once ({@link EndOfInput}). */
    private EndOfInput.Participant endOfInput;
    /** Whether the task has read what its input partition held ({@link InputProgress}): a backlog is not silence. */
    private InputProgress progress;
    /** The partition this processor's events come from: the task's partition of {@link #sourceTopic}. */
    private TopicPartition ownPartition;
    /** The offset after the last event handed to this processor from {@link #ownPartition}. */
    private long nextOwnOffset = -1;
    /** {@link InputProgress#readUpTo} as last asked, with the wall clock and offset it was asked at. */
    private long readUpTo;
    private long readUpToAskedAt = Long.MIN_VALUE;
    private long readUpToAskedOffset;

    /**
     * What a time check that changed nothing was asked with: the plan in force in transit and how far time may pass
     * for it unchanged; for a delivered shipment, the plan in force at the check, the delivery time and the same
     * bound for the delivery step ({@code deliveredAt == Long.MIN_VALUE} when there was no delivery step).
     */
    private record Quiet(ShipmentPlan transitPlan, long transitUntil, ShipmentPlan deliveredPlan, long deliveredAt,
                         long deliveredUntil) {

        /** @param delivered the delivery time when the check has a delivery step, else {@link Long#MIN_VALUE} */
        boolean covers(final ShipmentPlan transit, final long inTransit, final ShipmentPlan atUpTo,
                       final long delivered, final long upTo) {
            return inTransit <= transitUntil && Objects.equals(transit, transitPlan)
                    && (delivered == Long.MIN_VALUE || delivered == deliveredAt && upTo <= deliveredUntil
                    && Objects.equals(atUpTo, deliveredPlan));
        }
    }

    /**
     * The stores a detector processor works with, by name.
     *
     * @param states       each shipment's {@link ClockedState}: its clock and the rules' state
     * @param legacyClocks where releases before the clock moved into the state store kept it: read once at start, its
     *                     clocks moved into the state store and deleted there
     * @param activity     the custody scans' latest event time per shipment, and the arrivals of released clocks
     * @param peerStates   the other detectors' state stores: how far their kinds of events have arrived (their clocks),
     *                     read (never written) by this detector's time checks
     */
    public record Stores(String plans, String states, String buffer, String legacyClocks, String deliveries,
                         String activity, String notices, List<String> peerStates) {
        public Stores {
            peerStates = List.copyOf(peerStates);
        }

        public String[] all() {
            final List<String> all = new ArrayList<>(List.of(plans, states, buffer, legacyClocks, deliveries, activity,
                    notices));
            all.addAll(peerStates);
            return all.toArray(String[]::new);
        }
    }

    /**
     * @param detector  the rules, which see domain records
     * @param toDomain  the contract seam for this kind of event ({@code Contracts::toDomain}), applied when an event is
     *                  handed over: the buffer keeps the wire record
     * @param eventTime the event time of a wire record
     * @param sourceTopic the topic the events come from: whether the task has read it to its end is asked of
     *                  {@link InputProgress} before a shipment's events count as stopped
     */
    public ReorderingDetectorProcessor(final Detector<E, S> detector, final Function<W, E> toDomain,
                                       final ToLongFunction<W> eventTime, final Stores stores,
                                       final Duration grace, final Duration deliveredRetention, final String eventName,
                                       final String nodeName, final String sourceTopic) {
        this.detector = detector;
        this.toDomain = toDomain;
        this.eventTime = eventTime;
        this.names = stores;
        this.graceMillis = grace.toMillis();
        this.deliveredRetentionMillis = deliveredRetention.toMillis();
        this.eventName = eventName;
        this.nodeName = nodeName;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        final ShipmentChangeNotices notices = context.getStateStore(names.notices());
        this.plans = PlansInForce.forDetectors(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                names.plans()), notices, ShipmentPlansTopology.PLAN_HISTORY);
        this.values = new StateCache<>(context.getStateStore(names.states()),
                StateCache.shipmentsCapacity(context.appConfigs()));
        this.buffer = context.getStateStore(names.buffer());
        this.bufferLayer = WriteBehindStore.layerOf(buffer);
        this.deliveries = new DeliveryTimes(context.getStateStore(names.deliveries()), notices);
        this.activity = context.getStateStore(names.activity());
        peerStates.clear();
        for (final String peer : names.peerStates()) {
            peerStates.add(context.getStateStore(peer));
        }
        this.lastArrivalWallClock = context.currentSystemTimeMs();
        this.progress = InputProgress.of(context);
        this.setAsideLate = TaskSensors.counting(context, METRICS_GROUP, nodeName, SET_ASIDE_RECORDS, "late",
                SET_ASIDE_HELP);
        this.setAsideWithoutPlan = TaskSensors.counting(context, METRICS_GROUP, nodeName, SET_ASIDE_RECORDS,
                "no-plan", SET_ASIDE_HELP);
        this.setAsideFailed = TaskSensors.counting(context, METRICS_GROUP, nodeName, SET_ASIDE_RECORDS,
                "detector-error", SET_ASIDE_HELP);
        this.redelivered = TaskSensors.counting(context, METRICS_GROUP, nodeName, REDELIVERED_RECORDS, "same-content",
                "Telemetry records already judged and received again with the same content, by processor node");
        this.failedTimeChecks = TaskSensors.counting(context, METRICS_GROUP, nodeName, FAILED_TIME_CHECKS,
                "detector-error", "Time checks of a shipment that failed in its detector, by processor node");
        this.cacheReads = TaskSensors.cacheReads(context, nodeName, names.states(), values);
        forgetAllInMemory();
        // Known before any event comes: after a restart, what was buffered waits for the partition to be read too.
        this.ownPartition = new TopicPartition(sourceTopic, context.taskId().partition());
        progress.watch(ownPartition);
        moveLegacyClocks(context.getStateStore(names.legacyClocks()));
        try (KeyValueIterator<String, ClockedState<S>> it = values.store().all()) {
            it.forEachRemaining(entry -> {
                if (entry.value.hasState()) {
                    withState.add(entry.key);
                }
            });
        }
        try (KeyValueIterator<Bytes, W> it = buffer.all()) {
            while (it.hasNext()) {
                final KeyValue<Bytes, W> entry = it.next();
                final Bytes key = entry.key;
                mirror(key, entry.value);
                final String shipmentId = BufferKeys.idOf(key);
                newestBuffered.merge(shipmentId, BufferKeys.timeOf(key), Math::max);
                lastArrival.put(shipmentId, lastArrivalWallClock);
                lastArrivalStreamTime.put(shipmentId, context.currentStreamTimeMs());
            }
        }
        this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DETECTORS, context.taskId() + "/" + nodeName);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::releaseQuietShipments);
        context.schedule(TIME_CHECK_STREAM_INTERVAL, PunctuationType.STREAM_TIME,
                streamTime -> checkTime(streamTime - graceMillis));
        context.schedule(TIME_CHECK_WALL_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::checkTimeWhenLive);
    }

    /**
     * Everything this processor keeps beside its stores, forgotten: {@link #init} rebuilds it from the stores alone. A
     * task whose transaction aborted (a commit that timed out, a corrupted changelog) is closed dirty and revived with
     * the same processor objects: its stores restored to the last commit, its input rewound to it. Memory of the
     * aborted work (a shipment's newest buffered event, its arrivals) would make the work done again differ from the
     * work done the first time.
     */
    private void forgetAllInMemory() {
        withState.clear();
        quiet.clear();
        buffered.clear();
        mirroredValues = 0;
        newestBuffered.clear();
        lastArrival.clear();
        arrivingLive.clear();
        lastArrivalStreamTime.clear();
        failingTimeChecks.clear();
        streamTimeAtLastArrival = -1;
        stateWrites = 0;
        nextOwnOffset = -1;
        readUpToAskedAt = Long.MIN_VALUE;
    }

    @Override
    public void process(final Record<String, W> record) {
        final long wallClock = context.currentSystemTimeMs();
        lastArrivalWallClock = wallClock;
        streamTimeAtLastArrival = context.currentStreamTimeMs();
        final RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null && source.partition() == ownPartition.partition() && sourceTopic.equals(source.topic())) {
            nextOwnOffset = Math.max(nextOwnOffset, source.offset() + 1);
        }
        final String shipmentId = record.key();
        if (shipmentId == null) {
            // The validation processor in front refuses these first; a guard for topologies composed without it.
            throw new InvalidRecordException(Validation.invalid(Reason.MISSING_KEY, "a " + eventName
                    + " without a shipment id: records must be keyed by their shipment id"));
        }
        final W event = record.value();
        final long time = eventTime.applyAsLong(event);
        final int hash = contentHash(event);
        final EventClock clock = clock(shipmentId);
        if (time <= clock.handledUpTo() && clock.seen(hash)) {
            redelivered.record();
            return;
        }
        if (time < clock.handledUpTo()) {
            setAside(shipmentId, event, time, record.headers(), "event time " + time + " is before the latest "
                    + eventName + " of shipment '" + shipmentId + "' already judged (" + clock.handledUpTo()
                    + "): it arrived beyond the grace period of " + graceMillis + " ms after later ones", setAsideLate);
            return;
        }
        final Bytes key = bufferKey(shipmentId, time, hash);
        if (bufferLayer != null && !buffered.containsKey(key)) {
            // Not in the buffer (the mirror holds every key it has): if released before the commit, nothing is written.
            bufferLayer.putNew(key, event);
        } else {
            buffer.put(key, event);
        }
        mirror(key, event);
        final long newest = newestBuffered.merge(shipmentId, time, Math::max);
        lastArrival.remove(shipmentId);
        lastArrival.put(shipmentId, wallClock);
        if (time >= wallClock - LIVE_LAG_MILLIS) {
            arrivingLive.add(shipmentId);
        } else {
            arrivingLive.remove(shipmentId);
        }
        lastArrivalStreamTime.put(shipmentId, streamTimeAtLastArrival);
        // How far the shipment's data has come, in the clock this event writes anyway (see activityOf).
        final EventClock arrived = clock.arrived(time);
        if (arrived != clock) {
            putClock(shipmentId, arrived);
        }
        release(shipmentId, newest - graceMillis, false);
    }

    /** Hands a shipment's buffered events with event time at or before {@code upTo} to the detector, oldest first. */
    private void release(final String shipmentId, final long upTo, final boolean quiet) {
        EventClock clock = clock(shipmentId);
        final EventClock before = clock;
        boolean emptied = true;
        final List<KeyValue<Bytes, W>> due = new ArrayList<>();
        for (final Map.Entry<Bytes, W> next : buffered.subMap(BufferKeys.prefix(shipmentId, Long.MIN_VALUE), true,
                BufferKeys.prefix(shipmentId, Long.MAX_VALUE), true).entrySet()) {
            if (BufferKeys.timeOf(next.getKey()) > upTo) {
                emptied = false;
                break;
            }
            due.add(KeyValue.pair(next.getKey(), next.getValue() != null ? next.getValue() : buffer.get(next.getKey())));
        }
        final long newest = newestBuffered.getOrDefault(shipmentId, Long.MIN_VALUE);
        for (final KeyValue<Bytes, W> entry : due) {
            final long time = BufferKeys.timeOf(entry.key);
            final ShipmentPlan plan = plans.inForce(shipmentId, time);
            if (plan == null) {
                if (!quiet && newest - time < NO_PLAN_HOLD) {
                    emptied = false;
                    break; // wait for the plan; later events of the shipment wait behind this one
                }
                setAside(shipmentId, entry.value, time, new RecordHeaders(), "no shipment plan for '" + shipmentId
                        + "' in force at its event time; waited " + (quiet ? "until the shipment went quiet"
                        : NO_PLAN_HOLD + " ms of its event time"), setAsideWithoutPlan);
            } else {
                try {
                    final ShipmentPlan seen = PlansInForce.withDelivery(plan,
                            deliveries.deliveredAt(shipmentId), time);
                    apply(shipmentId, detector.onEvent(seen, state(shipmentId), toDomain.apply(entry.value)));
                } catch (RuntimeException e) {
                    values.forget(shipmentId); // a rule that failed part-way may have left its input changed
                    FAILURES.warn(nodeName, () -> eventName + " of shipment '" + shipmentId + "' at " + time
                            + " failed in " + nodeName + ", set aside: " + Secrets.mask(e.toString()), e);
                    setAside(shipmentId, entry.value, time, new RecordHeaders(), "the detector failed on this "
                            + eventName + ": " + e, setAsideFailed);
                }
            }
            clock = clock.handled(time, hashOf(entry.key));
            buffer.put(entry.key, null); // a delete that does not read the event back only to return it
            if (buffered.remove(entry.key) != null) {
                mirroredValues--;
            }
        }
        if (!clock.equals(before)) {
            putClock(shipmentId, clock);
        }
        if (emptied && (due.isEmpty() || BufferKeys.timeOf(due.get(due.size() - 1).key) >= newest)) {
            forgetBuffered(shipmentId);
        }
    }

    private void setAside(final String shipmentId, final W event, final long time, final Headers original,
                          final String reason, final Sensor sensor) {
        final RecordHeaders headers = new RecordHeaders(original.toArray());
        headers.add(LATE_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(LATE_STREAM_TIME_HEADER, Long.toString(context.currentStreamTimeMs())
                .getBytes(StandardCharsets.UTF_8));
        sensor.record();
        context.forward(new Record<String, SpecificRecord>(shipmentId, event, time, headers));
    }

    /**
     * Shipments from which nothing has arrived for the grace period of wall-clock time hand over all they have
     * buffered and are judged at once: their data has all arrived, so time has passed for them as for the stream.
     * Once a bounded run's input has ended ({@link EndOfInput}), every shipment is quiet, in the same order, judged at
     * stream time.
     */
    private void releaseQuietShipments(final long wallClock) {
        final boolean ended = endOfInput.mayFlush();
        final List<String> quiet = new ArrayList<>();
        for (final Map.Entry<String, Long> entry : lastArrival.entrySet()) {
            if (!ended && !ownEventsStopped(entry.getValue(), wallClock, graceMillis)) {
                break;
            }
            quiet.add(entry.getKey());
        }
        // Backfilled shipments whose events of this kind stopped arriving a moment ago while their other inputs may go
        // on: judged now and at every punctuation until they go quiet, so a logger that stopped is found at its
        // tracker's times without waiting for quiet. Not once only: their other inputs may arrive later still, behind
        // the stream's time (a partition behind the others in a catch-up), and then no check of stream time follows
        // them. A check the detector's promise covers reads the shipment's activity (the activity store and the other
        // detectors' clocks) and nothing else.
        final List<String> settled = new ArrayList<>();
        int position = 0;
        for (final Map.Entry<String, Long> entry : lastArrival.entrySet()) {
            if (!ownEventsStopped(entry.getValue(), wallClock, OWN_EVENTS_SETTLE_MILLIS)) {
                break; // in arrival order: a later arrival has stopped only if this one has
            }
            final String shipmentId = entry.getKey();
            // The first quiet.size() entries are the quiet ones, handled below.
            if (position++ >= quiet.size() && !arrivingLive.contains(shipmentId)
                    && !newestBuffered.containsKey(shipmentId)) {
                settled.add(shipmentId);
            }
        }
        // At the end of input, the stream's own time: the wall clock says nothing about a bounded run's data.
        final long now = quiet.isEmpty() && settled.isEmpty() ? Long.MIN_VALUE
                : ended ? context.currentStreamTimeMs() - graceMillis : now(wallClock);
        for (final String shipmentId : settled) {
            judge(shipmentId, now);
        }
        for (final String shipmentId : quiet) {
            lastArrival.remove(shipmentId);
            arrivingLive.remove(shipmentId);
            if (newestBuffered.containsKey(shipmentId)) {
                release(shipmentId, Long.MAX_VALUE, true);
                forgetBuffered(shipmentId);
            }
            judge(shipmentId, now);
        }
        if (ended) {
            endOfInput.flushed();
        }
    }

    /**
     * Whether a shipment's events of this kind, the last of which arrived at {@code arrived}, have stopped coming: none
     * for {@code forMillis} of wall clock, <em>and</em> the task has read everything its own input partition held at
     * some moment since (until it has, later ones may still be waiting on the broker: a partition read behind the
     * task's others in a catch-up, {@link InputProgress}). Monotone in {@code arrived}: if an arrival has not stopped, no
     * later one has.
     */
    private boolean ownEventsStopped(final long arrived, final long wallClock, final long forMillis) {
        if (wallClock - arrived < forMillis) {
            return false;
        }
        if (wallClock != readUpToAskedAt || nextOwnOffset != readUpToAskedOffset) {
            // Once per punctuation or check, not per shipment: the answer only moves with the wall clock and the offset.
            readUpTo = progress.readUpTo(ownPartition, nextOwnOffset, wallClock);
            readUpToAskedAt = wallClock;
            readUpToAskedOffset = nextOwnOffset;
        }
        return arrived <= readUpTo;
    }

    /** While live, event time moves on with the wall clock even when no record arrives. */
    private void checkTimeWhenLive(final long wallClock) {
        if (live()) {
            checkTime(liveNow(wallClock));
        }
    }

    private boolean live() {
        return streamTimeAtLastArrival >= 0 && streamTimeAtLastArrival >= lastArrivalWallClock - LIVE_LAG_MILLIS;
    }

    private long liveNow(final long wallClock) {
        return streamTimeAtLastArrival + (wallClock - lastArrivalWallClock) - graceMillis;
    }

    /** The event time up to which nothing more is expected: stream time less grace, moved on by the wall clock while live. */
    private long now(final long wallClock) {
        final long streamNow = context.currentStreamTimeMs() - graceMillis;
        return live() ? Math.max(streamNow, liveNow(wallClock)) : streamNow;
    }

    private void forgetBuffered(final String shipmentId) {
        newestBuffered.remove(shipmentId);
        lastArrivalStreamTime.remove(shipmentId);
    }

    /**
     * A shipment whose events stopped arriving while the stream went on by {@link #STALE_AFTER} of event time
     * (a logger gone silent in a replay, where the wall clock never goes quiet) hands over its buffer, so
     * silence is judged. A backfill uploaded per shipment never looks stale: stream time stands still while
     * an older shipment's events arrive.
     */
    private void releaseStaleShipments() {
        final long streamTime = context.currentStreamTimeMs();
        final List<String> stale = new ArrayList<>();
        lastArrivalStreamTime.forEach((shipmentId, at) -> {
            if (streamTime - at >= STALE_AFTER) {
                stale.add(shipmentId);
            }
        });
        for (final String shipmentId : stale) {
            release(shipmentId, Long.MAX_VALUE, false);
        }
    }

    private void checkTime(final long now) {
        releaseStaleShipments();
        for (final String shipmentId : new ArrayList<>(withState)) {
            if (!newestBuffered.containsKey(shipmentId)) {
                judge(shipmentId, now);
            }
            // else: judged when its buffered events are handed over, never before them
        }
    }

    /**
     * Asks the detector about a shipment with nothing buffered, at event time {@code now}; skipped, state unread,
     * while the detector's promise from the last check that changed nothing still covers the plans and times it would
     * be asked with now.
     */
    private void judge(final String shipmentId, final long now) {
        if (!withState.contains(shipmentId)) {
            return;
        }
        final long deliveredAt = earliestKnown(deliveries.deliveredAt(shipmentId),
                plans.deliveredSince(shipmentId, now));
        long upTo = now;
        if (lastArrival.containsKey(shipmentId) && !arrivingLive.contains(shipmentId)) {
            // The shipment's history is being uploaded after the fact (its events arrive well after they happened)
            // and is still arriving: time has passed for it only as far as its own data shows, so it is not judged
            // silent before the rest of its history (fixes, the delivery scan) arrives. While events of this kind
            // for the shipment are still coming in (one within OWN_EVENTS_SETTLE of wall clock), only as far as
            // those have come: readings and fixes come through topics of their own, and a fix an hour ahead says
            // nothing about readings still on their way. Once they have stopped coming while its other inputs go
            // on (a logger gone silent while its tracker reports), as far as any of its inputs show. A shipment
            // reporting as things happen is judged at the stream's time, wall clock included: all its devices
            // going quiet at once is what tampering looks like. Once it goes quiet, stream time counts.
            final boolean ownStillArriving = !ownEventsStopped(lastArrival.get(shipmentId),
                    context.currentSystemTimeMs(), OWN_EVENTS_SETTLE_MILLIS);
            final Long seen = ownStillArriving ? null : activityOf(shipmentId);
            upTo = Math.min(upTo, seen != null ? seen : clock(shipmentId).handledUpTo());
        }
        // In transit, time stops at delivery (inferred from a scan, or a plan version marked DELIVERED): silence
        // that began before it is found even when the delivery is already known, as in a backfill, and a logger
        // switched off at the consignee is not silent.
        final long inTransit = deliveredAt == Long.MIN_VALUE ? upTo : Math.min(upTo, deliveredAt - 1);
        final ShipmentPlan transitPlan = plans.inForce(shipmentId, inTransit);
        final boolean deliveryStep = deliveredAt != Long.MIN_VALUE && upTo >= deliveredAt;
        final long stepDelivered = deliveryStep ? deliveredAt : Long.MIN_VALUE;
        final ShipmentPlan atUpTo = deliveryStep ? plans.inForce(shipmentId, upTo) : null;
        // Released only once judged up to its delivery: never while its own data still holds time back.
        final boolean release = deliveredAt != Long.MIN_VALUE && upTo >= deliveredAt
                && now - deliveredAt > deliveredRetentionMillis;
        final Quiet promised = quiet.get(shipmentId);
        if (!release && promised != null && promised.covers(transitPlan, inTransit, atUpTo, stepDelivered, upTo)) {
            return; // the detector would return the very state with no alerts: nothing to read or write
        }
        final long writesBefore = stateWrites;
        final S state = state(shipmentId);
        S current = state;
        final Outcome<S> transit = onTime(shipmentId, transitPlan, current, inTransit);
        if (transit == null) {
            return;
        }
        current = applyIfChanged(shipmentId, current, transit);
        final ShipmentPlan delivered = deliveryStep ? PlansInForce.withDelivery(atUpTo, deliveredAt, upTo) : null;
        if (current != null && deliveryStep) {
            // Then the delivery itself, so rules that end with it (open route episodes) settle.
            final Outcome<S> after = onTime(shipmentId, delivered, current, upTo);
            if (after == null) {
                return;
            }
            current = applyIfChanged(shipmentId, current, after);
        }
        if (current != null && release) {
            // Kept a while after delivery for late data and queries; released once judged (a shipment backfilled
            // long after its delivery is still judged for its transit first).
            forgetState(shipmentId);
            current = null;
        }
        if (current == null) {
            // Released, or the rules kept nothing: the clock goes with the state, its arrival to the activity store.
            keepArrival(shipmentId);
            values.delete(shipmentId);
        } else if (stateWrites == writesBefore) {
            remember(shipmentId, state, transitPlan, atUpTo, delivered, stepDelivered);
        }
    }

    /** Remembers how long the detector promises that time checks of an unchanged shipment change nothing. */
    private void remember(final String shipmentId, final S state, final ShipmentPlan transitPlan,
                          final ShipmentPlan atUpTo, final ShipmentPlan delivered, final long deliveredAt) {
        try {
            final long transitUntil = detector.quietUntil(transitPlan, state);
            final long deliveredUntil = deliveredAt == Long.MIN_VALUE ? Long.MIN_VALUE
                    : detector.quietUntil(delivered, state);
            if (transitUntil != Long.MIN_VALUE) {
                quiet.put(shipmentId, new Quiet(transitPlan, transitUntil, atUpTo, deliveredAt, deliveredUntil));
            } else {
                quiet.remove(shipmentId);
            }
        } catch (RuntimeException e) {
            LOG.debug("no promise from the detector for shipment '{}'; it is asked at every check", shipmentId, e);
        }
    }

    private void forgetState(final String shipmentId) {
        withState.remove(shipmentId);
        quiet.remove(shipmentId);
        plans.forget(shipmentId);
        deliveries.forget(shipmentId);
    }

    /**
     * The detector's verdict on time passing for one shipment, or null when the detector failed: counted and logged,
     * and the shipment's state stays as it was, so one shipment's failing check never stops the others'.
     */
    private Outcome<S> onTime(final String shipmentId, final ShipmentPlan plan, final S state, final long now) {
        final Outcome<S> outcome;
        try {
            outcome = detector.onTime(plan, state, now);
        } catch (RuntimeException e) {
            values.forget(shipmentId); // a rule that failed part-way may have left its input changed
            failedTimeChecks.record();
            if (failingTimeChecks.add(shipmentId)) {
                LOG.warn("time check of shipment '{}' at {} failed in {}: {} (logged once until it succeeds)",
                        shipmentId, now, nodeName, e.toString());
            }
            LOG.debug("time check failure", e);
            return null;
        }
        failingTimeChecks.remove(shipmentId);
        return outcome;
    }

    /**
     * Writes a time check's outcome unless nothing changed: a detector returns the very state it was given, with
     * no alerts, when time passing changed nothing ({@link Detector#onTime}), and then nothing is written.
     *
     * @return the state after the outcome
     */
    private S applyIfChanged(final String shipmentId, final S before, final Outcome<S> outcome) {
        if (outcome.state() == before && outcome.alerts().isEmpty()) {
            return before;
        }
        apply(shipmentId, outcome);
        return outcome.state();
    }

    /** The earlier of two times, {@link Long#MIN_VALUE} meaning unknown. */
    private static long earliestKnown(final long a, final long b) {
        if (a == Long.MIN_VALUE) {
            return b;
        }
        return b == Long.MIN_VALUE ? a : Math.min(a, b);
    }

    private void apply(final String shipmentId, final Outcome<S> outcome) {
        stateWrites++;
        quiet.remove(shipmentId);
        final ClockedState<S> value = values.get(shipmentId);
        if (outcome.state() == null) {
            if (value != null && value.clock().equals(EventClock.NONE)) {
                values.delete(shipmentId);
            } else if (value != null) {
                values.put(shipmentId, value.withState(null));
            }
            withState.remove(shipmentId);
        } else {
            values.put(shipmentId, ClockedState.of(value == null ? EventClock.NONE : value.clock(), outcome.state()));
            withState.add(shipmentId);
        }
        for (final Alert alert : outcome.alerts()) {
            context.forward(new Record<String, SpecificRecord>(shipmentId, Contracts.toWire(alert), alert.lastEvidenceTime()));
        }
    }

    /** Keeps a buffered event in the mirror: with its value while under {@link #MIRRORED_VALUES}, else its key only. */
    private void mirror(final Bytes key, final W event) {
        final boolean withValue = mirroredValues < MIRRORED_VALUES;
        final W before = buffered.put(key, withValue ? event : null);
        if (before != null) {
            mirroredValues--;
        }
        if (withValue) {
            mirroredValues++;
        }
    }

    /**
     * How far a shipment's data has come in event time on any of its inputs: the latest of this detector's and the other
     * detectors' arrivals (their clocks) and the activity store (custody scans, released clocks' arrivals, and what
     * releases before the clocks kept arrivals wrote there for every event). Null when nothing is known.
     */
    private Long activityOf(final String shipmentId) {
        Long seen = latest(activity.get(shipmentId), clock(shipmentId).arrivedUpTo());
        for (final KeyValueStore<String, ClockedState<?>> peer : peerStates) {
            final ClockedState<?> other = peer.get(shipmentId);
            if (other != null) {
                seen = latest(seen, other.clock().arrivedUpTo());
            }
        }
        return seen;
    }

    /** Before a clock is deleted, its arrival goes to the activity store, so {@link #activityOf} still counts it. */
    private void keepArrival(final String shipmentId) {
        final Long arrived = clock(shipmentId).arrivedUpTo();
        if (arrived != null) {
            ShipmentLifecycleTopology.raiseActivity(activity, shipmentId, arrived);
        }
    }

    private static Long latest(final Long a, final Long b) {
        if (a == null) {
            return b;
        }
        return b == null || a >= b ? a : b;
    }

    private EventClock clock(final String shipmentId) {
        final ClockedState<S> value = values.get(shipmentId);
        return value == null ? EventClock.NONE : value.clock();
    }

    private S state(final String shipmentId) {
        final ClockedState<S> value = values.get(shipmentId);
        return value == null ? null : value.state();
    }

    /** Writes a shipment's clock, its state as it is (still encoded, when it was not read). */
    private void putClock(final String shipmentId, final EventClock clock) {
        final ClockedState<S> value = values.get(shipmentId);
        values.put(shipmentId, value == null ? ClockedState.of(clock, null) : value.withClock(clock));
    }

    /**
     * Moves what an earlier release kept in a clock store of its own into the state store's values, once, at start: the
     * clock store is empty afterwards (its deletions committed with the moved values), so later starts read nothing.
     */
    private void moveLegacyClocks(final KeyValueStore<String, EventClock> legacy) {
        final List<KeyValue<String, EventClock>> moved = new ArrayList<>();
        try (KeyValueIterator<String, EventClock> it = legacy.all()) {
            it.forEachRemaining(moved::add);
        }
        for (final KeyValue<String, EventClock> entry : moved) {
            putClock(entry.key, entry.value);
            legacy.delete(entry.key);
        }
        if (!moved.isEmpty()) {
            LOG.info("{}: moved {} event clocks from {} into {}", nodeName, moved.size(), names.legacyClocks(),
                    names.states());
        }
    }

    @Override
    public void close() {
        // The memories first, whatever else fails: the task's plans memory outlives a reader that never leaves it,
        // and would go on answering after a standby's restoration changed the store without a notice.
        try {
            if (plans != null) {
                plans.close();
            }
            if (deliveries != null) {
                deliveries.close();
            }
        } finally {
            if (endOfInput != null) {
                endOfInput.leave();
            }
            if (context != null) {
                for (final Sensor sensor : Arrays.asList(setAsideLate, setAsideWithoutPlan, setAsideFailed,
                        redelivered, failedTimeChecks, cacheReads)) {
                    if (sensor != null) { // null when init failed before making it
                        context.metrics().removeSensor(sensor);
                    }
                }
            }
        }
    }

    /** The order of the state store's keys: their UTF-8 bytes, unsigned, which is code point order. */
    public static int compareUtf8(final String a, final String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            final int x = a.codePointAt(i);
            final int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Same content, same hash: a redelivered copy of an event folds into the original. The hash is kept in state, so
     * it stays what it always was, {@code value.toString().hashCode()}, now computed without building the text.
     */
    public static int contentHash(final SpecificRecord value) {
        return AvroText.hash(value);
    }

    /**
     * Buffer keys sort by shipment, then event time, then content: one shipment's events are one
     * contiguous range in release order; the content hash makes ties deterministic and folds exact
     * redeliveries into one entry.
     */
    public static Bytes bufferKey(final String shipmentId, final long time, final int hash) {
        return Bytes.wrap(BufferKeys.start(shipmentId, time, 4).putInt(hash).array());
    }

    public static int hashOf(final Bytes key) {
        return ByteBuffer.wrap(key.get()).getInt(BufferKeys.moreAt(key));
    }
}
