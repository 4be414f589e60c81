package io.coldchain.streams;

import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.ShipmentHistoryTopology;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.history.HistoryLimits;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.contract.Contracts;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The shipment history kept for the query API's charts: downsampled, bounded, released when quiet")
class ShipmentHistoryTopologyTest {

    private static final Instant T0 = Plans.DEPARTURE;
    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ShipmentPlan> plans;
    private TestInputTopic<String, TemperatureReading> readings;
    private TestInputTopic<String, LocationFix> fixes;
    private KeyValueStore<String, ShipmentHistory> store;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(ColdchainTopology.build(ColdchainTopologyTest.config(stateDir, topics), topics,
                DetectionSettings.defaults()), T0.plus(Duration.ofDays(30))); // a backfill: every event in the past
        plans = driver.createInputTopic(topics.shipmentPlans().name(), topics.shipmentPlans().keySerde().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        readings = driver.createInputTopic(topics.temperatureReadings().name(),
                topics.temperatureReadings().keySerde().serializer(), topics.temperatureReadings().valueSerde().serializer());
        fixes = driver.createInputTopic(topics.locationFixes().name(), topics.locationFixes().keySerde().serializer(),
                topics.locationFixes().valueSerde().serializer());
        store = driver.getKeyValueStore(ShipmentHistoryTopology.STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldKeepOneReadingAndOnePositionPerFiveMinutesWithTheLatestApart() {
        plans.pipeInput("SHP-1", Plans.baselToFrankfurt("SHP-1").setIssuedAt(T0.toEpochMilli()).build(), T0);
        for (int minute = 0; minute <= 60; minute++) {
            final Instant at = T0.plus(Duration.ofMinutes(minute));
            readings.pipeInput("SHP-1", Plans.reading("SHP-1", Duration.ofMinutes(minute), minute == 31 ? 9.5 : 5.0), at);
            fixes.pipeInput("SHP-1", Contracts.toWire(RouteFixtures.fix("SHP-1", at.toEpochMilli(), 47.56 + minute * 0.001, 7.59,
                    5.0)), at);
        }

        final ShipmentHistory history = store.get("SHP-1");
        assertThat(history.readings).hasSize(13);
        assertThat(history.track).hasSize(13);
        assertThat(history.maxCelsius).as("the extreme between two kept points").isEqualTo(9.5);
        assertThat(history.lastPosition.at).isEqualTo(T0.plus(Duration.ofMinutes(60)).toEpochMilli());
        assertThat(history.productName).isEqualTo("Vaccine X");
        assertThat(history.planStatus).isEqualTo("IN_TRANSIT");
    }

    @Test
    void shouldBoundTheHistoryToTwoDaysOfPoints() {
        final long step = Duration.ofMinutes(5).toMillis();
        for (int i = 0; i < HistoryLimits.DEFAULTS.maxReadings() + 10; i++) {
            final Instant at = T0.plusMillis(i * step);
            readings.pipeInput("SHP-2", Plans.reading("SHP-2", Duration.ofMillis(i * step), 5.0), at);
        }
        final ShipmentHistory history = store.get("SHP-2");
        assertThat(history.readings).hasSize(HistoryLimits.DEFAULTS.maxReadings());
        assertThat(history.readings.get(0).at).isEqualTo(T0.plusMillis(10 * step).toEpochMilli());
    }

    @Test
    void shouldReleaseAShipmentQuietForTheRetentionPeriod() {
        readings.pipeInput("SHP-3", Plans.reading("SHP-3", Duration.ZERO, 5.0), T0);
        final Instant later = T0.plus(HistoryLimits.DEFAULTS.retention()).plus(Duration.ofHours(2));
        readings.pipeInput("SHP-4", Plans.reading("SHP-4", Duration.between(T0, later), 5.0), later);

        assertThat(store.get("SHP-3")).isNull();
        assertThat(store.get("SHP-4")).isNotNull();
    }
}
