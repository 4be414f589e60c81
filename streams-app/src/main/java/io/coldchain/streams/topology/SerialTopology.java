package io.coldchain.streams.topology;

import io.coldchain.rules.serial.ChainState;
import io.coldchain.rules.serial.CustodyChainRules;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.SerialInput;
import io.coldchain.streams.SerialPending;
import io.coldchain.streams.SerialStates;
import io.coldchain.streams.StateSerde;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.processors.DeclareSerialsProcessor;
import io.coldchain.streams.processors.DetectChainBreaksProcessor;
import io.coldchain.streams.processors.DetectSerialFraudProcessor;
import io.coldchain.streams.processors.ObserveSerialsProcessor;
import io.coldchain.topics.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: serial integrity ({@link SerialRules}) and custody chains ({@link CustodyChainRules}).
 *
 * <pre>
 * plans table ──► stream-plans-for-serials ──► declare-serials ──┐
 * custody stream ──► observe-serials [shipment-plans-store] ─────┴► merge-serial-observations
 *   ──► repartition-serials-by-sgtin (key = SGTIN) ──► detect-serial-fraud
 *         [serial-pending-store, serial-reorder-buffer-store (overflow), serial-settle-index-store,
 *          serial-state-store, serial-retention-index-store; serial-settle-times-store read at a start only]
 *         ──► alerts (re-keyed by shipment)
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
 * ({@link #QUIET_BEFORE_JUDGING} when one is a sighting whose shipment had no plan yet: its plan is racing it) and
 * the application has processed, and the checks have read, what the upstream topics held when the last of them arrived
 * ({@link io.coldchain.streams.ArrivalFrontier}: a task upstream may run behind for longer than any wait), error
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
    /**
     * Each serial's inputs waiting to settle ({@link #SETTLE}) and when they settle: one value per serial (SGTIN →
     * {@link io.coldchain.streams.SerialPending}, {@link io.coldchain.streams.SerialBuffer}).
     */
    public static final String PENDING_STORE = "serial-pending-store";
    /**
     * A serial's inputs beyond those its {@link #PENDING_STORE} value holds, keyed by SGTIN, order of application and
     * arrival; also where a release before the one-value buffer kept every input (carried over at a start).
     */
    public static final String BUFFER_STORE = "serial-reorder-buffer-store";
    public static final String RETENTION_INDEX_STORE = "serial-retention-index-store";
    /**
     * Read only at a start, to carry over what a release before the one-value buffer wrote: when the buffered inputs of
     * each serial settle (serial → wall-clock millis), now in the {@link #PENDING_STORE} values. Emptied by that start;
     * kept so its changelog is restored once more, and to be dropped in a later release.
     */
    public static final String SETTLE_TIMES_STORE = "serial-settle-times-store";
    /**
     * The settle times, ordered: {@code <millis, 8 bytes><serial>}, so settled serials are one range read. Without a
     * changelog: caught up from {@link #PENDING_STORE} after every start.
     */
    public static final String SETTLE_INDEX_STORE = "serial-settle-index-store";
    public static final String CHAIN_DETECT = "detect-custody-chain-breaks";
    public static final String CHAIN_STORE = "custody-chain-state-store";

    public static final String METRICS_GROUP = "coldchain-serial-metrics";
    /** Custody events recognised as redelivered (same event id, or same content under a new id). */
    public static final String REDELIVERED_EVENTS = "redelivered-custody-events";
    /** EPCIS error declarations honoured (each counted once; its redelivery counts as a redelivery). */
    public static final String RETRACTED_EVENTS = "retracted-custody-events";
    /** Custody events whose shipment has no plan: the party check skipped. */
    public static final String WITHOUT_PLAN = "custody-events-without-plan";
    /** Identifiers in custody events that are GS1 keys of something other than a pack (SSCC...), not checked. */
    public static final String OTHER_IDENTIFIERS = "custody-identifiers-not-packs";
    /** Identifiers in shipment plans' serial lists that are GS1 keys of something other than a pack, not checked. */
    public static final String PLANNED_OTHER_IDENTIFIERS = "planned-identifiers-not-packs";
    /** Sightings of one pack recognised as redelivered, per pack (an event of n packs counts n). */
    public static final String REDELIVERED_SIGHTINGS = "redelivered-serial-sightings";
    /**
     * How far behind the wall clock the serial checks know their inputs to have arrived, in milliseconds, at the last
     * settle check ({@link io.coldchain.streams.ArrivalFrontier}): a pack's findings wait this long beyond
     * {@link #SETTLE}; it grows while a task upstream runs behind (a catch-up), and is about the sampling interval
     * when the application keeps up.
     */
    public static final String ARRIVALS_BEHIND = "serial-arrivals-behind-ms";
    /** Serial states deleted by the retention sweep. */
    public static final String EXPIRED_SERIALS = "expired-serial-states";
    /** Custody-chain states deleted by the retention sweep. */
    public static final String EXPIRED_CHAINS = "expired-custody-chains";

    /** Stream-time interval of the judgement of due sightings and of held custody events. */
    public static final Duration JUDGE_INTERVAL = Duration.ofMinutes(1);
    /** Wall-clock interval at which held custody events whose plan has arrived are released. */
    public static final int HELD_CHECK_WALL_SECONDS = 10;
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
     * inputs of one pack are minutes or hours apart, it delays the serial findings by this much. Not alone: what the
     * upstream topics held when the serial's last input arrived must have reached the checks too, however long a task
     * upstream runs behind ({@link io.coldchain.streams.ArrivalFrontier}).
     */
    public static final Duration SETTLE = Duration.ofSeconds(10);
    /** Wall-clock interval at which settled serials are applied and the stream is checked for quiet. */
    public static final Duration SETTLE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private SerialTopology() {
    }

    /** The topics whose records reach the serial checks through the repartition topic: custody events and plans. */
    public static List<String> upstreamTopics(final TopicCatalogue topics) {
        return List.of(topics.custodyEvents().name(), topics.shipmentPlans().name());
    }

    /** The repartition topic the serial checks read, as Kafka Streams names it after the application id. */
    public static String repartitionTopic(final String applicationId) {
        return applicationId + "-" + REPARTITION + "-repartition";
    }

    /**
     * @param topics  the catalogue: the serial checks wait for what the custody and plan topics hold to reach them
     *                ({@link #upstreamTopics}, {@link io.coldchain.streams.ArrivalFrontier})
     * @param plans   the shipment plans table ({@link ShipmentPlansTopology}), the only source of declarations
     * @param custody the custody event stream ({@link CustodyTopology}), keyed by shipment id
     * @return the serial and custody-chain alerts, keyed by shipment id
     */
    public static Output addTo(final StreamsBuilder builder, final TopicCatalogue topics,
                               final KTable<String, ShipmentPlan> plans, final KStream<String, CustodyEvent> custody,
                               final SerialSettings settings) {
        final List<String> upstreamTopics = upstreamTopics(topics);
        // A serial's inputs are applied one after the other, and its due sightings judged right after, in one
        // punctuation: held until the commit, its state is encoded and logged once, not once per input.
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new StateSerde<>(SerialState.class))));
        // A serial's entries move with its state, often twice in one pass (a sighting listed as due and judged at
        // once in a replay): held until the commit, or until a range read (the sweep, the due judgement) needs them.
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RETENTION_INDEX_STORE), Serdes.String(), Serdes.String())));
        // Written at every input of a serial, read back at its next input and when it settles: held until the commit.
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), new StateSerde<>(SerialPending.class))));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUFFER_STORE),
                Serdes.Bytes(), new StateSerde<>(SerialInput.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SETTLE_TIMES_STORE),
                Serdes.String(), Serdes.Long()));
        // Read as a range every second (a range read writes what a write-behind store holds): not held. Derived from
        // the settle times (the pending values) and caught up from them after every start (SettleIndex): no changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SETTLE_INDEX_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled());
        // A shipment's custody events come one after the other: its chain is encoded and logged once per commit.
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CHAIN_STORE), Serdes.String(), new StateSerde<>(ChainState.class))));

        final KStream<String, SerialInput> declared = plans.toStream(Named.as(PLANS_STREAM))
                .process(DeclareSerialsProcessor::new, Named.as(DECLARE));
        final KStream<String, SerialInput> observed = custody.process(ObserveSerialsProcessor::new, Named.as(OBSERVE),
                ShipmentPlansTopology.STORE, ShipmentChangeNotices.STORE);
        final SerialRules rules = new SerialRules(settings);
        final KStream<String, Alert> serialAlerts = declared.merge(observed, Named.as(MERGE))
                .repartition(Repartitioned.<String, SerialInput>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(SerialInput.class)))
                .process(() -> new DetectSerialFraudProcessor(rules, upstreamTopics), Named.as(DETECT), STATE_STORE, RETENTION_INDEX_STORE,
                        PENDING_STORE, BUFFER_STORE, SETTLE_TIMES_STORE, SETTLE_INDEX_STORE);
        final CustodyChainRules chainRules = new CustodyChainRules(settings);
        final KStream<String, Alert> chainAlerts = custody.process(() -> new DetectChainBreaksProcessor(chainRules, settings),
                Named.as(CHAIN_DETECT), ShipmentPlansTopology.STORE, CHAIN_STORE,
                ShipmentChangeNotices.STORE);
        return new Output(serialAlerts, chainAlerts);
    }

    /**
     * The serial checks' alerts (downstream of the repartition topic: a sub-topology of their own, never to be merged
     * with a stream of the detection task's, or the repartition topic becomes an input of that task) and the custody
     * chain's alerts (in the detection task).
     */
    public record Output(KStream<String, Alert> serialAlerts, KStream<String, Alert> chainAlerts) {
    }
}
