package io.coldchain.streams.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.contract.Contracts;
import io.coldchain.contract.DomainSerde;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.ClockedState;
import io.coldchain.streams.ClockedStateSerde;
import io.coldchain.streams.EventClock;
import io.coldchain.streams.InputProgress;
import io.coldchain.streams.Plans;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.StateSerde;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose transaction aborted (its commit timed out, a changelog was corrupted) is closed dirty and revived by
 * Kafka Streams with the <em>same</em> processor objects: {@code close}, then {@code init} again on stores restored to
 * the last commit, and its input rewound to that commit. Doing the work again must give what it gave the first time;
 * a processor that remembered the aborted work beside its stores (a shipment's newest buffered reading) handed
 * readings over before the ones that still had to come, and set those aside as late.
 */
class ReorderingDetectorReviveTest {

    private static final String SHIPMENT = "SHP-REVIVE";
    private static final String SOURCE = "coldchain.telemetry.temperature";
    private static final long WALL = Plans.DEPARTURE.plus(Duration.ofDays(30)).toEpochMilli();
    /** Five-minute readings for two hours, 40 min of them warm; two pairs arrive swapped, within the grace period. */
    private static final int[] MINUTES = {0, 5, 10, 15, 20, 25, 30, 35, 40, 50, 45, 55, 60, 65, 70, 80, 75, 85, 90,
        95, 100, 105, 110, 115, 120};

    @TempDir
    Path stateDir;
    private final List<StateStore> stores = new ArrayList<>();
    /** The context of the last {@link #run}, its stores open. */
    private MockProcessorContext<String, SpecificRecord> lastContext;
    private final ReorderingDetectorProcessor<TemperatureReading, io.coldchain.domain.TemperatureReading, TemperatureState>
            processor = new ReorderingDetectorProcessor<>(
                    new TemperatureExcursionDetector(TemperatureProfiles.builtIn(), TemperatureSettings.defaults()),
                    Contracts::toDomain, TemperatureReading::getEventTime,
                    new ReorderingDetectorProcessor.Stores(ShipmentPlansTopology.STORE, TemperatureTopology.STATE_STORE,
                            TemperatureTopology.BUFFER_STORE, TemperatureTopology.CLOCK_STORE,
                            ShipmentLifecycleTopology.STORE, ShipmentLifecycleTopology.ACTIVITY_STORE,
                            ShipmentChangeNotices.STORE, List.of()),
                    TemperatureSettings.defaults().grace(), Duration.ofDays(7), "temperature reading",
                    TemperatureTopology.DETECT, SOURCE);

    @AfterEach
    void close() {
        processor.close();
        stores.forEach(StateStore::close);
    }

    @Test
    void shouldGiveTheSameResultsWhenItsTaskIsRevivedAfterAnAbortedTransaction() {
        final List<String> first = run("first");
        assertThat(first).as("the trip's excursion").anyMatch(line -> line.startsWith("alert TEMPERATURE_EXCURSION"));
        assertThat(first).as("nothing late: the swapped readings are within the grace period")
                .noneMatch(line -> line.startsWith("set aside"));

        // The transaction aborted before anything was committed: the stores are back to the last commit (only the
        // plan), the input is read again from the start, by the same processor object.
        processor.close();
        stores.forEach(StateStore::close);
        stores.clear();

        assertThat(run("revived")).as("the work done again, after the revival").isEqualTo(first);
    }

    @Test
    void shouldNotLetWhatARestartFindsBufferedGoQuietWhileItsPartitionStillHoldsABacklog() {
        // A catch-up after a restart: the task's readings partition is read behind its others, so no reading of this
        // shipment reaches the processor for longer than its grace; the broker still holds them.
        final InputProgress progress = InputProgress.create();
        final Properties config = new Properties();
        config.put(InputProgress.CONFIG, progress);
        final MockProcessorContext<String, SpecificRecord> context = context("restart", config);
        context.setCurrentStreamTimeMs(Plans.DEPARTURE.toEpochMilli());
        processor.init(context);
        for (int minute = 0; minute <= 60; minute += 5) {
            process(context, minute, minute / 5);
        }
        // Another shipment's reading moves stream time hours on (its plan is not there: it waits).
        context.setCurrentStreamTimeMs(Plans.DEPARTURE.plus(Duration.ofHours(5)).toEpochMilli());
        processor.close();
        processor.init(context); // what was buffered is found again, and no reading has come since

        final TopicPartition partition = new TopicPartition(SOURCE, 0);
        long wall = WALL;
        for (int second = 0; second <= 600; second++) {
            wall += 1_000;
            progress.sampled(partition, wall, 100, 13); // 87 records on the broker beyond the commit
            context.setCurrentSystemTimeMs(wall);
            punctuate(context);
        }
        assertThat(alerts(context)).as("ten minutes on, the backlog still unread: not silent, not judged")
                .noneMatch(line -> line.startsWith("alert SENSOR_SILENT"));

        progress.sampled(partition, wall + 1_000, 100, 100); // read now: nothing of it was this shipment's
        context.setCurrentSystemTimeMs(wall + 1_000);
        punctuate(context);
        assertThat(alerts(context)).as("its buffer handed over and judged at the stream's time")
                .anyMatch(line -> line.startsWith("alert SENSOR_SILENT"));
    }

    /**
     * An upgrade from a release that kept the clock in a store of its own: its clocks are moved into the state values at
     * the first start, so a reading judged before the upgrade and delivered again after it is still known as judged.
     */
    @Test
    void shouldTakeOverTheClocksAnEarlierReleaseKeptInAStoreOfItsOwn() {
        final List<String> first = run("upgrade");
        final MockProcessorContext<String, SpecificRecord> context = lastContext;
        final KeyValueStore<String, ClockedState<TemperatureState>> states =
                context.getStateStore(TemperatureTopology.STATE_STORE);
        final KeyValueStore<String, EventClock> legacy = context.getStateStore(TemperatureTopology.CLOCK_STORE);
        final ClockedState<TemperatureState> judged = states.get(SHIPMENT);
        assertThat(judged.clock().handledUpTo()).as("readings judged before the upgrade").isGreaterThan(Long.MIN_VALUE);
        assertThat(legacy.get(SHIPMENT)).as("this release keeps no clock there").isNull();

        // The stores as the earlier release left them: the state alone in the state store, the clock beside it.
        processor.close();
        states.put(SHIPMENT, ClockedState.of(EventClock.NONE, judged.state()));
        legacy.put(SHIPMENT, judged.clock());
        context.resetForwards();
        processor.init(context);

        assertThat(legacy.get(SHIPMENT)).as("moved out of the earlier release's store").isNull();
        assertThat(states.get(SHIPMENT)).as("the clock and the state as one value again").isEqualTo(judged);
        long offset = 1_000;
        for (final int minute : MINUTES) {
            final TemperatureReading reading = Plans.reading(SHIPMENT, Duration.ofMinutes(minute),
                    minute >= 40 && minute < 80 ? 12.0 : 5.0);
            context.setRecordMetadata("temperature", 0, offset++);
            processor.process(new Record<>(SHIPMENT, reading, reading.getEventTime()));
        }
        assertThat(first).as("the trip's excursion, before the upgrade")
                .anyMatch(line -> line.startsWith("alert TEMPERATURE_EXCURSION"));
        assertThat(context.forwarded()).as("the judged readings delivered again: redeliveries, no alert, nothing late")
                .isEmpty();
    }

    private void process(final MockProcessorContext<String, SpecificRecord> context, final int minute,
                         final long offset) {
        final TemperatureReading reading = Plans.reading(SHIPMENT, Duration.ofMinutes(minute), 5.0);
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), reading.getEventTime()));
        context.setRecordMetadata(SOURCE, 0, offset);
        processor.process(new Record<>(SHIPMENT, reading, reading.getEventTime()));
    }

    private static void punctuate(final MockProcessorContext<String, SpecificRecord> context) {
        for (final MockProcessorContext.CapturedPunctuator punctuator : context.scheduledPunctuators()) {
            if (punctuator.getType() == PunctuationType.WALL_CLOCK_TIME) {
                punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());
            }
        }
    }

    private static List<String> alerts(final MockProcessorContext<String, SpecificRecord> context) {
        final List<String> alerts = new ArrayList<>();
        for (final MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> forward
                : context.forwarded()) {
            if (forward.record().value() instanceof Alert alert) {
                alerts.add("alert " + alert.getType() + " " + alert.getLastEvidenceTime());
            }
        }
        return alerts;
    }

    /** Opens stores as committed before the readings (the plan alone), initialises the processor and reads the trip. */
    private List<String> run(final String name) {
        final MockProcessorContext<String, SpecificRecord> context = context(name, new Properties());
        lastContext = context;
        processor.init(context);
        long streamTime = Long.MIN_VALUE;
        long offset = 0;
        for (final int minute : MINUTES) {
            final TemperatureReading reading = Plans.reading(SHIPMENT, Duration.ofMinutes(minute),
                    minute >= 40 && minute < 80 ? 12.0 : 5.0);
            streamTime = Math.max(streamTime, reading.getEventTime());
            context.setCurrentStreamTimeMs(streamTime);
            context.setRecordMetadata("temperature", 0, offset++);
            processor.process(new Record<>(SHIPMENT, reading, reading.getEventTime()));
        }
        final List<String> forwarded = new ArrayList<>();
        for (final MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> forward
                : context.forwarded()) {
            final SpecificRecord value = forward.record().value();
            forwarded.add(value instanceof Alert alert
                    ? "alert " + alert.getType() + " " + alert
                    : "set aside " + value + " at " + forward.record().timestamp());
        }
        return forwarded;
    }

    /** A context with the stores as committed before the readings: the plan alone. */
    private MockProcessorContext<String, SpecificRecord> context(final String name, final Properties config) {
        final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(config,
                new TaskId(0, 0), stateDir.resolve(name).toFile());
        final VersionedKeyValueStore<String, ShipmentPlan> plans = Stores.versionedKeyValueStoreBuilder(
                        Stores.persistentVersionedKeyValueStore(ShipmentPlansTopology.STORE, Duration.ofDays(30)),
                        Serdes.String(), DomainSerde.plans(AvroSerdes.local().value(io.coldchain.schemas.ShipmentPlan.class)))
                .withLoggingDisabled().build();
        open(context, plans);
        plans.put(SHIPMENT, Contracts.toDomain(Plans.baselToFrankfurt(SHIPMENT).build()),
                Plans.DEPARTURE.minus(Duration.ofHours(12)).toEpochMilli());
        open(context, writeBehind(TemperatureTopology.STATE_STORE, Serdes.String(),
                new ClockedStateSerde<>(TemperatureState.class)));
        open(context, writeBehind(TemperatureTopology.BUFFER_STORE, Serdes.Bytes(),
                AvroSerdes.local().value(TemperatureReading.class)));
        open(context, writeBehind(TemperatureTopology.CLOCK_STORE, Serdes.String(), new StateSerde<>(EventClock.class)));
        open(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShipmentLifecycleTopology.STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
        open(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShipmentLifecycleTopology.ACTIVITY_STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
        open(context, new ShipmentChangeNotices(ShipmentChangeNotices.STORE));
        context.setCurrentSystemTimeMs(WALL);
        return context;
    }

    private <K, V> StateStore writeBehind(final String name, final Serde<K> keys, final Serde<V> values) {
        return WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled()).build();
    }

    private void open(final MockProcessorContext<String, SpecificRecord> context, final StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
    }
}
