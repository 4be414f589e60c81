package io.coldchain.streams;

import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.LimitDirection;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.schemas.TemperatureRule;
import io.coldchain.schemas.TemperatureRuleKind;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.processors.CountAlertsProcessor;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver around the whole topology for temperature scenarios: a plan with a given
 * profile, readings at minutes after departure, and the alerts and late records that come out.
 */
final class TemperatureScenario implements AutoCloseable {

    static final Instant T0 = Plans.DEPARTURE;
    static final String SHIPMENT = "SHP-T";

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ShipmentPlan> plans;
    private final TestInputTopic<String, TemperatureReading> readings;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, SpecificRecord> late;
    private final List<Alert> collected = new ArrayList<>();

    TemperatureScenario(final Path stateDir) {
        this(stateDir, DriverSettings.detection());
    }

    TemperatureScenario(final Path stateDir, final DetectionSettings settings) {
        final Properties props = ColdchainTopologyTest.config(stateDir, topics);
        driver = new TopologyTestDriver(ColdchainTopology.build(props, topics, settings), props, T0);
        plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        readings = driver.createInputTopic(topics.temperatureReadings().name(), Serdes.String().serializer(),
                topics.temperatureReadings().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        late = driver.createOutputTopic(topics.lateData().name(), Serdes.String().deserializer(),
                topics.lateData().valueSerde().deserializer());
    }

    static TemperatureProfile.Builder profile(final double min, final double max, final TemperatureRule... rules) {
        return TemperatureProfile.newBuilder().setName("test-profile").setMinCelsius(min).setMaxCelsius(max)
                .setRules(List.of(rules)).setMaxReadingGapMillis(Duration.ofMinutes(30).toMillis())
                .setMaxSilenceMillis(Duration.ofMinutes(60).toMillis());
    }

    static TemperatureRule rule(final String id, final TemperatureRuleKind kind, final LimitDirection direction,
                                final double limit, final Duration duration) {
        return TemperatureRule.newBuilder().setRuleId(id).setKind(kind).setDirection(direction).setLimitCelsius(limit)
                .setDurationMillis(duration.toMillis()).setSeverity(Severity.HIGH).build();
    }

    TemperatureScenario plan(final TemperatureProfile profile) {
        return plan(SHIPMENT, profile);
    }

    TemperatureScenario plan(final String shipmentId, final TemperatureProfile profile) {
        plans.pipeInput(shipmentId, Plans.baselToFrankfurt(shipmentId).setProfileName(null).setProfile(profile).build(),
                T0.minusSeconds(60));
        return this;
    }

    /** The plan, issued (its event time) at {@code issuedAtMinutes} after T0, e.g. in the past of a replay. */
    TemperatureScenario planIssuedAt(final TemperatureProfile profile, final double issuedAtMinutes) {
        plans.pipeInput(SHIPMENT, Plans.baselToFrankfurt(SHIPMENT).setProfileName(null).setProfile(profile)
                .setIssuedAt(minutes(issuedAtMinutes)).build(), T0);
        return this;
    }

    /** The shipment's plan is republished as CLOSED. */
    TemperatureScenario closePlan() {
        plans.pipeInput(SHIPMENT, Plans.baselToFrankfurt(SHIPMENT).setStatus(io.coldchain.schemas.ShipmentStatus.CLOSED)
                .build(), T0);
        return this;
    }

    TemperatureScenario namedPlan(final String profileName) {
        plans.pipeInput(SHIPMENT, Plans.baselToFrankfurt(SHIPMENT).setProfileName(profileName).build(), T0.minusSeconds(60));
        return this;
    }

    /** A reading {@code minutes} after departure. */
    TemperatureScenario at(final double minutes, final double celsius) {
        return at(SHIPMENT, minutes, celsius);
    }

    TemperatureScenario at(final String shipmentId, final double minutes, final double celsius) {
        readings.pipeInput(shipmentId, Plans.reading(shipmentId, Duration.ofMillis((long) (minutes * 60_000)), celsius));
        return this;
    }

    /** Readings every {@code stepMinutes} from {@code fromMinutes} (inclusive) to {@code toMinutes} (exclusive). */
    TemperatureScenario every(final double stepMinutes, final double fromMinutes, final double toMinutes,
                              final double celsius) {
        for (double m = fromMinutes; m < toMinutes; m += stepMinutes) {
            at(m, celsius);
        }
        return this;
    }

    /** No more input: the grace period passes on the wall clock and the buffer is released. */
    TemperatureScenario quiet() {
        driver.advanceWallClockTime(DetectionSettings.defaults().temperature().grace().plusSeconds(2));
        return this;
    }

    void advanceWallClock(final Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    List<Alert> alerts() {
        collected.addAll(alerts.readValuesToList());
        return List.copyOf(collected);
    }

    List<TestRecord<String, SpecificRecord>> late() {
        return late.readRecordsToList();
    }

    /** {@code set-aside-records-total} of the temperature detector for {@code reason} ("late", "no-plan"). */
    double setAside(final String reason) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(ReorderingDetectorProcessor.METRICS_GROUP)
                        && e.getKey().name().equals(ReorderingDetectorProcessor.SET_ASIDE_RECORDS + "-total")
                        && reason.equals(e.getKey().tags().get("reason"))
                        && TemperatureTopology.DETECT.equals(e.getKey().tags().get("processor-node-id")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** {@code alerts-total} of the alerts counter, per {@code type|severity|status}. */
    java.util.Map<String, Double> alertsCounted() {
        final java.util.Map<String, Double> counted = new java.util.TreeMap<>();
        driver.metrics().forEach((name, metric) -> {
            if (name.group().equals(CountAlertsProcessor.METRICS_GROUP)
                    && name.name().equals(CountAlertsProcessor.ALERTS_TOTAL)) {
                counted.merge(name.tags().get("alert-type") + "|" + name.tags().get("severity") + "|"
                        + name.tags().get("status"), ((Number) metric.metricValue()).doubleValue(), Double::sum);
            }
        });
        return counted;
    }

    TemperatureState state() {
        final ClockedState<?> clocked = (ClockedState<?>) driver.getKeyValueStore(TemperatureTopology.STATE_STORE).get(SHIPMENT);
        return clocked == null ? null : (TemperatureState) clocked.state();
    }

    static long minutes(final double minutes) {
        return T0.plusMillis((long) (minutes * 60_000)).toEpochMilli();
    }

    @Override
    public void close() {
        driver.close();
    }
}
