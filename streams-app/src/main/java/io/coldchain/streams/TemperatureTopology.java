package io.coldchain.streams;

import io.coldchain.rules.temperature.BandExcursionDetector;
import io.coldchain.rules.temperature.BandState;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.Stores;

/** Sub-builder: temperature readings joined with plans, through the temperature rules, to alerts. */
public final class TemperatureTopology {

    public static final String SOURCE = "read-temperature-readings";
    public static final String DETECT = "detect-temperature-excursions";
    public static final String STATE_STORE = "temperature-band-state-store";

    private TemperatureTopology() {
    }

    public static KStream<String, Alert> addTo(final StreamsBuilder builder, final TopicCatalogue topics,
                                               final TemperatureProfiles profiles) {
        final TopicSpec<String, TemperatureReading> readings = topics.temperatureReadings();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new JsonSerde<>(BandState.class)));
        final BandExcursionDetector detector = new BandExcursionDetector(profiles);
        return builder
                .stream(readings.name(), Consumed.with(readings.keySerde(), readings.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName(SOURCE))
                .process(() -> new DetectorProcessor<>(detector, ShipmentPlansTopology.STORE, STATE_STORE,
                                "temperature reading"),
                        org.apache.kafka.streams.kstream.Named.as(DETECT),
                        ShipmentPlansTopology.STORE, STATE_STORE);
    }
}
