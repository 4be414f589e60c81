package io.coldchain.bench;

import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.streams.JsonSerde;
import java.util.Locale;

/**
 * State size per shipment as stored (JSON bytes in the state store and its changelog) after one
 * hour, one day and seven days of one reading a minute: it must stop growing once the MKT window
 * is full, whatever the number of readings. Baseline: the size of one serialized reading.
 */
public final class TemperatureStateSize {

    private TemperatureStateSize() {
    }

    public static void main(final String[] args) {
        final TemperatureExcursionDetector detector = new TemperatureExcursionDetector(TemperatureProfiles.builtIn(),
                TemperatureSettings.defaults());
        final JsonSerde<TemperatureState> serde = new JsonSerde<>(TemperatureState.class);
        final TemperatureReading[] readings = TemperatureEngineBenchmark.readings(7 * 24 * 60);
        for (final String profile : new String[] {"refrigerated-2-8", "who-pqs-type-2"}) {
            final ShipmentPlan plan = TemperatureEngineBenchmark.plan(profile);
            TemperatureState state = null;
            for (int i = 0; i < readings.length; i++) {
                state = detector.onEvent(plan, state, readings[i]).state();
                if (i + 1 == 60 || i + 1 == 24 * 60 || i + 1 == readings.length) {
                    final int bytes = serde.serializer().serialize("", state).length;
                    System.out.printf(Locale.ROOT, "%-18s after %6d readings: state %6d bytes, %3d MKT buckets%n",
                            profile, i + 1, bytes, state.mktBuckets.size());
                }
            }
        }
        System.out.printf(Locale.ROOT, "baseline: one TemperatureReading as Avro: %d bytes%n",
                io.coldchain.serde.AvroSerdes.local().value(TemperatureReading.class).serializer()
                        .serialize("t", readings[0]).length);
    }
}
