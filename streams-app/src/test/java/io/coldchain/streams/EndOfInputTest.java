package io.coldchain.streams;

import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import io.coldchain.streams.topology.SerialTopology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("At the end of a bounded run's input, what waits for wall-clock quiet is handed over at once")
class EndOfInputTest {

    private static final TopicCatalogue TOPICS = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDirA;

    @TempDir
    Path stateDirB;

    /** A shipment whose last readings, warm, are within the grace period of its newest: they wait in the buffer. */
    private static List<SpecificRecord> warmEnding() {
        final List<SpecificRecord> records = new ArrayList<>();
        records.add(GoodStream.plan(GoodStream.WARM, 0, GoodStream.serial(GoodStream.WARM, 1)));
        for (int minute = 0; minute <= 60; minute += 5) {
            records.add(GoodStream.reading(GoodStream.WARM, GoodStream.at(Duration.ofMinutes(minute)), 5.0));
        }
        records.add(GoodStream.reading(GoodStream.WARM, GoodStream.at(Duration.ofMinutes(63)), 12.0));
        records.add(GoodStream.reading(GoodStream.WARM, GoodStream.at(Duration.ofMinutes(66)), 12.0));
        return records;
    }

    @Test
    void shouldReleaseTheReorderBufferAtOnceWithTheAlertsTheQuietReleaseGives() {
        final EndOfInput endOfInput = EndOfInput.create();
        try (Driver quietRelease = new Driver(stateDirA, null); Driver flushed = new Driver(stateDirB, endOfInput)) {
            quietRelease.pipe(warmEnding());
            flushed.pipe(warmEnding());
            quietRelease.advance(Duration.ofSeconds(2));
            flushed.advance(Duration.ofSeconds(2));
            assertThat(flushed.entries(TemperatureTopology.BUFFER_STORE)).as("readings waiting for the wall clock")
                    .isNotEmpty();
            assertThat(flushed.alerts()).as("before the end of input").isEmpty();
            quietRelease.alerts();

            endOfInput.signal();
            flushed.advance(Duration.ofSeconds(2));
            final List<Alert> atOnce = flushed.alerts();
            assertThat(flushed.entries(TemperatureTopology.BUFFER_STORE)).as("buffer after the flush").isEmpty();

            quietRelease.advance(Duration.ofMinutes(6));
            final List<Alert> afterQuiet = quietRelease.alerts();
            assertThat(afterQuiet).as("alerts of the wall-clock hand-over").isNotEmpty();
            assertThat(atOnce).as("the same alerts, without the wait").isEqualTo(afterQuiet);
        }
    }

    @Test
    void shouldApplyTheSerialChecksAtOnceAndTellWhenEveryProcessorHasFlushed() {
        final EndOfInput endOfInput = EndOfInput.create();
        try (Driver flushed = new Driver(stateDirB, endOfInput)) {
            flushed.pipe(GoodStream.records());
            flushed.advance(Duration.ofSeconds(1));
            assertThat(flushed.alerts()).extracting(Alert::getType).doesNotContain(AlertType.DUPLICATE_SERIAL);
            assertThat(endOfInput.allFlushed()).isFalse();

            endOfInput.signal();
            flushed.advance(Duration.ofSeconds(2));
            assertThat(flushed.alerts()).as("serial findings, before the serial checks' settle time")
                    .extracting(Alert::getType).contains(AlertType.DUPLICATE_SERIAL);
            flushed.advance(Duration.ofSeconds(SerialTopology.HELD_CHECK_WALL_SECONDS));
            assertThat(endOfInput.participants()).isPositive();
            assertThat(endOfInput.allFlushed()).as("every processor flushed").isTrue();
        }
        assertThat(endOfInput.participants()).as("processors leave when closed").isZero();
    }

    @Test
    void shouldNotCallTheFlushOverWhileATaskClosedBeforeFlushingIsBeingRecreated() {
        final EndOfInput endOfInput = EndOfInput.create();
        final EndOfInput.Participant flushedTask = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_0/detect");
        final EndOfInput.Participant fenced = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_1/detect");
        endOfInput.signal();
        flushedTask.flushed();

        // A fenced thread closes both tasks; only 0_1 had not flushed: what it held is restored into its next processors.
        flushedTask.leave();
        fenced.leave();
        assertThat(endOfInput.allFlushed()).as("between the close and the re-creation").isFalse();

        final EndOfInput.Participant flushedAgain = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_0/detect");
        flushedAgain.flushed();
        assertThat(endOfInput.allFlushed()).as("another task re-created and flushed first").isFalse();

        final EndOfInput.Participant recreated = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_1/detect");
        assertThat(endOfInput.allFlushed()).as("re-created, not flushed yet").isFalse();
        recreated.flushed();
        assertThat(endOfInput.allFlushed()).isTrue();

        flushedAgain.leave();
        recreated.leave();
        assertThat(endOfInput.allFlushed()).as("closed after flushing: until re-created, what it wrote may be aborted")
                .isFalse();
    }

    @Test
    void shouldWaitForATaskThatFlushedAndWasThenClosedToFlushAgain() {
        final EndOfInput endOfInput = EndOfInput.create();
        final EndOfInput.Participant other = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_0/detect");
        final EndOfInput.Participant revived = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_1/detect");
        endOfInput.signal();
        other.flushed();
        revived.flushed();
        assertThat(endOfInput.allFlushed()).isTrue();

        // Its transaction aborts (a commit that timed out): the task is closed dirty, what the flush wrote is gone with
        // the transaction, and its stores are restored to hold it again.
        revived.leave();
        assertThat(endOfInput.allFlushed()).as("between the close and the revival").isFalse();
        final EndOfInput.Participant again = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_1/detect");
        assertThat(endOfInput.allFlushed()).as("revived, not flushed yet").isFalse();
        again.flushed();
        assertThat(endOfInput.allFlushed()).isTrue();
    }

    @Test
    void shouldNotWaitForAProcessorWhoseReplacementJoinedBeforeItLeft() {
        final EndOfInput endOfInput = EndOfInput.create();
        final EndOfInput.Participant old = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_1/detect");
        endOfInput.signal();
        final EndOfInput.Participant replacement = endOfInput.join(EndOfInput.Stage.DETECTORS, "0_1/detect");
        old.leave();
        replacement.flushed();

        assertThat(endOfInput.allFlushed()).isTrue();
    }

    @Test
    void shouldNeverEndTheInputOfALiveApplication() {
        assertThatThrownBy(EndOfInput.NEVER::signal).isInstanceOf(IllegalStateException.class);
        assertThat(EndOfInput.NEVER.reached()).isFalse();
    }

    /** The production topology on a driver whose wall clock stands until {@link #advance}. */
    private static final class Driver implements AutoCloseable {
        private final TopologyTestDriver driver;
        private final TestOutputTopic<String, Alert> alerts;

        Driver(final Path stateDir, final EndOfInput endOfInput) {
            final Properties props = ColdchainTopologyTest.config(stateDir, TOPICS);
            if (endOfInput != null) {
                props.put(EndOfInput.CONFIG, endOfInput);
            }
            driver = new TopologyTestDriver(ColdchainTopology.build(props, TOPICS, DriverSettings.detection()), props,
                    WholeTopology.WALL_CLOCK);
            alerts = driver.createOutputTopic(TOPICS.alerts().name(), Serdes.String().deserializer(),
                    TOPICS.alerts().valueSerde().deserializer());
        }

        void pipe(final List<SpecificRecord> records) {
            for (final SpecificRecord record : records) {
                final String key = GoodStream.shipmentOf(record);
                final long time = GoodStream.timeOf(record);
                if (record instanceof ShipmentPlan plan) {
                    driver.createInputTopic(TOPICS.shipmentPlans().name(), Serdes.String().serializer(),
                            TOPICS.shipmentPlans().valueSerde().serializer()).pipeInput(key, plan, time);
                } else if (record instanceof TemperatureReading reading) {
                    driver.createInputTopic(TOPICS.temperatureReadings().name(), Serdes.String().serializer(),
                            TOPICS.temperatureReadings().valueSerde().serializer()).pipeInput(key, reading, time);
                } else if (record instanceof LocationFix fix) {
                    driver.createInputTopic(TOPICS.locationFixes().name(), Serdes.String().serializer(),
                            TOPICS.locationFixes().valueSerde().serializer()).pipeInput(key, fix, time);
                } else {
                    driver.createInputTopic(TOPICS.custodyEvents().name(), Serdes.String().serializer(),
                            TOPICS.custodyEvents().valueSerde().serializer()).pipeInput(key, (CustodyEvent) record, time);
                }
            }
        }

        /** The wall clock moves on in steps of one second, so every punctuation runs as it would. */
        void advance(final Duration duration) {
            for (long s = 0; s < duration.toSeconds(); s++) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
        }

        List<Alert> alerts() {
            return alerts.readValuesToList();
        }

        List<Object> entries(final String store) {
            final KeyValueStore<Object, Object> kv = driver.getKeyValueStore(store);
            final List<Object> all = new ArrayList<>();
            try (KeyValueIterator<Object, Object> it = kv.all()) {
                it.forEachRemaining(all::add);
            }
            return all;
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
