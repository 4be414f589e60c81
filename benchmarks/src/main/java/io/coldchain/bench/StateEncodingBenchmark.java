package io.coldchain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.streams.StateSerde;
import java.io.IOException;
import java.util.List;
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
 * state store's encoding ({@link StateSerde}: the binary form of records) against the Smile and the JSON it replaced,
 * measured in the same run on a temperature state after a day of one reading a minute ({@code refrigerated-2-8},
 * {@code who-pqs-type-2}) and on the state of a serial declared by a plan and scanned three times ({@code serial}).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * java -jar benchmarks/target/coldchain-benchmarks.jar StateEncoding -f 1 -wi 3 -i 5 -w 2s -r 2s
 * java -jar benchmarks/target/coldchain-benchmarks.jar 'StateEncoding.binary' -f 1 -wi 3 -i 5 -w 1s -r 1s  # ours alone
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StateEncodingBenchmark {

    /**
     * Which state: a temperature state of a built-in profile (refrigerated keeps MKT buckets, WHO type 2 consecutive
     * and cumulative rules), or {@code serial}.
     */
    @Param({"refrigerated-2-8", "who-pqs-type-2", "serial"})
    public String profile;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());
    private StateSerde<Object> serde;
    private Object state;
    private Class<?> type;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        state = "serial".equals(profile) ? scannedSerial() : dayOfReadings(profile);
        type = state.getClass();
        serde = (StateSerde<Object>) new StateSerde<>(type);
    }

    /** A serial a plan declared and three custody events scanned, as the serial checks keep it. */
    static SerialState scannedSerial() {
        final SerialRules rules = new SerialRules(SerialSettings.defaults());
        final String sgtin = "urn:epc:id:sgtin:0614141.107346.2017";
        final long t0 = 1_767_225_600_000L;
        SerialState state = rules.onDeclared(sgtin, null, new Declaration("SHP-000123", "L42", "2027-06-30", true, t0,
                List.of("4098765000005"))).state();
        final String[] steps = {"shipping", "receiving", "dispensing"};
        for (int i = 0; i < steps.length; i++) {
            state = rules.onSighted(sgtin, state, new Sighting("evt-" + i, "fp-000000000000000000" + i, t0 + (i + 1) * 3_600_000L,
                    "OBSERVE", steps[i], "in_transit", "SHP-000123", "401234500000" + i, "Custodian " + i,
                    "Distribution centre " + i, "401234500001" + i, 47.5 + i, 7.5 + i, "urn:epc:id:sgln:401234.00001." + i,
                    "L42", "2027-06-30")).state();
        }
        return state;
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
    public Object binary() {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }

    /** Encoding alone: what the write-behind stores' flush does to each changed state at a commit. */
    @Benchmark
    public byte[] binaryEncode() {
        return serde.serializer().serialize("t", state);
    }

    /** Baseline: Smile, the encoding before the binary form (Jackson's object mapping, binary numbers). */
    @Benchmark
    public Object smileBaseline() throws IOException {
        return SMILE.readValue(SMILE.writeValueAsBytes(state), type);
    }

    /** Baseline: the JSON encoding used before Smile (same object mapping, numbers as decimal text). */
    @Benchmark
    public Object jsonBaseline() throws IOException {
        return JSON.readValue(JSON.writeValueAsBytes(state), type);
    }
}
