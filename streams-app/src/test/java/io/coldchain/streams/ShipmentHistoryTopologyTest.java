package io.coldchain.streams;

import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.ShipmentHistoryTopology;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.history.HistoryLimits;
import io.coldchain.rules.history.PointSeries;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.rules.history.ShipmentHistoryRule;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
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
    private KeyValueStore<PointKey, ShipmentHistory.Position> track;
    private KeyValueStore<PointKey, ShipmentHistory.Reading> temperatures;

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
        track = driver.getKeyValueStore(ShipmentHistoryTopology.TRACK_STORE);
        temperatures = driver.getKeyValueStore(ShipmentHistoryTopology.READINGS_STORE);
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
        assertThat(StoredPointSeries.read(temperatures, "SHP-1")).hasSize(13);
        assertThat(StoredPointSeries.read(track, "SHP-1")).hasSize(13);
        assertThat(history.readings).as("the points are kept apart from the history value").isEmpty();
        assertThat(history.track).isEmpty();
        assertThat(history.trackKept.count).isEqualTo(13);
        assertThat(history.trackKept.latest).isEqualTo(T0.plus(Duration.ofMinutes(60)).toEpochMilli());
        assertThat(history.maxCelsius).as("the extreme between two kept points").isEqualTo(9.5);
        assertThat(history.lastPosition.at).isEqualTo(T0.plus(Duration.ofMinutes(60)).toEpochMilli());
        assertThat(history.productName).isEqualTo("Vaccine X");
        assertThat(history.planStatus).isEqualTo("IN_TRANSIT");
    }

    /**
     * {@code --state-cache-shipments} sizes the histories' cache too: with a fleet larger than it, reporting in turn,
     * every fix reads its history back from the store; with one the fleet's size, each history is read once.
     */
    @Test
    void shouldReadEachHistoryFromTheStoreOnceWhenTheCacheHoldsTheFleet() {
        final int fleet = 30;
        assertThat(historyMissesForAFleetInTurn(fleet, 20, "smaller")).isEqualTo(3.0 * fleet);
        assertThat(historyMissesForAFleetInTurn(fleet, fleet, "fleet-sized")).isEqualTo(fleet);
    }

    private double historyMissesForAFleetInTurn(final int fleet, final int cached, final String dir) {
        final Properties props = ColdchainTopologyTest.config(stateDir.resolve(dir), topics);
        props.put(StateCache.SHIPMENTS_CONFIG, Integer.toString(cached));
        try (TopologyTestDriver own = new TopologyTestDriver(ColdchainTopology.build(props, topics,
                DetectionSettings.defaults()), props, T0.plus(Duration.ofDays(30)))) {
            final TestInputTopic<String, LocationFix> input = own.createInputTopic(topics.locationFixes().name(),
                    topics.locationFixes().keySerde().serializer(), topics.locationFixes().valueSerde().serializer());
            for (int round = 0; round < 3; round++) {
                final Instant at = T0.plus(Duration.ofMinutes(round));
                for (int i = 0; i < fleet; i++) {
                    final String id = "SHP-" + i;
                    input.pipeInput(id, Contracts.toWire(RouteFixtures.fix(id, at.toEpochMilli(), 47.56, 7.59, 5.0)), at);
                }
            }
            assertThat(own.<String, ShipmentHistory>getKeyValueStore(ShipmentHistoryTopology.STORE).get("SHP-0")
                    .lastPosition.at).as("the fixes were recorded").isEqualTo(T0.plus(Duration.ofMinutes(2)).toEpochMilli());
            return own.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals(TaskSensors.STATE_CACHE_GROUP))
                    .filter(e -> e.getKey().name().equals(TaskSensors.STATE_CACHE_READS + "-total"))
                    .filter(e -> ShipmentHistoryTopology.STORE.equals(e.getKey().tags().get("store")))
                    .filter(e -> "miss".equals(e.getKey().tags().get("outcome")))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .sum();
        }
    }

    @Test
    void shouldBoundTheHistoryToTwoDaysOfPoints() {
        final long step = Duration.ofMinutes(5).toMillis();
        for (int i = 0; i < HistoryLimits.DEFAULTS.maxReadings() + 10; i++) {
            final Instant at = T0.plusMillis(i * step);
            readings.pipeInput("SHP-2", Plans.reading("SHP-2", Duration.ofMillis(i * step), 5.0), at);
        }
        final List<ShipmentHistory.Reading> kept = StoredPointSeries.read(temperatures, "SHP-2");
        assertThat(kept).hasSize(HistoryLimits.DEFAULTS.maxReadings());
        assertThat(kept.get(0).at).isEqualTo(T0.plusMillis(10 * step).toEpochMilli());
        assertThat(store.get("SHP-2").readingsKept.count).isEqualTo(HistoryLimits.DEFAULTS.maxReadings());
    }

    @Test
    void shouldStoreThePointsTheRuleKeepsOverAListWhateverTheArrivalOrder() {
        // Readings every 2 minutes for 4 days (more than the 576 points kept, so the earliest are dropped), shuffled in
        // blocks of 40 minutes, as a logger's uploads and a network's retries deliver them; the stored series must hold
        // exactly the points the rule keeps when its series is a plain list.
        final List<Integer> minutes = new ArrayList<>();
        for (int minute = 0; minute < 4 * 24 * 60; minute += 2) {
            minutes.add(minute);
        }
        final Random random = new Random(11);
        for (int from = 0; from < minutes.size(); from += 20) {
            Collections.shuffle(minutes.subList(from, Math.min(from + 20, minutes.size())), random);
        }
        final ShipmentHistoryRule rule = new ShipmentHistoryRule(HistoryLimits.DEFAULTS);
        final ShipmentHistory expected = new ShipmentHistory();
        for (final int minute : minutes) {
            final TemperatureReading reading = Plans.reading("SHP-5", Duration.ofMinutes(minute), 5.0 + minute % 7);
            readings.pipeInput("SHP-5", reading, T0.plus(Duration.ofMinutes(minute)));
            rule.onReading(expected, Contracts.toDomain(reading), PointSeries.of(expected.readings, r -> r.at));
        }

        final List<ShipmentHistory.Reading> stored = StoredPointSeries.read(temperatures, "SHP-5");
        assertThat(expected.readings).as("the bound was reached").hasSize(HistoryLimits.DEFAULTS.maxReadings());
        assertThat(stored).extracting(r -> r.at).containsExactlyElementsOf(expected.readings.stream().map(r -> r.at).toList());
        assertThat(stored).extracting(r -> r.celsius)
                .containsExactlyElementsOf(expected.readings.stream().map(r -> r.celsius).toList());
        assertThat(store.get("SHP-5").readingsKept.latest).isEqualTo(expected.readings.get(expected.readings.size() - 1).at);
    }

    @Test
    void shouldMoveThePointsOfAHistoryAnEarlierReleaseWroteIntoTheirStores() {
        final ShipmentHistory earlier = new ShipmentHistory();
        for (int minute = 0; minute <= 20; minute += 5) {
            final long at = T0.plus(Duration.ofMinutes(minute)).toEpochMilli();
            earlier.track.add(new ShipmentHistory.Position(at, 47.5, 7.6));
            earlier.readings.add(new ShipmentHistory.Reading(at, 4.0));
        }
        earlier.lastActivity = T0.plus(Duration.ofMinutes(20)).toEpochMilli();
        store.put("SHP-6", earlier);

        readings.pipeInput("SHP-6", Plans.reading("SHP-6", Duration.ofMinutes(27), 6.0), T0.plus(Duration.ofMinutes(27)));

        final ShipmentHistory moved = store.get("SHP-6");
        assertThat(moved.track).isEmpty();
        assertThat(moved.readings).isEmpty();
        assertThat(StoredPointSeries.read(track, "SHP-6")).extracting(p -> (p.at - T0.toEpochMilli()) / 60_000)
                .containsExactly(0L, 5L, 10L, 15L, 20L);
        assertThat(StoredPointSeries.read(temperatures, "SHP-6")).extracting(r -> (r.at - T0.toEpochMilli()) / 60_000)
                .containsExactly(0L, 5L, 10L, 15L, 20L, 27L);
        assertThat(moved.trackKept.count).isEqualTo(5);
        assertThat(moved.readingsKept.count).isEqualTo(6);
    }

    @Test
    void shouldReleaseAShipmentQuietForTheRetentionPeriod() {
        readings.pipeInput("SHP-3", Plans.reading("SHP-3", Duration.ZERO, 5.0), T0);
        final Instant later = T0.plus(HistoryLimits.DEFAULTS.retention()).plus(Duration.ofHours(2));
        readings.pipeInput("SHP-4", Plans.reading("SHP-4", Duration.between(T0, later), 5.0), later);

        assertThat(store.get("SHP-3")).isNull();
        assertThat(StoredPointSeries.read(temperatures, "SHP-3")).as("its points go with it").isEmpty();
        assertThat(store.get("SHP-4")).isNotNull();
        assertThat(StoredPointSeries.read(temperatures, "SHP-4")).hasSize(1);
    }
}
