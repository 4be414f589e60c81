package io.coldchain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.streams.StateSerde;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one state round trip costs (encode, then decode: what every event does to its shipment's state), for the
 * state store's encoding ({@link StateSerde}, Smile) against the JSON it replaced, measured in the same run on a
 * temperature state after a day of one reading a minute.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * java -jar benchmarks/target/coldchain-benchmarks.jar StateEncoding -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StateEncodingBenchmark {

    /** Which built-in profile: refrigerated keeps MKT buckets, WHO type 2 consecutive and cumulative rules. */
    @Param({"refrigerated-2-8", "who-pqs-type-2"})
    public String profile;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StateSerde<TemperatureState> serde = new StateSerde<>(TemperatureState.class);
    private TemperatureState state;

    @Setup
    public void setUp() {
        state = dayOfReadings(profile);
    }

    static TemperatureState dayOfReadings(final String profile) {
        final TemperatureExcursionDetector detector = new TemperatureExcursionDetector(TemperatureProfiles.builtIn(),
                TemperatureSettings.defaults());
        final ShipmentPlan plan = TemperatureEngineBenchmark.plan(profile);
        TemperatureState state = null;
        for (final TemperatureReading reading : TemperatureEngineBenchmark.readings(24 * 60)) {
            state = detector.onEvent(plan, state, reading).state();
        }
        return state;
    }

    @Benchmark
    public TemperatureState smile() {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }

    /** Baseline: the JSON encoding used before (same object mapping, numbers as decimal text). */
    @Benchmark
    public TemperatureState jsonBaseline() throws IOException {
        return JSON.readValue(JSON.writeValueAsBytes(state), TemperatureState.class);
    }
}
