package io.coldchain.streams;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import io.coldchain.rules.lifecycle.DeliveryRule;
import io.coldchain.rules.serial.ChainOutcome;
import io.coldchain.rules.serial.ChainState;
import io.coldchain.rules.serial.CustodyChainRules;
import io.coldchain.rules.serial.CustodyFingerprint;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.HeldCustodyEvent;
import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.SerialAlertIds;
import io.coldchain.rules.serial.SerialOutcome;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.rules.serial.Verdict;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sub-builder: serial integrity ({@link SerialRules}) and custody chains ({@link CustodyChainRules}).
 *
 * <pre>
 * plans table ──► stream-plans-for-serials ──► declare-serials ──┐
 * custody stream ──► observe-serials [shipment-plans-store] ─────┴► merge-serial-observations
 *   ──► repartition-serials-by-sgtin (key = SGTIN) ──► detect-serial-fraud
 *         [serial-reorder-buffer-store, serial-state-store, serial-retention-index-store] ──► alerts (re-keyed by shipment)
 * custody stream ──► detect-custody-chain-breaks [custody-chain-state-store, shipment-plans-store] ──► alerts
 * </pre>
 *
 * <p><b>Plans that come late.</b> A plan may reach the application after its shipment's scans (a history
 * uploaded per shipment, a plan published late). The serial checks judge a sighting in a shipment that does not
 * list the serial only once their stream time is {@link SerialSettings#declarationGrace()} past it, or
 * {@link SerialSettings#planWait()} when its shipment had no plan at all when it was read ({@code observe-serials}
 * tells); a plan arriving in the meantime decides instead ({@link SerialRules#onDue}). The chain checks hold the
 * custody events of a shipment without a plan in its chain state and apply them, in arrival order, when the plan is
 * there (seen by the next custody event of the shipment, every minute of stream time, or every
 * {@value #HELD_CHECK_WALL_SECONDS} s of wall-clock time) or, without it, once stream time is
 * {@link SerialSettings#planWait()} past the first of them and they have waited {@link #QUIET_BEFORE_JUDGING} of wall
 * clock. That least wait is for replays: there stream time is far ahead of an older shipment's events, and a plan
 * published before its scans may still reach the task after them (its partition fetched later), so stream time alone
 * would give up on it at once.
 *
 * <p><b>Order on the repartition topic.</b> The tasks that feed it run at their own pace, so the inputs of one pack
 * from different shipments (a clone's sightings and the genuine pack's, the plan that closes a shipment and the next
 * plan listing the pack) arrive in any order, in a replay hours of event time apart. The serial checks therefore
 * buffer each serial's inputs and apply them once none has arrived for {@link #SETTLE} of wall clock
 * ({@link #QUIET_BEFORE_JUDGING} when one is a sighting whose shipment had no plan yet: its plan is racing it), error
 * declarations first, then in event-time order. Findings on pairs of sightings and on two open plans are then judged
 * with every input that was on its way, as in order.
 *
 * <p><b>Repartition.</b> Plans and custody events are keyed by shipment; one pack travels in several
 * shipments and a clone in a shipment of its own. Every declaration, sighting and retraction of a pack is
 * therefore re-keyed by its normalised SGTIN through one named repartition topic, so all observations of one
 * pack meet in one task and one state, whatever partitions their shipments are on. Invalid identifiers go
 * through it under {@code invalid|<identifier>}, so their redelivery is recognised like any other.
 *
 * <p><b>Redelivery and error declarations</b> are recognised by both processors: the chain processor (once
 * per custody event) counts them in {@value #REDELIVERED_EVENTS}{@code -total/-rate} and
 * {@value #RETRACTED_EVENTS}{@code -total/-rate}; the serial processor (once per pack) in
 * {@value #REDELIVERED_SIGHTINGS}{@code -total/-rate}; all in group {@value #METRICS_GROUP} with tags
 * {@code thread-id}, {@code task-id}.
 *
 * <p><b>Retention</b> runs on stream time every {@link SerialSettings#sweepInterval()}: serial states past their
 * retention go through the retention index ({@link SerialStates}, cost proportional to what is deleted); chain
 * states idle for longer than {@link SerialSettings#chainRetention()} through a scan of the chain store (one
 * entry per shipment). Each sweep deletes at most {@link SerialSettings#maxDeletesPerSweep()} entries.
 */
public final class SerialTopology {

    public static final String PLANS_STREAM = "stream-plans-for-serials";
    public static final String DECLARE = "declare-serials";
    public static final String OBSERVE = "observe-serials";
    public static final String MERGE = "merge-serial-observations";
    public static final String REPARTITION = "repartition-serials-by-sgtin";
    public static final String DETECT = "detect-serial-fraud";
    public static final String STATE_STORE = "serial-state-store";
    /** Inputs of each serial waiting to settle ({@link #SETTLE}), keyed by SGTIN, order of application and arrival. */
    public static final String BUFFER_STORE = "serial-reorder-buffer-store";
    public static final String RETENTION_INDEX_STORE = "serial-retention-index-store";
    public static final String CHAIN_DETECT = "detect-custody-chain-breaks";
    public static final String CHAIN_STORE = "custody-chain-state-store";
    public static final String MERGE_ALERTS = "merge-serial-and-chain-alerts";

    public static final String METRICS_GROUP = "coldchain-serial-metrics";
    /** Custody events recognised as redelivered (same event id, or same content under a new id). */
    public static final String REDELIVERED_EVENTS = "redelivered-custody-events";
    /** EPCIS error declarations honoured (each counted once; its redelivery counts as a redelivery). */
    public static final String RETRACTED_EVENTS = "retracted-custody-events";
    /** Custody events whose shipment has no plan: the party check skipped. */
    public static final String WITHOUT_PLAN = "custody-events-without-plan";
    /** Sightings of one pack recognised as redelivered, per pack (an event of n packs counts n). */
    public static final String REDELIVERED_SIGHTINGS = "redelivered-serial-sightings";
    /** Serial states deleted by the retention sweep. */
    public static final String EXPIRED_SERIALS = "expired-serial-states";
    /** Custody-chain states deleted by the retention sweep. */
    public static final String EXPIRED_CHAINS = "expired-custody-chains";

    /** Stream-time interval of the judgement of due sightings and of held custody events. */
    static final Duration JUDGE_INTERVAL = Duration.ofMinutes(1);
    /** Wall-clock interval at which held custody events whose plan has arrived are released. */
    static final int HELD_CHECK_WALL_SECONDS = 10;
    /**
     * Once nothing has arrived for this long on the wall clock, the stream is quiet: pending sightings and custody
     * events held for a plan are judged with the plans there are, instead of waiting for stream time that will not
     * come (the end of a replay or backfill). It changes when they are judged, not the verdict. It is also the least
     * wall-clock time anything waits for a plan that has not arrived: a plan published before its scans may still
     * reach the application after them.
     */
    public static final Duration QUIET_BEFORE_JUDGING = Duration.ofMinutes(1);
    /**
     * The inputs of one serial reach {@value #DETECT} through the repartition topic from the tasks of every shipment
     * that lists or scans it, and those tasks run at their own pace: in a replay, one may deliver a pack's sightings
     * hours of event time ahead of another's. So a serial's inputs are applied once none has arrived for this long of
     * wall clock, in event-time order: a pair of sightings is never judged as neighbours while the sighting between
     * them is still on its way, nor two plans as both open while the one closing the first is. Live, where the
     * inputs of one pack are minutes or hours apart, it delays the serial findings by this much.
     */
    public static final Duration SETTLE = Duration.ofSeconds(10);
    /** Wall-clock interval at which settled serials are applied and the stream is checked for quiet. */
    static final Duration SETTLE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SerialTopology.class);
    /** One WARN line per unreadable held event, at most 10 a minute, then one "… and K more" line. */
    private static final RateLimitedLog UNREADABLE = RateLimitedLog.of(LOG, 10, Duration.ofMinutes(1));

    private SerialTopology() {
    }

    /**
     * @param plans   the shipment plans table ({@link ShipmentPlansTopology}), the only source of declarations
     * @param custody the custody event stream ({@link CustodyTopology}), keyed by shipment id
     * @return the serial and custody-chain alerts, keyed by shipment id
     */
    public static KStream<String, Alert> addTo(final StreamsBuilder builder, final KTable<String, ShipmentPlan> plans,
                                               final KStream<String, CustodyEvent> custody,
                                               final SerialSettings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), new StateSerde<>(SerialState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RETENTION_INDEX_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUFFER_STORE),
                Serdes.Bytes(), new StateSerde<>(SerialInput.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHAIN_STORE),
                Serdes.String(), new StateSerde<>(ChainState.class)));

        final KStream<String, SerialInput> declared = plans.toStream(Named.as(PLANS_STREAM))
                .process(DeclareSerials::new, Named.as(DECLARE));
        final KStream<String, SerialInput> observed = custody.process(ObserveSerials::new, Named.as(OBSERVE),
                ShipmentPlansTopology.STORE);
        final SerialRules rules = new SerialRules(settings);
        final KStream<String, Alert> serialAlerts = declared.merge(observed, Named.as(MERGE))
                .repartition(Repartitioned.<String, SerialInput>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(SerialInput.class)))
                .process(() -> new DetectSerialFraud(rules), Named.as(DETECT), STATE_STORE, RETENTION_INDEX_STORE,
                        BUFFER_STORE);
        final CustodyChainRules chainRules = new CustodyChainRules(settings);
        final KStream<String, Alert> chainAlerts = custody.process(() -> new DetectChainBreaks(chainRules, settings),
                Named.as(CHAIN_DETECT), ShipmentPlansTopology.STORE, CHAIN_STORE);
        return serialAlerts.merge(chainAlerts, Named.as(MERGE_ALERTS));
    }

    /**
     * A custody event sights (or, as an error declaration, takes back) each pack it lists.
     *
     * @param withoutPlan whether the event's shipment has no plan yet
     */
    static List<KeyValue<String, SerialInput>> observations(final CustodyEvent event, final boolean withoutPlan) {
        if (event == null) {
            return List.of();
        }
        final List<KeyValue<String, SerialInput>> out = new ArrayList<>(event.getEpcList().size());
        final ErrorDeclaration error = event.getErrorDeclaration();
        final Sighting sighting = error == null ? Sighting.of(event, CustodyFingerprint.of(event)) : null;
        final Retraction retraction = error == null ? null : new Retraction(event.getEventId(), event.getShipmentId(),
                error.getDeclarationTime(), error.getReason(), error.getCorrectiveEventIds());
        for (final String raw : event.getEpcList()) {
            final String key;
            try {
                key = Sgtin.parse(raw).key();
            } catch (InvalidSgtinException e) {
                if (sighting != null) {
                    out.add(KeyValue.pair(SerialInput.INVALID_KEY_PREFIX + raw, SerialInput.invalid(sighting, e.reason())));
                }
                continue;
            }
            out.add(KeyValue.pair(key, sighting != null ? SerialInput.sighted(sighting, withoutPlan)
                    : SerialInput.retracted(retraction)));
        }
        return out;
    }

    /**
     * A counter with {@code -total} and {@code -rate} metrics (sums of the recorded values, 1 by default), one per task: the sensor name carries thread
     * and task, and the processor removes it when the task closes.
     */
    private static Sensor counter(final ProcessorContext<?, ?> context, final String name, final String description) {
        final String thread = Thread.currentThread().getName();
        final Map<String, String> tags = Map.of("thread-id", thread, "task-id", context.taskId().toString());
        final Sensor sensor = context.metrics().addSensor(thread + "." + context.taskId() + "." + name,
                Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name + "-total", METRICS_GROUP, description, tags), new CumulativeSum());
        sensor.add(new MetricName(name + "-rate", METRICS_GROUP, description + ", per second", tags),
                new Rate());
        return sensor;
    }

    /** Re-keys each pack of a custody event by its SGTIN, telling whether the event's shipment has a plan yet. */
    private static final class ObserveSerials implements Processor<String, CustodyEvent, String, SerialInput> {
        private ProcessorContext<String, SerialInput> context;
        private PlansInForce plans;

        @Override
        public void init(final ProcessorContext<String, SerialInput> context) {
            this.context = context;
            this.plans = new PlansInForce(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                    ShipmentPlansTopology.STORE));
        }

        @Override
        public void process(final Record<String, CustodyEvent> record) {
            final CustodyEvent event = record.value();
            if (event == null) {
                return;
            }
            final String shipmentId = record.key() != null ? record.key() : event.getShipmentId();
            for (final KeyValue<String, SerialInput> observation
                    : observations(event, plans.latest(shipmentId) == null)) {
                context.forward(record.withKey(observation.key).withValue(observation.value));
            }
        }
    }

    /**
     * A plan declares each of its serials, stamped with the plan's publication time (its record timestamp,
     * not its planned departure, which may lie days ahead); invalid identifiers in a plan are findings too.
     */
    private static final class DeclareSerials implements Processor<String, ShipmentPlan, String, SerialInput> {
        private ProcessorContext<String, SerialInput> context;

        @Override
        public void init(final ProcessorContext<String, SerialInput> context) {
            this.context = context;
        }

        @Override
        public void process(final Record<String, ShipmentPlan> record) {
            final ShipmentPlan plan = record.value();
            if (plan == null) {
                return;
            }
            final boolean open = plan.getStatus() == ShipmentStatus.PLANNED
                    || plan.getStatus() == ShipmentStatus.IN_TRANSIT;
            final Declaration declaration = new Declaration(plan.getShipmentId(), plan.getProduct().getLot(),
                    plan.getProduct().getExpiryDate(), open, record.timestamp(), DeliveryRule.consigneeGlns(plan));
            for (final String raw : plan.getSerials()) {
                try {
                    context.forward(record.withKey(Sgtin.parse(raw).key()).withValue(SerialInput.declared(declaration)));
                } catch (InvalidSgtinException e) {
                    context.forward(record.withKey(SerialInput.INVALID_KEY_PREFIX + raw)
                            .withValue(SerialInput.invalid(planSighting(plan, record.timestamp()), e.reason())));
                }
            }
        }

        /** The stand-in sighting of an invalid identifier a plan lists; the same for every republication. */
        private static Sighting planSighting(final ShipmentPlan plan, final long publishedAt) {
            final String id = SerialAlertIds.plan(plan.getShipmentId());
            return new Sighting(id, id, publishedAt, "ADD", "planning", "active", plan.getShipmentId(), null, null,
                    plan.getOrigin().getName(), plan.getOrigin().getGln(), null, null, null,
                    plan.getProduct().getLot(), plan.getProduct().getExpiryDate());
        }
    }

    /**
     * Per-serial checks on the SGTIN-keyed repartition; alerts re-keyed by shipment. The inputs of a serial wait in
     * {@value #BUFFER_STORE} until none has arrived for {@link #SETTLE} of wall clock ({@link #QUIET_BEFORE_JUDGING}
     * when one is a sighting whose shipment had no plan yet), then go to the rules in event-time order.
     */
    private static final class DetectSerialFraud implements Processor<String, SerialInput, String, Alert> {
        private final SerialRules rules;
        private ProcessorContext<String, Alert> context;
        private SerialStates states;
        private KeyValueStore<Bytes, SerialInput> buffer;
        private Sensor redelivered;
        private Sensor expired;
        /** Serials with buffered inputs → the wall-clock time they are settled at; rebuilt from the buffer on start. */
        private final Map<String, Long> settling = new HashMap<>();

        private long lastArrivalWallClock;
        private boolean judgedSinceLastArrival;
        /** At the end of a bounded run's input the stream is quiet at once ({@link EndOfInput}). */
        private EndOfInput.Participant endOfInput;

        DetectSerialFraud(final SerialRules rules) {
            this.rules = rules;
        }

        @Override
        public void init(final ProcessorContext<String, Alert> context) {
            this.context = context;
            final KeyValueStore<String, SerialState> stateStore = context.getStateStore(STATE_STORE);
            final KeyValueStore<String, String> indexStore = context.getStateStore(RETENTION_INDEX_STORE);
            this.states = new SerialStates(rules, stateStore, indexStore);
            this.buffer = context.getStateStore(BUFFER_STORE);
            this.redelivered = counter(context, REDELIVERED_SIGHTINGS,
                    "Sightings of a pack recognised as redelivered (same event id or same content) and ignored");
            this.expired = counter(context, EXPIRED_SERIALS, "Serial states deleted by the retention sweep");
            lastArrivalWallClock = context.currentSystemTimeMs();
            try (KeyValueIterator<Bytes, SerialInput> it = buffer.all()) {
                // What raced these inputs before the restart may be on its way again: the longer wait.
                it.forEachRemaining(entry -> settling.put(ReorderingDetectorProcessor.shipmentOf(entry.key),
                        lastArrivalWallClock + QUIET_BEFORE_JUDGING.toMillis()));
            }
            context.schedule(rules.settings().sweepInterval(), PunctuationType.STREAM_TIME,
                    streamTime -> expired.record(states.sweep(streamTime, rules.settings().maxDeletesPerSweep())));
            context.schedule(JUDGE_INTERVAL, PunctuationType.STREAM_TIME,
                    streamTime -> forward(states.judgeDue(streamTime, settling::containsKey)));
            this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DETECTORS);
            context.schedule(SETTLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
                final boolean ended = endOfInput.mayFlush();
                applySettled(wallClock);
                if (!judgedSinceLastArrival
                        && (ended || wallClock - lastArrivalWallClock >= QUIET_BEFORE_JUDGING.toMillis())) {
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
            buffer.put(bufferKey(record.key(), input.order(), arrival), input);
            final Duration wait = input.withoutPlan() ? QUIET_BEFORE_JUDGING : SETTLE;
            settling.merge(record.key(), lastArrivalWallClock + wait.toMillis(), Math::max);
        }

        /** Applies the buffered inputs of every serial settled at {@code wallClock}, oldest first in event time. */
        private void applySettled(final long wallClock) {
            final List<String> settled = new ArrayList<>();
            settling.forEach((key, at) -> {
                if (at <= wallClock) {
                    settled.add(key);
                }
            });
            settled.sort(null); // the same order on every run
            final long streamTime = context.currentStreamTimeMs();
            for (final String key : settled) {
                final List<KeyValue<Bytes, SerialInput>> inputs = new ArrayList<>();
                try (KeyValueIterator<Bytes, SerialInput> it = buffer.range(
                        ReorderingDetectorProcessor.shipmentPrefix(key, Long.MIN_VALUE),
                        ReorderingDetectorProcessor.shipmentPrefix(key, Long.MAX_VALUE))) {
                    it.forEachRemaining(inputs::add);
                }
                for (final KeyValue<Bytes, SerialInput> entry : inputs) {
                    final SerialOutcome outcome = states.apply(key, entry.value);
                    if (outcome.verdict() == Verdict.REDELIVERY && entry.value.fromCustodyEvent()) {
                        redelivered.record();
                    }
                    forward(outcome.alerts());
                    buffer.delete(entry.key);
                }
                settling.remove(key);
                // Due sightings of this serial were left for now: judged with its inputs.
                forward(states.judgeDue(key, streamTime));
            }
        }

        private void forward(final List<Alert> alerts) {
            for (final Alert alert : alerts) {
                context.forward(new Record<>(alert.getShipmentId(), alert, alert.getLastEvidenceTime()));
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

        @Override
        public void close() {
            endOfInput.leave();
            context.metrics().removeSensor(redelivered);
            context.metrics().removeSensor(expired);
        }
    }

    /** Per-shipment custody-chain checks, keyed by shipment (co-partitioned with the plans). */
    private static final class DetectChainBreaks implements Processor<String, CustodyEvent, String, Alert> {
        private final CustodyChainRules rules;
        private final SerialSettings settings;
        private ProcessorContext<String, Alert> context;
        private PlansInForce plans;
        private KeyValueStore<String, ChainState> chains;
        private Sensor redelivered;
        private Sensor retracted;
        private Sensor withoutPlan;
        private Sensor expired;
        private long lastArrivalWallClock;
        /** At the end of a bounded run's input the stream is quiet at once ({@link EndOfInput}). */
        private EndOfInput.Participant endOfInput;
        /**
         * Shipments with custody events held for their plan, with the wall-clock time the holding began; rebuilt from
         * the chain store on start (as begun then).
         */
        private final TreeMap<String, Long> holding = new TreeMap<>();

        DetectChainBreaks(final CustodyChainRules rules, final SerialSettings settings) {
            this.rules = rules;
            this.settings = settings;
        }

        @Override
        public void init(final ProcessorContext<String, Alert> context) {
            this.context = context;
            this.plans = new PlansInForce(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                    ShipmentPlansTopology.STORE));
            this.chains = context.getStateStore(CHAIN_STORE);
            this.redelivered = counter(context, REDELIVERED_EVENTS,
                    "Custody events recognised as redelivered (same event id or same content) and ignored");
            this.retracted = counter(context, RETRACTED_EVENTS,
                    "EPCIS error declarations honoured: the declared custody event taken back");
            this.withoutPlan = counter(context, WITHOUT_PLAN,
                    "Custody events of a shipment without plan: the party check skipped");
            this.expired = counter(context, EXPIRED_CHAINS, "Custody-chain states deleted by the retention sweep");
            context.schedule(settings.sweepInterval(), PunctuationType.STREAM_TIME, this::sweep);
            final long now = context.currentSystemTimeMs();
            try (KeyValueIterator<String, ChainState> it = chains.all()) {
                it.forEachRemaining(entry -> {
                    if (!entry.value.held().isEmpty()) {
                        holding.put(entry.key, now);
                    }
                });
            }
            context.schedule(JUDGE_INTERVAL, PunctuationType.STREAM_TIME, this::releaseHeld);
            lastArrivalWallClock = context.currentSystemTimeMs();
            this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DETECTORS);
            context.schedule(Duration.ofSeconds(HELD_CHECK_WALL_SECONDS), PunctuationType.WALL_CLOCK_TIME,
                    wallClock -> {
                        final boolean ended = endOfInput.mayFlush();
                        releaseHeld(ended || wallClock - lastArrivalWallClock >= QUIET_BEFORE_JUDGING.toMillis()
                                ? Long.MAX_VALUE : context.currentStreamTimeMs());
                        if (ended) {
                            endOfInput.flushed();
                        }
                    });
        }

        @Override
        public void process(final Record<String, CustodyEvent> record) {
            lastArrivalWallClock = context.currentSystemTimeMs();
            final CustodyEvent event = record.value();
            if (event == null) {
                return;
            }
            final String shipmentId = record.key() != null ? record.key() : event.getShipmentId();
            final ChainState stored = chains.get(shipmentId);
            ChainState current = stored;
            if (plans.latest(shipmentId) == null && !settings.planWait().isZero()) {
                current = (current == null ? ChainState.empty(shipmentId) : current).holding(held(event));
                holding.putIfAbsent(shipmentId, lastArrivalWallClock);
            } else {
                if (current != null && !current.held().isEmpty()) {
                    current = release(shipmentId, current);
                }
                current = judge(shipmentId, current, event);
            }
            if (current != stored) {
                chains.put(shipmentId, current);
            }
        }

        /** Applies one custody event to the chain, with the plan in force at its time if there is one. */
        private ChainState judge(final String shipmentId, final ChainState current, final CustodyEvent event) {
            final ShipmentPlan plan = plans.inForce(shipmentId, event.getEventTime());
            if (plan == null) {
                withoutPlan.record();
            }
            final ChainOutcome outcome = rules.onCustody(plan, current, event);
            if (outcome.verdict() == Verdict.REDELIVERY) {
                redelivered.record();
            } else if (outcome.verdict() == Verdict.RETRACTION) {
                retracted.record();
            }
            for (final Alert alert : outcome.alerts()) {
                context.forward(new Record<>(alert.getShipmentId(), alert, alert.getLastEvidenceTime()));
            }
            return outcome.state();
        }

        /** Applies the held events of a shipment in arrival order; the chain no longer holds any. */
        private ChainState release(final String shipmentId, final ChainState state) {
            ChainState chain = state.holding(null);
            for (final HeldCustodyEvent held : state.held()) {
                final CustodyEvent event;
                try {
                    event = CustodyEvent.fromByteBuffer(ByteBuffer.wrap(held.event()));
                } catch (IOException | RuntimeException e) {
                    UNREADABLE.warn("held-custody-event", () -> "Custody event '" + held.eventId() + "' of shipment '"
                            + shipmentId + "' held for its plan cannot be read back, skipped: "
                            + Secrets.mask(e.toString()), e);
                    continue;
                }
                chain = judge(shipmentId, chain, event);
            }
            holding.remove(shipmentId);
            return chain;
        }

        /**
         * Releases the held events of every shipment whose plan has arrived, and, at stream time
         * {@code streamTime}, of those that waited {@link SerialSettings#planWait()} for it in vain. Never without the
         * plan before the events have been held for {@link #QUIET_BEFORE_JUDGING} of wall clock: in a replay stream
         * time is far ahead of an older shipment's events (other shipments' later data), and its plan, published
         * before its scans, may still reach the task after them (a plans partition fetched later than the custody
         * one: up to tens of seconds seen on a busy broker).
         */
        private void releaseHeld(final long streamTime) {
            final long wallClock = context.currentSystemTimeMs();
            for (final Map.Entry<String, Long> entry : new ArrayList<>(holding.entrySet())) {
                final String shipmentId = entry.getKey();
                final ChainState state = chains.get(shipmentId);
                if (state == null || state.held().isEmpty()) {
                    holding.remove(shipmentId);
                } else if (plans.latest(shipmentId) != null
                        || streamTime - state.held().get(0).eventTime() >= settings.planWait().toMillis()
                        && (endOfInput.mayFlush() || wallClock - entry.getValue() >= QUIET_BEFORE_JUDGING.toMillis())) {
                    chains.put(shipmentId, release(shipmentId, state));
                }
            }
        }

        private static HeldCustodyEvent held(final CustodyEvent event) {
            try {
                final ByteBuffer encoded = event.toByteBuffer();
                final byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                return new HeldCustodyEvent(event.getEventId(), event.getEventTime(), bytes);
            } catch (IOException e) {
                throw new IllegalStateException("custody event " + event.getEventId() + " cannot be encoded", e);
            }
        }

        /** Chains idle for longer than the chain retention go; one entry per shipment, so a scan is cheap. */
        private void sweep(final long streamTime) {
            final long idleBefore = streamTime - settings.chainRetention().toMillis();
            final List<String> idle = new ArrayList<>();
            try (KeyValueIterator<String, ChainState> it = chains.all()) {
                while (it.hasNext() && idle.size() < settings.maxDeletesPerSweep()) {
                    final KeyValue<String, ChainState> entry = it.next();
                    if (entry.value.lastEventTime() < idleBefore) {
                        idle.add(entry.key);
                    }
                }
            }
            idle.forEach(chains::delete);
            expired.record(idle.size());
        }

        @Override
        public void close() {
            endOfInput.leave();
            for (final Sensor sensor : List.of(redelivered, retracted, withoutPlan, expired)) {
                context.metrics().removeSensor(sensor);
            }
        }
    }
}
