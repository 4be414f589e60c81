package io.coldchain.streams.processors;

import io.coldchain.streams.EndOfInput;
import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.Verdict;
import io.coldchain.rules.serial.ChainState;
import io.coldchain.rules.serial.CustodyChainRules;
import io.coldchain.rules.serial.HeldCustodyEvent;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.PlansInForce;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per-shipment custody-chain checks, keyed by shipment (co-partitioned with the plans). */
public final class DetectChainBreaksProcessor implements Processor<String, CustodyEvent, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectChainBreaksProcessor.class);
    /** One WARN line per unreadable held event, at most 10 a minute, then one "… and K more" line. */
    private static final RateLimitedLog UNREADABLE = RateLimitedLog.of(LOG, 10, Duration.ofMinutes(1));

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

    public DetectChainBreaksProcessor(final CustodyChainRules rules, final SerialSettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
        // Remembers the plans it reads until a write to one is noticed: asked for every custody event. The chain rules
        // read no serial list, which this reader leaves out.
        this.plans = PlansInForce.forDetectors(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                ShipmentPlansTopology.STORE), context.getStateStore(ShipmentChangeNotices.STORE),
                ShipmentPlansTopology.PLAN_HISTORY);
        this.chains = context.getStateStore(SerialTopology.CHAIN_STORE);
        this.redelivered = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.REDELIVERED_EVENTS,
                "Custody events recognised as redelivered (same event id or same content) and ignored");
        this.retracted = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.RETRACTED_EVENTS,
                "EPCIS error declarations honoured: the declared custody event taken back");
        this.withoutPlan = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.WITHOUT_PLAN,
                "Custody events of a shipment without plan: the party check skipped");
        this.expired = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP, SerialTopology.EXPIRED_CHAINS,
                "Custody-chain states deleted by the retention sweep");
        context.schedule(settings.sweepInterval(), PunctuationType.STREAM_TIME, this::sweep);
        final long now = context.currentSystemTimeMs();
        holding.clear(); // a revived task (after an aborted transaction) starts again from its restored store
        try (KeyValueIterator<String, ChainState> it = chains.all()) {
            it.forEachRemaining(entry -> {
                if (!entry.value.held().isEmpty()) {
                    holding.put(entry.key, now);
                }
            });
        }
        context.schedule(SerialTopology.JUDGE_INTERVAL, PunctuationType.STREAM_TIME, this::releaseHeld);
        lastArrivalWallClock = context.currentSystemTimeMs();
        this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DETECTORS, context.taskId() + "/" + SerialTopology.CHAIN_DETECT);
        context.schedule(Duration.ofSeconds(SerialTopology.HELD_CHECK_WALL_SECONDS), PunctuationType.WALL_CLOCK_TIME,
                wallClock -> {
                    final boolean ended = endOfInput.mayFlush();
                    releaseHeld(ended || wallClock - lastArrivalWallClock >= SerialTopology.QUIET_BEFORE_JUDGING.toMillis()
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
        if (!plans.hasPlan(shipmentId) && !settings.planWait().isZero()) {
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
        final Outcome<ChainState> outcome = rules.onEvent(plan, current, Contracts.toDomain(event));
        if (outcome.verdict() == Verdict.REDELIVERY) {
            redelivered.record();
        } else if (outcome.verdict() == Verdict.RETRACTION) {
            retracted.record();
        }
        for (final io.coldchain.domain.Alert alert : outcome.alerts()) {
            context.forward(new Record<>(alert.shipmentId(), Contracts.toWire(alert), alert.lastEvidenceTime()));
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
            } else if (plans.hasPlan(shipmentId)
                    || streamTime - state.held().get(0).eventTime() >= settings.planWait().toMillis()
                    && (endOfInput.mayFlush() || wallClock - entry.getValue() >= SerialTopology.QUIET_BEFORE_JUDGING.toMillis())) {
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
        PlansInForce.closeThen(plans, () -> {
            if (endOfInput != null) { // null when init failed before it joined
                endOfInput.leave();
            }
            for (final Sensor sensor : List.of(redelivered, retracted, withoutPlan, expired)) {
                context.metrics().removeSensor(sensor);
            }
        });
    }
}
