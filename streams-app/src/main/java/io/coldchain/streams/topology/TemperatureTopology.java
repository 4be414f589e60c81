package io.coldchain.streams.topology;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.Detector;
import io.coldchain.rules.DetectorDecorator;
import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.contract.validation.TemperatureReadingValidator;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.streams.ClockedState;
import io.coldchain.streams.ClockedStateSerde;
import io.coldchain.streams.EventClock;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.processors.ValidateRecordsProcessor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: temperature readings, put in event-time order, through the temperature rule engine
 * ({@link TemperatureExcursionDetector}) to alerts; readings later than the grace period to the
 * late-data topic.
 */
public final class TemperatureTopology {

    public static final String SOURCE = "read-temperature-readings";
    public static final String VALIDATE = "validate-temperature-readings";
    public static final String DETECT = "detect-temperature-excursions";
    /**
     * The temperature condition of each shipment with its readings' clock ({@link ClockedState}); queryable. Registered by
     * {@link ShipmentLifecycleTopology} with the other progress stores ({@link #stateStore()}), as the route checks read
     * the clock too.
     */
    public static final String STATE_STORE = "temperature-state-store";
    public static final String BUFFER_STORE = "temperature-reorder-buffer-store";
    /**
     * Where releases before the clock moved into {@link #STATE_STORE} kept it ({@link EventClock} per shipment): read and
     * emptied once at start; registered by {@link ShipmentLifecycleTopology}.
     */
    public static final String CLOCK_STORE = "temperature-event-clock-store";
    private static final ReorderingDetectorProcessor.Stores STORES = new ReorderingDetectorProcessor.Stores(
            ShipmentPlansTopology.STORE, STATE_STORE, BUFFER_STORE, CLOCK_STORE, ShipmentLifecycleTopology.STORE,
            ShipmentLifecycleTopology.ACTIVITY_STORE, ShipmentChangeNotices.STORE, List.of(RouteTopology.STATE_STORE));

    private TemperatureTopology() {
    }

    /** {@value #STATE_STORE}, for {@link ShipmentLifecycleTopology} to register before either detector. */
    static StoreBuilder<KeyValueStore<String, ClockedState<TemperatureState>>> stateStore() {
        return WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), new ClockedStateSerde<>(TemperatureState.class)));
    }

    public static KStream<String, Alert> addTo(final StreamsBuilder builder, final TopicCatalogue topics,
                                               final TemperatureProfiles profiles, final TemperatureSettings settings,
                                               final Duration deliveredRetention, final EventTimeWindow window,
                                               final DetectorDecorator detectors) {
        final TopicSpec<String, TemperatureReading> readings = topics.temperatureReadings();
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.Bytes(), readings.valueSerde())));
        final Detector<io.coldchain.domain.TemperatureReading, TemperatureState> detector = detectors.decorate(DETECT,
                new TemperatureExcursionDetector(profiles, settings));
        final TemperatureReadingValidator validator = new TemperatureReadingValidator(window);
        final KStream<String, SpecificRecord> output = builder
                .stream(readings.name(), Consumed.with(readings.keySerde(), readings.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(window))
                        .withName(SOURCE))
                .process(() -> new ValidateRecordsProcessor<>(validator::check, VALIDATE),
                        Named.as(VALIDATE))
                .process(() -> new ReorderingDetectorProcessor<>(detector, Contracts::toDomain,
                                TemperatureReading::getEventTime, STORES, settings.grace(), deliveredRetention, "temperature reading", DETECT, readings.name()),
                        Named.as(DETECT), STORES.all());
        return DetectorOutputs.alertsAndLateData(output, topics, "temperature");
    }
}
