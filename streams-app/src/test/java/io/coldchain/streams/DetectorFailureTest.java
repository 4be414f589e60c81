package io.coldchain.streams;

import static io.coldchain.streams.GoodStream.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.topology.TemperatureTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing event never takes another with it: with a temperature detector that throws on one chosen reading (or on
 * the time checks of one shipment), every other event of every shipment is judged as in a run without the fault, and
 * the application goes on.
 */
@DisplayName("A detector failure stays with its own event")
class DetectorFailureTest {

    private static final int SHIPMENTS = 8;
    private static final String FAULTY = shipment(3);
    /** A single reading at 16 °C: on its own, it opens the band and the 15 °C instant rule. */
    private static final long FAULTY_TIME = readingTime(3, 150);
    private static final Duration QUIET = Duration.ofMinutes(10);
    /** Wall clock of the live runs: the first plan is issued now. */
    private static final Instant LIVE = Instant.ofEpochMilli(at(Duration.ofHours(-2)));

    @TempDir
    Path stateDir;

    @Test
    void shouldSetAsideOnlyTheReadingTheDetectorFailedOnAndJudgeEveryOtherAsWithoutTheFault() {
        final List<SpecificRecord> stream = interleavedShipments();
        final SpecificRecord faulty = stream.stream().filter(r -> r instanceof TemperatureReading reading
                && reading.getShipmentId().equals(FAULTY) && reading.getEventTime() == FAULTY_TIME)
                .findFirst().orElseThrow();
        final List<SpecificRecord> withoutIt = stream.stream().filter(r -> r != faulty).toList();

        final Map<String, List<Alert>> clean = alertsPerShipment(run("clean", DriverSettings.detection(), stream));
        final Map<String, List<Alert>> cleanWithoutIt = alertsPerShipment(run("without",
                DriverSettings.detection(), withoutIt));
        assertThat(clean.get(FAULTY)).as("the chosen reading matters: it alone trips the 15 °C rule")
                .isNotEqualTo(cleanWithoutIt.get(FAULTY))
                .anySatisfy(a -> assertThat(a.getRuleId()).isEqualTo("refrigerated-15c-instant"));

        final FailingDetectors fault = FailingDetectors.onReading(FAULTY, FAULTY_TIME);
        try (WholeTopology app = new WholeTopology(stateDir.resolve("faulty"),
                DriverSettings.detection().withDetectors(fault))) {
            app.pipe(stream).settle(QUIET);

            assertThat(fault.thrown()).as("the fault fired, once").isEqualTo(1);
            final List<TestRecord<String, byte[]>> late = app.lateData();
            assertThat(late).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo(FAULTY);
                assertThat(record.value()).as("the reading's own bytes").isEqualTo(app.topics.temperatureReadings()
                        .valueSerde().serializer().serialize(app.topics.temperatureReadings().name(),
                                (TemperatureReading) faulty));
                assertThat(record.timestamp()).isEqualTo(FAULTY_TIME);
                assertThat(header(record, ReorderingDetectorProcessor.LATE_REASON_HEADER))
                        .startsWith("the detector failed on this temperature reading: java.lang.IllegalStateException: "
                                + FailingDetectors.FAULT);
            });
            assertThat(setAside(app, "detector-error")).isEqualTo(1.0);
            assertThat(setAside(app, "late") + setAside(app, "no-plan")).isZero();

            final Map<String, List<Alert>> faultyRun = alertsPerShipment(app.alerts());
            for (int i = 1; i <= SHIPMENTS; i++) {
                final String shipment = shipment(i);
                assertThat(faultyRun.get(shipment)).as(shipment).isEqualTo(
                        shipment.equals(FAULTY) ? cleanWithoutIt.get(shipment) : clean.get(shipment));
            }
            assertThat(faultyRun.get(FAULTY)).as("the alerts that do not depend on the reading")
                    .extracting(Alert::getType).contains(AlertType.TEMPERATURE_EXCURSION);

            assertThat(app.entries(TemperatureTopology.BUFFER_STORE)).as("nothing stuck in the buffer").isEmpty();
            final Map<String, Long> lastReading = stream.stream().filter(TemperatureReading.class::isInstance)
                    .map(TemperatureReading.class::cast).collect(Collectors.toMap(TemperatureReading::getShipmentId,
                            TemperatureReading::getEventTime, Math::max));
            final List<KeyValue<String, ClockedState<TemperatureState>>> clocked = app.entries(TemperatureTopology.STATE_STORE);
            assertThat(clocked).as("every shipment judged up to its last reading").hasSize(SHIPMENTS)
                    .allSatisfy(kv -> assertThat(kv.value.clock().handledUpTo()).as(kv.key)
                            .isEqualTo(lastReading.get(kv.key)));
            assertThat(app.deadLetters()).as("nothing failed beyond the detector").isEmpty();
        }
    }

    @Test
    void shouldJudgeTimePassingForEveryOtherShipmentWhenOneShipmentsTimeCheckFails() {
        // Live, so silence is found by the time checks while the loggers of shipments 1 and 7 are off.
        final List<SpecificRecord> stream = interleavedShipments();
        final long loggersOff = readingTime(1, 200);
        final List<SpecificRecord> untilOff = stream.stream().filter(r -> GoodStream.timeOf(r) < loggersOff).toList();
        final List<SpecificRecord> rest = stream.stream().filter(r -> GoodStream.timeOf(r) >= loggersOff).toList();
        final Map<String, List<Alert>> cleanWhileOff;
        final Map<String, List<Alert>> clean;
        try (WholeTopology app = new WholeTopology(stateDir.resolve("clean"), DriverSettings.detection(), LIVE)) {
            final List<Alert> first = app.pipeLive(untilOff).alerts();
            cleanWhileOff = alertsPerShipment(first);
            clean = alertsPerShipment(concat(first, app.pipeLive(rest).settle(QUIET).alerts()));
        }
        assertThat(cleanWhileOff.get(shipment(7))).as("silence, found by a time check while the logger is off")
                .anySatisfy(a -> assertThat(a.getType()).isEqualTo(AlertType.SENSOR_SILENT));

        // The first shipment in key order, with no reading buffered while its logger is off: it is checked first.
        final String failing = shipment(1);
        final FailingDetectors fault = FailingDetectors.onTimeChecksOf(failing);
        try (WholeTopology app = new WholeTopology(stateDir.resolve("faulty"),
                DriverSettings.detection().withDetectors(fault), LIVE)) {
            final Map<String, List<Alert>> whileOff = alertsPerShipment(app.pipeLive(untilOff).alerts());
            final Map<String, List<Alert>> after = alertsPerShipment(app.pipeLive(rest).settle(QUIET).alerts());

            assertThat(fault.thrown()).as("the fault fired, at every check").isGreaterThan(10);
            assertThat(app.metric(ReorderingDetectorProcessor.METRICS_GROUP,
                    ReorderingDetectorProcessor.FAILED_TIME_CHECKS + "-total", "detector-error"))
                    .isEqualTo(fault.thrown());
            for (int i = 2; i <= SHIPMENTS; i++) {
                assertThat(whileOff.get(shipment(i))).as("%s, on time", shipment(i))
                        .isEqualTo(cleanWhileOff.get(shipment(i)));
                assertThat(concat(whileOff.get(shipment(i)), after.get(shipment(i)))).as(shipment(i))
                        .isEqualTo(clean.get(shipment(i)));
            }
            assertThat(concat(whileOff.get(failing), after.get(failing)))
                    .as("its readings are judged; only time passing is not")
                    .filteredOn(a -> a.getType() != AlertType.SENSOR_SILENT)
                    .isEqualTo(clean.get(failing).stream().filter(a -> a.getType() != AlertType.SENSOR_SILENT).toList());
            assertThat(app.lateData()).isEmpty();
            assertThat(app.deadLetters()).as("a failing time check is not a bad record").isEmpty();
            assertThat(app.entries(TemperatureTopology.BUFFER_STORE)).isEmpty();
        }
    }

    private List<Alert> run(final String name, final DetectionSettings settings, final List<SpecificRecord> records) {
        try (WholeTopology app = new WholeTopology(stateDir.resolve(name), settings)) {
            app.pipe(records).settle(QUIET);
            assertThat(app.lateData()).as(name).isEmpty();
            return app.alerts();
        }
    }

    /**
     * {@value #SHIPMENTS} shipments, readings every 5 min for 4 h, their clocks a minute apart, all interleaved by event
     * time: 1 and 3 are an hour at 12 °C, 3 reads 16 °C once at {@link #FAULTY_TIME}, 5 is warm, 6 reads freezing
     * once; the loggers of 1 and 7 are off from 100 and 60 min until the delivery at 4 h.
     */
    private static List<SpecificRecord> interleavedShipments() {
        final List<SpecificRecord> records = new ArrayList<>();
        for (int i = 1; i <= SHIPMENTS; i++) {
            final String id = shipment(i);
            records.add(GoodStream.plan(id, i, GoodStream.serial(id, 1)));
            records.add(GoodStream.shipping(id));
            records.add(GoodStream.receiving(id, readingTime(i, 240)));
            for (int minute = 0; minute <= 245; minute += 5) {
                final boolean off = i == 1 && minute > 100 || i == 7 && minute > 60;
                if (!off || minute >= 240) {
                    records.add(GoodStream.reading(id, readingTime(i, minute), celsius(i, minute)));
                }
            }
        }
        records.sort(Comparator.comparingLong(GoodStream::timeOf));
        return records;
    }

    /** Shipment {@code i}'s logger reports at {@code i} minutes past each 5-minute mark. */
    private static long readingTime(final int i, final int minute) {
        return at(Duration.ofMinutes(minute + i));
    }

    private static double celsius(final int shipment, final int minute) {
        if (shipment == 3 && minute == 150) {
            return 16.0;
        }
        if ((shipment == 1 || shipment == 3) && minute >= 30 && minute < 90) {
            return 12.0;
        }
        if (shipment == 5 && minute >= 120 && minute < 150) {
            return 9.0;
        }
        return shipment == 6 && minute == 100 ? 0.0 : 5.0;
    }

    private static String shipment(final int i) {
        return "SHP-F" + i;
    }

    private static List<Alert> concat(final List<Alert> first, final List<Alert> then) {
        final List<Alert> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    private static Map<String, List<Alert>> alertsPerShipment(final List<Alert> alerts) {
        final Map<String, List<Alert>> perShipment = new TreeMap<>(alerts.stream()
                .collect(Collectors.groupingBy(Alert::getShipmentId)));
        for (int i = 1; i <= SHIPMENTS; i++) {
            perShipment.putIfAbsent(shipment(i), List.of());
        }
        return perShipment;
    }

    private static double setAside(final WholeTopology app, final String reason) {
        return app.metric(ReorderingDetectorProcessor.METRICS_GROUP, ReorderingDetectorProcessor.SET_ASIDE_RECORDS
                + "-total", reason);
    }

    private static String header(final TestRecord<String, byte[]> record, final String key) {
        final Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
