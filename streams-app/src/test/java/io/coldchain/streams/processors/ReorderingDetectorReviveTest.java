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
import io.coldchain.streams.EventClock;
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
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
    private static final long WALL = Plans.DEPARTURE.plus(Duration.ofDays(30)).toEpochMilli();
    /** Five-minute readings for two hours, 40 min of them warm; two pairs arrive swapped, within the grace period. */
    private static final int[] MINUTES = {0, 5, 10, 15, 20, 25, 30, 35, 40, 50, 45, 55, 60, 65, 70, 80, 75, 85, 90,
        95, 100, 105, 110, 115, 120};

    @TempDir
    Path stateDir;
    private final List<StateStore> stores = new ArrayList<>();
    private final ReorderingDetectorProcessor<TemperatureReading, io.coldchain.domain.TemperatureReading, TemperatureState>
            processor = new ReorderingDetectorProcessor<>(
                    new TemperatureExcursionDetector(TemperatureProfiles.builtIn(), TemperatureSettings.defaults()),
                    Contracts::toDomain, TemperatureReading::getEventTime,
                    new ReorderingDetectorProcessor.Stores(ShipmentPlansTopology.STORE, TemperatureTopology.STATE_STORE,
                            TemperatureTopology.BUFFER_STORE, TemperatureTopology.CLOCK_STORE,
                            ShipmentLifecycleTopology.STORE, ShipmentLifecycleTopology.ACTIVITY_STORE,
                            ShipmentChangeNotices.STORE),
                    TemperatureSettings.defaults().grace(), Duration.ofDays(7), "temperature reading",
                    TemperatureTopology.DETECT);

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

    /** Opens stores as committed before the readings (the plan alone), initialises the processor and reads the trip. */
    private List<String> run(final String name) {
        final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(new Properties(),
                new TaskId(0, 0), stateDir.resolve(name).toFile());
        final VersionedKeyValueStore<String, ShipmentPlan> plans = Stores.versionedKeyValueStoreBuilder(
                        Stores.persistentVersionedKeyValueStore(ShipmentPlansTopology.STORE, Duration.ofDays(30)),
                        Serdes.String(), DomainSerde.plans(AvroSerdes.local().value(io.coldchain.schemas.ShipmentPlan.class)))
                .withLoggingDisabled().build();
        open(context, plans);
        plans.put(SHIPMENT, Contracts.toDomain(Plans.baselToFrankfurt(SHIPMENT).build()),
                Plans.DEPARTURE.minus(Duration.ofHours(12)).toEpochMilli());
        open(context, writeBehind(TemperatureTopology.STATE_STORE, Serdes.String(), new StateSerde<>(TemperatureState.class)));
        open(context, writeBehind(TemperatureTopology.BUFFER_STORE, Serdes.Bytes(),
                AvroSerdes.local().value(TemperatureReading.class)));
        open(context, writeBehind(TemperatureTopology.CLOCK_STORE, Serdes.String(), new StateSerde<>(EventClock.class)));
        open(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShipmentLifecycleTopology.STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
        open(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShipmentLifecycleTopology.ACTIVITY_STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
        open(context, new ShipmentChangeNotices(ShipmentChangeNotices.STORE));
        context.setCurrentSystemTimeMs(WALL);
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
