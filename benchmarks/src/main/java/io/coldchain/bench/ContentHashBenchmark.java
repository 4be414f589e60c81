package io.coldchain.bench;

import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroText;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The content hash every event takes in the reorder buffer ({@code ReorderingDetectorProcessor.contentHash}):
 * {@code toString().hashCode()} of the Avro record as it was first computed, against {@link AvroText#hash} (the same
 * int without the text), in the same run, for each input type: a temperature reading, a location fix, a custody
 * event of 10 packs and a plan of 50 serials.
 *
 * <pre>
 * ./mvnw -B -o -q -DskipTests -pl benchmarks -am package
 * java -jar benchmarks/target/coldchain-benchmarks.jar ContentHash -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContentHashBenchmark {

    @Param({"reading", "fix", "custody", "plan"})
    public String type;

    private SpecificRecord value;

    @Setup
    public void setUp() {
        final SerialFleet fleet = new SerialFleet(Instant.parse("2026-12-03T08:00:00Z"), 50, 50);
        value = switch (type) {
            case "reading" -> TemperatureReading.newBuilder()
                    .setDeviceId("logger-SHP-000042").setShipmentId("SHP-000042").setEventTime(1_796_227_200_000L)
                    .setTemperatureCelsius(5.137_812_5).setBatteryPercent(87.5f).build();
            case "fix" -> LocationFix.newBuilder()
                    .setDeviceId("tracker-SHP-000042").setShipmentId("SHP-000042").setEventTime(1_796_227_200_000L)
                    .setLat(47.559_612_345).setLon(7.588_576_1).setAccuracyMeters(12.5).setSpeedKmh(83.25)
                    .setBatteryPercent(null).build();
            case "custody" -> fleet.shipping(0, 10, SerialFleet.BASEL);
            case "plan" -> fleet.plan(0);
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    /** Baseline: as the hash was first computed, by building Avro's text. */
    @Benchmark
    public int avroToString() {
        return value.toString().hashCode();
    }

    @Benchmark
    public int avroText() {
        return AvroText.hash(value);
    }
}
