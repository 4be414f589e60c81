package io.coldchain.cli.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.StreamsSettings;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated fleet of the end-to-end test through the real topology on a TopologyTestDriver: every
 * incident and confounder type, scored. No broker, one record at a time in arrival order, so it shows
 * whether incidents and confounders are sized right for the detectors, in seconds.
 */
class FleetThroughTopologyTest {

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    @Test
    void shouldDetectEveryIncidentAndStaySilentOnEveryConfounder() {
        final SimulationSettings settings = Fleets.endToEnd(Instant.parse("2025-03-03T06:00:00Z"));
        final ScoreReport report = Scorecard.score(Simulation.labels(settings).toList(), run(settings),
                Duration.ofMinutes(30));
        System.out.println(ScoreTable.format(report, 50));

        assertThat(report.recall()).hasValue(1.0);
        assertThat(report.precision()).hasValue(1.0);
    }

    @Test
    void shouldScoreTheSameWhenTheFleetsHistoryIsBackfilledOneTypeAfterAnother() {
        final SimulationSettings settings = Fleets.endToEnd(Instant.parse("2025-03-03T06:00:00Z"));
        final List<SimEvent> history = new ArrayList<>();
        Simulation.iterator(settings).forEachRemaining(history::add);
        // As an integrator uploads exported history: all plans, then all readings, all fixes, all scans.
        history.sort(Comparator.comparing(SimEvent::kind, Comparator.comparingInt(List.of(SimEvent.Kind.SHIPMENT_PLAN,
                SimEvent.Kind.TEMPERATURE_READING, SimEvent.Kind.LOCATION_FIX, SimEvent.Kind.CUSTODY_EVENT)::indexOf)));

        // Uploaded the day after the last event happened.
        final Instant uploaded = Instant.ofEpochMilli(history.stream().mapToLong(SimEvent::eventTime).max().orElseThrow())
                .plus(Duration.ofDays(1));

        final ScoreReport report = Scorecard.score(Simulation.labels(settings).toList(),
                run(settings, history.iterator(), uploaded), Duration.ofMinutes(30));
        System.out.println(ScoreTable.format(report, 50));

        assertThat(report.recall()).hasValue(1.0);
        assertThat(report.precision().orElseThrow()).isGreaterThanOrEqualTo(0.99);
    }

    private List<ObservedAlert> run(final SimulationSettings settings) {
        return run(settings, Simulation.iterator(settings), settings.start());
    }

    private List<ObservedAlert> run(final SimulationSettings settings, final Iterator<SimEvent> events,
                                    final Instant wallClock) {
        final Properties props = StreamsSettings.builder().bootstrapServers("unused:9092")
                .applicationId("coldchain-fleet-test").stateDir(stateDir).httpPort(-1).build().toProperties();
        // As in the streams-app driver tests: no exactly-once, and no task idling, which the driver would honour
        // by holding records back until its wall clock moves; records arrive one at a time in arrival order.
        props.remove(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ColdchainTopology.build(props, topics, DetectionSettings.defaults()
                        // The driver's wall clock stands at the start while the fleet's days of events are piped.
                        .withEventTimes(EventTimeWindow.defaults().withMaxAhead(Duration.ofDays(36_500)))),
                props, wallClock)) {
            final TestInputTopic<String, ShipmentPlan> plans = input(driver, topics.shipmentPlans().name(),
                    topics.shipmentPlans().valueSerde().serializer());
            final TestInputTopic<String, TemperatureReading> readings = input(driver,
                    topics.temperatureReadings().name(), topics.temperatureReadings().valueSerde().serializer());
            final TestInputTopic<String, LocationFix> fixes = input(driver, topics.locationFixes().name(),
                    topics.locationFixes().valueSerde().serializer());
            final TestInputTopic<String, CustodyEvent> custody = input(driver, topics.custodyEvents().name(),
                    topics.custodyEvents().valueSerde().serializer());
            final TestOutputTopic<String, Alert> alerts = driver.createOutputTopic(topics.alerts().name(),
                    Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
            while (events.hasNext()) {
                final SimEvent event = events.next();
                final Instant time = Instant.ofEpochMilli(event.eventTime());
                switch (event.kind()) {
                    case SHIPMENT_PLAN -> plans.pipeInput(event.shipmentId(), (ShipmentPlan) event.record(), time);
                    case TEMPERATURE_READING ->
                            readings.pipeInput(event.shipmentId(), (TemperatureReading) event.record(), time);
                    case LOCATION_FIX -> fixes.pipeInput(event.shipmentId(), (LocationFix) event.record(), time);
                    case CUSTODY_EVENT -> custody.pipeInput(event.shipmentId(), (CustodyEvent) event.record(), time);
                }
            }
            // The quiet stream releases what the reorder buffers still hold, and judges what waited for plans.
            for (int minute = 0; minute < 7; minute++) {
                driver.advanceWallClockTime(Duration.ofMinutes(1));
            }
            return alerts.readValuesToList().stream().map(ObservedAlert::of).toList();
        }
    }

    private static <V> TestInputTopic<String, V> input(final TopologyTestDriver driver, final String topic,
                                                       final org.apache.kafka.common.serialization.Serializer<V> values) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), values);
    }
}
