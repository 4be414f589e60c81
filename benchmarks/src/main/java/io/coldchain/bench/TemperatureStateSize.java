package io.coldchain.bench;

import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.streams.StateSerde;
import java.util.Locale;

/**
 * State size per shipment as stored (the binary form of {@link StateSerde} in the state store and its changelog,
 * beside the JSON used two releases before) after one hour, one day and seven days of one reading a minute: it must stop growing once the MKT window
 * is full, whatever the number of readings. Baseline: the size of one serialized reading.
 */
public final class TemperatureStateSize {

    private TemperatureStateSize() {
    }

    /** The size of the same state in the JSON encoding used before. */
    private static int json(final TemperatureState state) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(state).length;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(final String[] args) {
        final TemperatureExcursionDetector detector = new TemperatureExcursionDetector(TemperatureProfiles.builtIn(),
                TemperatureSettings.defaults());
        final StateSerde<TemperatureState> serde = new StateSerde<>(TemperatureState.class);
        final TemperatureReading[] readings = TemperatureEngineBenchmark.readings(7 * 24 * 60);
        for (final String profile : new String[] {"refrigerated-2-8", "who-pqs-type-2"}) {
            final ShipmentPlan plan = TemperatureEngineBenchmark.plan(profile);
            TemperatureState state = null;
            for (int i = 0; i < readings.length; i++) {
                state = detector.onEvent(plan, state, readings[i]).state();
                if (i + 1 == 60 || i + 1 == 24 * 60 || i + 1 == readings.length) {
                    final int bytes = serde.serializer().serialize("", state).length;
                    final int json = json(state);
                    System.out.printf(Locale.ROOT, "%-18s after %6d readings: state %6d bytes (as JSON %6d, %.2f),"
                            + " %3d MKT buckets%n", profile, i + 1, bytes, json, (double) bytes / json,
                            state.mktBuckets().size());
                }
            }
        }
        System.out.printf(Locale.ROOT, "baseline: one TemperatureReading as Avro: %d bytes%n",
                io.coldchain.serde.AvroSerdes.local().value(io.coldchain.schemas.TemperatureReading.class).serializer()
                        .serialize("t", io.coldchain.contract.Contracts.toWire(readings[0])).length);
    }
}
