package io.coldchain.streams;

import static io.coldchain.streams.SerialScenario.scan;
import static io.coldchain.streams.SerialScenario.sgtin;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.streams.processors.DeclareSerialsProcessor;
import io.coldchain.streams.processors.DetectSerialFraudProcessor;
import io.coldchain.streams.processors.ObserveSerialsProcessor;
import io.coldchain.streams.topology.SerialTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The serial checks' wait for other shipments' plans is a settle time in the settle index's stores, so a restart
 * within it (the processor initialised again on the same stores, as after a failover once the changelogs are
 * restored) still holds the judgement: judged on stream time at once, the clone would be an UNKNOWN_SERIAL.
 */
class SerialPlanWaitRestartTest {

    private static final long WALL = 1_800_000_000_000L;
    /** A replay: stream time is days past the clone's scan, so its sighting is due as soon as it is applied. */
    private static final long STREAM_TIME = SerialScenario.T0.plus(Duration.ofDays(3)).toEpochMilli();

    private final MockProcessorContext<Object, Object> storeContext = new MockProcessorContext<>();
    private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();
    private DetectSerialFraudProcessor processor;
    private MockProcessorContext<String, Alert> context;
    private long offset;

    @BeforeEach
    void openStores() {
        store(SerialTopology.STATE_STORE, Serdes.String(), new StateSerde<>(SerialState.class));
        store(SerialTopology.RETENTION_INDEX_STORE, Serdes.String(), Serdes.String());
        store(SerialTopology.PENDING_STORE, Serdes.String(), new StateSerde<>(SerialPending.class));
        store(SerialTopology.BUFFER_STORE, Serdes.Bytes(), new StateSerde<>(SerialInput.class));
        store(SerialTopology.SETTLE_TIMES_STORE, Serdes.String(), Serdes.Long());
        store(SerialTopology.SETTLE_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
    }

    @AfterEach
    void closeStores() {
        processor.close();
        stores.forEach(KeyValueStore::close);
    }

    @ParameterizedTest(name = "settle index lost at the restart: {0}")
    @ValueSource(booleans = {false, true})
    void shouldHoldTheJudgementOfAPendingSightingOverARestartAndFindTheCloneWithThePlanThatArrivesAfterIt(
            final boolean indexLost) {
        start(WALL);
        // SHP-C's plan does not list S1: the clone. SHP-A's plan, published before the scan, lists it, but its task
        // runs behind.
        scanned(scan("ev-clone", "SHP-C", 40, sgtin("S1")));
        wallClock(WALL + SerialTopology.SETTLE.toMillis());
        streamTime();
        assertThat(alerts()).as("applied, and its due judgement waits for a plan on its way").isEmpty();

        processor.close(); // a restart 20 s after the scan arrived, on the same (restored) stores
        if (indexLost) {
            // The settle index has no changelog: a crash under exactly-once, or a move to another instance, starts
            // without it; it is caught up from the settle times.
            final KeyValueStore<?, ?> index = stores.stream()
                    .filter(store -> store.name().equals(SerialTopology.SETTLE_INDEX_STORE)).findFirst().orElseThrow();
            index.close();
            stores.remove(index);
            store(SerialTopology.SETTLE_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
        }
        start(WALL + 20_000);
        streamTime();
        assertThat(alerts()).as("still waiting after the restart").isEmpty();

        wallClock(WALL + 30_000);
        declared("SHP-A", sgtin("S1"));
        wallClock(WALL + 70_000);
        assertThat(alerts()).as("what waited before the restart waits the quiet after the start").isEmpty();

        wallClock(WALL + 20_000 + SerialTopology.QUIET_BEFORE_JUDGING.toMillis());
        assertThat(alerts()).as("judged with SHP-A's plan: the clone is a duplicate of its pack")
                .singleElement().satisfies(alert -> {
                    assertThat(alert.getType()).isEqualTo(AlertType.DUPLICATE_SERIAL);
                    assertThat(alert.getShipmentId()).isEqualTo("SHP-C");
                    assertThat(alert.getSerial()).isEqualTo(sgtin("S1"));
                });
    }

    /**
     * An upgrade: the release before the one-value buffer kept each input an entry of {@code serial-reorder-buffer-store}
     * and the settle times in {@code serial-settle-times-store}; restored into this release's stores, they are carried
     * over and judged as that release would have.
     */
    @Test
    void shouldJudgeWhatAnEarlierReleaseLeftInItsBufferAndSettleTimes() {
        final List<KeyValue<String, SerialInput>> inputs =
                new ArrayList<>(observed(scan("ev-clone", "SHP-C", 40, sgtin("S1"))));
        inputs.addAll(declarations("SHP-A", sgtin("S1")));
        final KeyValueStore<Bytes, SerialInput> oldBuffer = store(SerialTopology.BUFFER_STORE);
        final KeyValueStore<String, Long> oldTimes = store(SerialTopology.SETTLE_TIMES_STORE);
        long arrival = 0;
        for (final KeyValue<String, SerialInput> input : inputs) {
            oldBuffer.put(SerialBuffer.key(input.key, input.value.order(), arrival++), input.value);
        }
        oldTimes.put(sgtin("S1"), WALL + SerialTopology.SETTLE.toMillis());

        start(WALL + 20_000);
        wallClock(WALL + 20_000 + SerialTopology.QUIET_BEFORE_JUDGING.toMillis() - 1);
        assertThat(alerts()).as("what waited before the start waits the quiet after it").isEmpty();

        wallClock(WALL + 20_000 + SerialTopology.QUIET_BEFORE_JUDGING.toMillis());
        assertThat(alerts()).as("the carried-over inputs judged together: the clone is a duplicate of SHP-A's pack")
                .singleElement().satisfies(alert -> {
                    assertThat(alert.getType()).isEqualTo(AlertType.DUPLICATE_SERIAL);
                    assertThat(alert.getShipmentId()).isEqualTo("SHP-C");
                });
        try (var left = oldBuffer.all(); var times = oldTimes.all()) {
            assertThat(left.hasNext()).as("the old buffer is emptied as its inputs are applied").isFalse();
            assertThat(times.hasNext()).as("the old settle times are carried over once").isFalse();
        }
    }

    @SuppressWarnings("unchecked")
    private <K, V> KeyValueStore<K, V> store(final String name) {
        return (KeyValueStore<K, V>) stores.stream().filter(store -> store.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<KeyValue<String, SerialInput>> observed(final io.coldchain.schemas.CustodyEvent.Builder event) {
        return ObserveSerialsProcessor.observations(Contracts.toDomain(event.build()), false);
    }

    private static List<KeyValue<String, SerialInput>> declarations(final String shipmentId, final String... serials) {
        final MockProcessorContext<String, SerialInput> plans = new MockProcessorContext<>();
        final DeclareSerialsProcessor declare = new DeclareSerialsProcessor();
        declare.init(plans);
        declare.process(new Record<>(shipmentId, Contracts.toDomain(SerialScenario.planOf(shipmentId, serials).build()),
                SerialScenario.T0.minusSeconds(3600).toEpochMilli()));
        return plans.forwarded().stream().map(forward -> KeyValue.pair(forward.record().key(), forward.record().value()))
                .toList();
    }

    private <K, V> void store(final String name, final Serde<K> keys, final Serde<V> values) {
        final KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        store.init(storeContext.getStateStoreContext(), store);
        stores.add(store);
    }

    /** Initialises a new processor on the stores, at {@code wallClock}. */
    private void start(final long wallClock) {
        context = new MockProcessorContext<>();
        stores.forEach(context::addStateStore);
        context.setCurrentSystemTimeMs(wallClock);
        context.setCurrentStreamTimeMs(STREAM_TIME);
        processor = new DetectSerialFraudProcessor(new SerialRules(SerialSettings.defaults()), List.of());
        processor.init(context);
    }

    private void scanned(final io.coldchain.schemas.CustodyEvent.Builder event) {
        observed(event).forEach(input -> process(input.key, input.value));
    }

    private void declared(final String shipmentId, final String... serials) {
        declarations(shipmentId, serials).forEach(input -> process(input.key, input.value));
    }

    private void process(final String key, final SerialInput input) {
        context.setRecordMetadata(SerialTopology.REPARTITION, 0, offset++);
        processor.process(new Record<>(key, input, input.order()));
    }

    /** The settle check at {@code wallClock}. */
    private void wallClock(final long wallClock) {
        context.setCurrentSystemTimeMs(wallClock);
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                .forEach(p -> p.getPunctuator().punctuate(wallClock));
    }

    /** The stream-time punctuations (due judgement, retention), at {@link #STREAM_TIME}. */
    private void streamTime() {
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .forEach(p -> p.getPunctuator().punctuate(STREAM_TIME));
    }

    private List<Alert> alerts() {
        final List<Alert> alerts = context.forwarded().stream().<Alert>map(forward -> forward.record().value()).toList();
        context.resetForwards();
        return alerts;
    }
}
