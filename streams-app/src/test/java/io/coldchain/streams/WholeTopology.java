package io.coldchain.streams;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology ({@link ColdchainTopology}) on a TopologyTestDriver, fed with any input record by its
 * shipment id and event time: as a replay ({@link #pipe}, the wall clock stands until {@link #settle}) or live
 * ({@link #pipeLive}, the wall clock moves to each record's time before it arrives).
 */
final class WholeTopology implements AutoCloseable {

    /** A month after the fixtures' departure: their data is history. */
    static final Instant WALL_CLOCK = Instant.parse("2026-12-01T00:00:00Z");

    final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());
    final TopologyTestDriver driver;
    private final TestInputTopic<String, ShipmentPlan> plans;
    private final TestInputTopic<String, TemperatureReading> readings;
    private final TestInputTopic<String, LocationFix> fixes;
    private final TestInputTopic<String, CustodyEvent> custody;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, byte[]> lateData;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private Instant wallClock;

    /** A replay: the wall clock starts at {@link #WALL_CLOCK}. */
    WholeTopology(final Path stateDir, final DetectionSettings settings) {
        this(stateDir, settings, WALL_CLOCK);
    }

    WholeTopology(final Path stateDir, final DetectionSettings settings, final Instant wallClock) {
        final Properties props = ColdchainTopologyTest.config(stateDir, topics);
        this.wallClock = wallClock;
        driver = new TopologyTestDriver(ColdchainTopology.build(props, topics, settings), props, wallClock);
        plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        readings = driver.createInputTopic(topics.temperatureReadings().name(), Serdes.String().serializer(),
                topics.temperatureReadings().valueSerde().serializer());
        fixes = driver.createInputTopic(topics.locationFixes().name(), Serdes.String().serializer(),
                topics.locationFixes().valueSerde().serializer());
        custody = driver.createInputTopic(topics.custodyEvents().name(), Serdes.String().serializer(),
                topics.custodyEvents().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        lateData = driver.createOutputTopic(topics.lateData().name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** Pipes each record keyed by its shipment, timestamped with its event time. */
    WholeTopology pipe(final List<? extends SpecificRecord> records) {
        records.forEach(this::pipe);
        return this;
    }

    WholeTopology pipe(final SpecificRecord record) {
        final String key = GoodStream.shipmentOf(record);
        final long time = GoodStream.timeOf(record);
        if (record instanceof ShipmentPlan plan) {
            plans.pipeInput(key, plan, time);
        } else if (record instanceof TemperatureReading reading) {
            readings.pipeInput(key, reading, time);
        } else if (record instanceof LocationFix fix) {
            fixes.pipeInput(key, fix, time);
        } else {
            custody.pipeInput(key, (CustodyEvent) record, time);
        }
        return this;
    }

    /** Each record as it happens: the wall clock moves on to its event time (in 10 s steps) before it is piped. */
    WholeTopology pipeLive(final List<? extends SpecificRecord> records) {
        for (final SpecificRecord record : records) {
            final Instant time = Instant.ofEpochMilli(GoodStream.timeOf(record));
            if (time.isAfter(wallClock)) {
                settle(Duration.between(wallClock, time));
            }
            pipe(record);
        }
        return this;
    }

    /** The wall clock moves on for {@code duration} in steps of 10 s at most: punctuations run as they would. */
    WholeTopology settle(final Duration duration) {
        Duration left = duration;
        while (!left.isZero() && !left.isNegative()) {
            final Duration step = left.compareTo(Duration.ofSeconds(10)) < 0 ? left : Duration.ofSeconds(10);
            driver.advanceWallClockTime(step);
            wallClock = wallClock.plus(step);
            left = left.minus(step);
        }
        return this;
    }

    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<TestRecord<String, byte[]>> lateData() {
        return lateData.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** The entries of a key-value store. */
    <K, V> List<KeyValue<K, V>> entries(final String store) {
        final KeyValueStore<K, V> kv = driver.getKeyValueStore(store);
        final List<KeyValue<K, V>> all = new ArrayList<>();
        try (KeyValueIterator<K, V> it = kv.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** The sum over tasks of a counter of {@code group} with tag {@code reason}. */
    double metric(final String group, final String name, final String reason) {
        return driver.metrics().values().stream()
                .filter(m -> m.metricName().group().equals(group) && m.metricName().name().equals(name)
                        && reason.equals(m.metricName().tags().get("reason")))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
