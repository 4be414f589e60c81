package io.coldchain.bench;

import io.coldchain.rules.Outcome;
import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.Area;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.Product;
import io.coldchain.domain.Route;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureReading;
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
 * Cost per reading of the temperature rule engine, against a baseline measured in the same run: a
 * bare band check on the same readings (what a simple threshold monitor does).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * java -jar benchmarks/target/coldchain-benchmarks.jar TemperatureEngine -f 1 -wi 3 -i 5 -w 2s -r 2s
 * java -cp benchmarks/target/coldchain-benchmarks.jar io.coldchain.bench.TemperatureStateSize
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TemperatureEngineBenchmark {

    /** Which built-in profile: refrigerated has instant and MKT rules, WHO type 2 consecutive and cumulative ones. */
    @Param({"refrigerated-2-8", "who-pqs-type-2"})
    public String profile;

    private TemperatureExcursionDetector detector;
    private ShipmentPlan plan;
    private TemperatureReading[] readings;
    private TemperatureState state;
    private int next;

    static ShipmentPlan plan(final String profileName) {
        final GeoPoint a = new GeoPoint(47.5596, 7.5886);
        final GeoPoint b = new GeoPoint(50.1109, 8.6821);
        return ShipmentPlan.builder().shipmentId("SHP-BENCH").profileName(profileName)
                .product(new Product("00614141123452", "", "L1", "2027-01-01"))
                .route(new Route(List.of(a, b), 2000.0))
                .origin(new Area("A", null, a, 500))
                .destination(new Area("B", null, b, 500))
                .plannedDeparture(0).plannedArrival(0).status(ShipmentStatus.IN_TRANSIT).build();
    }

    /** Readings every minute: mostly in range with noise, a warm spell of 40 min every 6 h. */
    static TemperatureReading[] readings(final int count) {
        final TemperatureReading[] readings = new TemperatureReading[count];
        final java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < count; i++) {
            final double base = (i % 360) < 40 ? 11.0 : 5.0;
            readings[i] = TemperatureReading.builder().deviceId("d").shipmentId("SHP-BENCH")
                    .eventTime(1_700_000_000_000L + i * 60_000L)
                    .temperatureCelsius(base + random.nextGaussian() * 0.4).build();
        }
        return readings;
    }

    @Setup
    public void setUp() {
        detector = new TemperatureExcursionDetector(TemperatureProfiles.builtIn(), TemperatureSettings.defaults());
        plan = plan(profile);
        readings = readings(100_000);
        state = null;
        next = 0;
    }

    @Benchmark
    public Object engine() {
        if (next == readings.length) {
            next = 0;
            state = null;
        }
        final Outcome<TemperatureState> outcome = detector.onEvent(plan, state, readings[next++]);
        state = outcome.state();
        return outcome;
    }

    @Benchmark
    public boolean baselineBandCheck() {
        if (next == readings.length) {
            next = 0;
        }
        final double celsius = readings[next++].temperatureCelsius();
        return celsius < 2.0 || celsius > 8.0;
    }
}
