package io.coldchain.streams;

import io.coldchain.rules.serial.ChainOutcome;
import io.coldchain.rules.serial.ChainState;
import io.coldchain.rules.serial.CustodyChainRules;
import io.coldchain.rules.serial.CustodyFingerprint;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.SerialOutcome;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.rules.serial.Verdict;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Sub-builder: serial integrity and custody chains.
 *
 * <pre>
 * plans table ──► stream-plans-for-serials ──► declare-serials ──┐
 * custody stream ──► observe-serials ────────────────────────────┴► merge-serial-observations
 *     ──► serials-by-sgtin (repartition, key = SGTIN) ──► detect-serial-fraud [serial-state-store] ──► alerts
 * custody stream ──► detect-custody-chain-breaks [custody-chain-state-store, shipment-plans-store] ──► alerts
 * </pre>
 *
 * <p>Serial state is keyed by SGTIN, so two scans of one pack in shipments on different partitions
 * meet in one task. Alerts are re-keyed by their shipment. Redelivered custody events are counted in
 * {@code redelivered-custody-events-total} (group {@value #METRICS_GROUP}); a stream-time sweep
 * deletes serial state past its retention and chain state idle for longer than the chain retention.
 */
public final class SerialTopology {

    public static final String PLANS_STREAM = "stream-plans-for-serials";
    public static final String DECLARE = "declare-serials";
    public static final String OBSERVE = "observe-serials";
    public static final String MERGE = "merge-serial-observations";
    public static final String REPARTITION = "serials-by-sgtin";
    public static final String DETECT = "detect-serial-fraud";
    public static final String STATE_STORE = "serial-state-store";
    public static final String CHAIN_DETECT = "detect-custody-chain-breaks";
    public static final String CHAIN_STORE = "custody-chain-state-store";
    public static final String METRICS_GROUP = "coldchain-serial-metrics";
    public static final String REDELIVERED = "redelivered-custody-events";
    public static final String SKIPPED_WITHOUT_PLAN = "custody-events-without-plan";

    private SerialTopology() {
    }

    public static KStream<String, Alert> addTo(final StreamsBuilder builder, final KTable<String, ShipmentPlan> plans,
                                               final KStream<String, CustodyEvent> custody,
                                               final SerialSettings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), new JsonSerde<>(SerialState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHAIN_STORE),
                Serdes.String(), new JsonSerde<>(ChainState.class)));

        final KStream<String, SerialInput> declared = plans.toStream(Named.as(PLANS_STREAM))
                .flatMap((shipmentId, plan) -> declarations(plan), Named.as(DECLARE));
        final KStream<String, SerialInput> observed = custody
                .flatMap((shipmentId, event) -> observations(event), Named.as(OBSERVE));
        final SerialRules rules = new SerialRules(settings);
        final KStream<String, Alert> serialAlerts = declared.merge(observed, Named.as(MERGE))
                .repartition(Repartitioned.<String, SerialInput>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(SerialInput.class)))
                .process(() -> new DetectSerialFraud(rules), Named.as(DETECT), STATE_STORE);
        final CustodyChainRules chainRules = new CustodyChainRules(settings);
        final KStream<String, Alert> chainAlerts = custody.process(() -> new DetectChainBreaks(chainRules, settings),
                Named.as(CHAIN_DETECT), ShipmentPlansTopology.STORE, CHAIN_STORE);
        return serialAlerts.merge(chainAlerts, Named.as("merge-serial-and-chain-alerts"));
    }

    private static boolean open(final ShipmentPlan plan) {
        return plan.getStatus() == ShipmentStatus.PLANNED || plan.getStatus() == ShipmentStatus.IN_TRANSIT;
    }

    /** A plan declares each of its serials; invalid identifiers in a plan are findings too. */
    private static List<KeyValue<String, SerialInput>> declarations(final ShipmentPlan plan) {
        if (plan == null) {
            return List.of();
        }
        final List<KeyValue<String, SerialInput>> out = new ArrayList<>();
        for (final String raw : plan.getSerials()) {
            try {
                final Sgtin sgtin = Sgtin.parse(raw);
                out.add(KeyValue.pair(sgtin.key(), SerialInput.declared(new Declaration(plan.getShipmentId(),
                        plan.getProduct().getLot(), plan.getProduct().getExpiryDate(), open(plan),
                        plan.getPlannedDeparture()))));
            } catch (InvalidSgtinException e) {
                out.add(KeyValue.pair("invalid|" + raw, SerialInput.invalid(planSighting(plan), e.getMessage())));
            }
        }
        return out;
    }

    /** The stand-in sighting of an invalid identifier found in a plan. */
    private static Sighting planSighting(final ShipmentPlan plan) {
        return new Sighting("plan:" + plan.getShipmentId(), "plan:" + plan.getShipmentId(), plan.getPlannedDeparture(),
                "ADD", "planning", "active", plan.getShipmentId(), null, null, plan.getOrigin().getName(),
                plan.getOrigin().getGln(), null, null, null, plan.getProduct().getLot(), plan.getProduct().getExpiryDate());
    }

    /** A custody event sights (or, as an error declaration, takes back) each pack it lists. */
    private static List<KeyValue<String, SerialInput>> observations(final CustodyEvent event) {
        if (event == null) {
            return List.of();
        }
        final List<KeyValue<String, SerialInput>> out = new ArrayList<>();
        final Sighting sighting = Sighting.of(event, CustodyFingerprint.of(event));
        for (final String raw : event.getEpcList()) {
            final String key;
            try {
                key = Sgtin.parse(raw).key();
            } catch (InvalidSgtinException e) {
                if (event.getErrorDeclaration() == null) {
                    out.add(KeyValue.pair("invalid|" + raw, SerialInput.invalid(sighting, e.getMessage())));
                }
                continue;
            }
            if (event.getErrorDeclaration() != null) {
                final var declaration = event.getErrorDeclaration();
                out.add(KeyValue.pair(key, SerialInput.retracted(new Retraction(event.getEventId(),
                        event.getShipmentId(), declaration.getDeclarationTime(), declaration.getReason(),
                        declaration.getCorrectiveEventIds()))));
            } else {
                out.add(KeyValue.pair(key, SerialInput.sighted(sighting)));
            }
        }
        return out;
    }

    private static Sensor counter(final ProcessorContext<?, ?> context, final String name, final String description) {
        final StreamsMetrics metrics = context.metrics();
        final Map<String, String> tags = Map.of("thread-id", Thread.currentThread().getName(),
                "task-id", context.taskId().toString());
        final Sensor sensor = metrics.addSensor(name + "-" + context.taskId() + "-" + Thread.currentThread().getName(),
                Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name + "-total", METRICS_GROUP, description, tags), new CumulativeCount());
        return sensor;
    }

    /** Per-serial checks on the SGTIN-keyed repartition; alerts re-keyed by shipment. */
    private static final class DetectSerialFraud implements Processor<String, SerialInput, String, Alert> {
        private final SerialRules rules;
        private ProcessorContext<String, Alert> context;
        private KeyValueStore<String, SerialState> states;
        private Sensor redelivered;

        DetectSerialFraud(final SerialRules rules) {
            this.rules = rules;
        }

        @Override
        public void init(final ProcessorContext<String, Alert> context) {
            this.context = context;
            this.states = context.getStateStore(STATE_STORE);
            this.redelivered = counter(context, REDELIVERED,
                    "Custody events delivered again (same event id or same content), recognised and ignored");
            context.schedule(rules.settings().sweepInterval(), PunctuationType.STREAM_TIME, this::sweep);
        }

        @Override
        public void process(final Record<String, SerialInput> record) {
            final String key = record.key();
            final SerialInput input = record.value();
            final SerialState current = states.get(key);
            final SerialOutcome outcome;
            if (input.invalid() != null) {
                outcome = rules.onInvalid(key.substring("invalid|".length()), current, input.sighting(), input.invalid());
            } else if (input.declaration() != null) {
                outcome = rules.onDeclared(key, current, input.declaration());
            } else if (input.retraction() != null) {
                outcome = rules.onRetracted(key, current, input.retraction());
            } else {
                outcome = rules.onSighted(key, current, input.sighting());
            }
            if (outcome.verdict() == Verdict.REDELIVERY && input.sighting() != null) {
                redelivered.record();
            }
            if (outcome.state() != current) {
                states.put(key, outcome.state());
            }
            for (final Alert alert : outcome.alerts()) {
                context.forward(new Record<>(alert.getShipmentId(), alert, alert.getLastEvidenceTime()));
            }
        }

        private void sweep(final long streamTime) {
            final List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, SerialState> it = states.all()) {
                while (it.hasNext() && expired.size() < rules.settings().maxDeletesPerSweep()) {
                    final KeyValue<String, SerialState> entry = it.next();
                    if (entry.value.retainUntil() < streamTime) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(states::delete);
        }
    }

    /** Per-shipment custody-chain checks, keyed by shipment (co-partitioned with the plans). */
    private static final class DetectChainBreaks implements Processor<String, CustodyEvent, String, Alert> {
        private final CustodyChainRules rules;
        private final SerialSettings settings;
        private ProcessorContext<String, Alert> context;
        private TimestampedKeyValueStore<String, ShipmentPlan> plans;
        private KeyValueStore<String, ChainState> chains;
        private Sensor redelivered;
        private Sensor withoutPlan;

        DetectChainBreaks(final CustodyChainRules rules, final SerialSettings settings) {
            this.rules = rules;
            this.settings = settings;
        }

        @Override
        public void init(final ProcessorContext<String, Alert> context) {
            this.context = context;
            this.plans = context.getStateStore(ShipmentPlansTopology.STORE);
            this.chains = context.getStateStore(CHAIN_STORE);
            this.redelivered = counter(context, REDELIVERED + "-chain",
                    "Custody events delivered again to the chain checks, recognised and ignored");
            this.withoutPlan = counter(context, SKIPPED_WITHOUT_PLAN,
                    "Custody events whose shipment has no plan: chain checks skipped (serial checks still run)");
            context.schedule(settings.sweepInterval(), PunctuationType.STREAM_TIME, this::sweep);
        }

        @Override
        public void process(final Record<String, CustodyEvent> record) {
            final ValueAndTimestamp<ShipmentPlan> plan = record.key() == null ? null : plans.get(record.key());
            if (plan == null || plan.value() == null) {
                withoutPlan.record();
                return;
            }
            final ChainState current = chains.get(record.key());
            final ChainOutcome outcome = rules.onCustody(plan.value(), current, record.value());
            if (outcome.verdict() == Verdict.REDELIVERY) {
                redelivered.record();
            }
            if (outcome.state() != current) {
                chains.put(record.key(), outcome.state());
            }
            for (final Alert alert : outcome.alerts()) {
                context.forward(new Record<>(alert.getShipmentId(), alert, alert.getLastEvidenceTime()));
            }
        }

        private void sweep(final long streamTime) {
            final long idleBefore = streamTime - settings.chainRetention().toMillis();
            final List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, ChainState> it = chains.all()) {
                while (it.hasNext() && expired.size() < settings.maxDeletesPerSweep()) {
                    final KeyValue<String, ChainState> entry = it.next();
                    if (entry.value.lastEventTime() < idleBefore) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(chains::delete);
        }
    }
}
