package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.FixtureJsonLines.Line;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other-producers fixtures (src/test/resources/fixtures/other-producers, see its README.md) through the whole
 * topology: shipments published the way other integrators and operators publish them, written from the standards,
 * not from our simulator. Every file runs three times: in file order (arrival order, out of order within minutes),
 * in per-type backfill order (all plans, then all temperature, all location, all custody), and with its plans last.
 *
 * <p>Clean files must raise nothing. A positive file must raise, for every required entry of its
 * {@code .expected.json}, an OPEN alert of its own of that type (and shipment, and rule id prefix when given) whose
 * lastEvidenceTime lies in the entry's window, and no alert of a type (for a shipment) its file does not list.
 * Nothing may be set aside as late or dead-lettered.
 *
 * <p>The driver's wall clock starts at the file's latest event time, as if the last line had just arrived live,
 * and then runs on for 90 minutes in one-minute steps: the reorder buffers are released once the grace period
 * passes, and the silence rules see the loggers that were switched off after the consignee's receiving scan
 * stay silent for longer than any profile's maxSilence (REFERENCE.md: the receiving scan ends the shipment).
 */
class OtherProducersFixturesTest {

    private static final Duration QUIET_AFTER_LAST_LINE = Duration.ofMinutes(90);
    private static final Duration WALL_CLOCK_STEP = Duration.ofMinutes(1);
    private static final List<String> TYPE_ORDER = List.of("plan", "temperature", "location", "custody");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateRoot;

    @TestFactory
    Stream<DynamicTest> cleanShipmentsShouldRaiseNothing() {
        return files("clean").flatMap(file -> Stream.of(
                DynamicTest.dynamicTest(name(file) + " " + Order.FILE, () -> check(file, Order.FILE, List.of())),
                DynamicTest.dynamicTest(name(file) + " " + Order.PER_TYPE, () -> check(file, Order.PER_TYPE, List.of())),
                DynamicTest.dynamicTest(name(file) + " " + Order.PLANS_LAST, () -> check(file, Order.PLANS_LAST, List.of()))));
    }

    @TestFactory
    Stream<DynamicTest> positiveShipmentsShouldRaiseExactlyTheirExpectedAlerts() {
        return files("positive").flatMap(file -> {
            final List<Expected> expected = expectations(file);
            return Stream.of(
                    DynamicTest.dynamicTest(name(file) + " " + Order.FILE, () -> check(file, Order.FILE, expected)),
                    DynamicTest.dynamicTest(name(file) + " " + Order.PER_TYPE, () -> check(file, Order.PER_TYPE, expected)),
                    DynamicTest.dynamicTest(name(file) + " " + Order.PLANS_LAST, () -> check(file, Order.PLANS_LAST, expected)));
        });
    }

    private void check(final Path file, final Order order, final List<Expected> expected) throws IOException {
        final List<Line> lines = order(FixtureJsonLines.read(file), order);
        final Run run = run(lines, Files.createTempDirectory(stateRoot, "state"));
        final List<String> problems = new ArrayList<>();
        if (!run.late().isEmpty()) {
            problems.add(run.late().size() + " records set aside on the late-data topic, e.g. " + run.late().get(0));
        }
        if (run.deadLetters() > 0) {
            problems.add(run.deadLetters() + " records dead-lettered");
        }
        final List<Expected> required = expected.stream().filter(Expected::required).toList();
        if (!assignable(required, 0, run.alerts(), new boolean[run.alerts().size()])) {
            required.stream().filter(e -> run.alerts().stream().noneMatch(e::matches))
                    .forEach(e -> problems.add("missing: " + e));
            if (problems.stream().noneMatch(p -> p.startsWith("missing: "))) {
                problems.add("each required entry has a matching alert, but not each its own: " + required);
            }
        }
        for (final Alert alert : run.alerts()) {
            if (expected.stream().noneMatch(e -> e.admits(alert))) {
                problems.add("unexpected: " + describe(alert));
            }
        }
        final String report = name(file) + " " + order + ": "
                + run.alerts().size() + " alerts\n  " + run.alerts().stream().map(OtherProducersFixturesTest::describe)
                .collect(Collectors.joining("\n  "));
        System.out.println(report + (problems.isEmpty() ? "\n  PASS" : "\n  FAIL: " + String.join("; ", problems)));
        assertThat(problems).as(report).isEmpty();
    }

    /** Whether every required entry from {@code i} on can be matched by an alert of its own (small sets: backtrack). */
    private static boolean assignable(final List<Expected> required, final int i, final List<Alert> alerts,
                                      final boolean[] taken) {
        if (i == required.size()) {
            return true;
        }
        for (int a = 0; a < alerts.size(); a++) {
            if (!taken[a] && required.get(i).matches(alerts.get(a))) {
                taken[a] = true;
                if (assignable(required, i + 1, alerts, taken)) {
                    return true;
                }
                taken[a] = false;
            }
        }
        return false;
    }

    private Run run(final List<Line> lines, final Path stateDir) {
        final Properties props = ColdchainTopologyTest.config(stateDir, topics);
        final long lastEventTime = lines.stream().mapToLong(Line::time).max().orElseThrow();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ColdchainTopology.build(props, topics, DriverSettings.detection()), props,
                Instant.ofEpochMilli(lastEventTime))) {
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
            final TestOutputTopic<String, SpecificRecord> late = driver.createOutputTopic(topics.lateData().name(),
                    Serdes.String().deserializer(), topics.lateData().valueSerde().deserializer());
            final TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(topics.deadLetters().name(),
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
            for (final Line line : lines) {
                final Instant time = Instant.ofEpochMilli(line.time());
                switch (line.type()) {
                    case "plan" -> plans.pipeInput(line.shipmentId(), (ShipmentPlan) line.record(), time);
                    case "temperature" -> readings.pipeInput(line.shipmentId(), (TemperatureReading) line.record(), time);
                    case "location" -> fixes.pipeInput(line.shipmentId(), (LocationFix) line.record(), time);
                    case "custody" -> custody.pipeInput(line.shipmentId(), (CustodyEvent) line.record(), time);
                    default -> throw new IllegalStateException("line " + line.number() + ": " + line.type());
                }
            }
            for (Duration quiet = Duration.ZERO; quiet.compareTo(QUIET_AFTER_LAST_LINE) < 0;
                 quiet = quiet.plus(WALL_CLOCK_STEP)) {
                driver.advanceWallClockTime(WALL_CLOCK_STEP);
            }
            final List<String> lateRecords = late.readRecordsToList().stream()
                    .map(r -> r.key() + " " + r.value().getClass().getSimpleName() + "@" + r.timestamp() + " ("
                            + header(r, ReorderingDetectorProcessor.LATE_REASON_HEADER) + ")")
                    .toList();
            return new Run(alerts.readValuesToList(), lateRecords, dead.readRecordsToList().size());
        }
    }

    private static String header(final TestRecord<String, SpecificRecord> record, final String name) {
        final var h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private record Run(List<Alert> alerts, List<String> late, int deadLetters) {
    }

    /** How the lines are uploaded. */
    private enum Order {
        /** As the file has them (arrival order, out of order within minutes). */
        FILE("[file order]"),
        /** A backfill per type: all plans, then all temperature, location and custody lines. */
        PER_TYPE("[per-type backfill]"),
        /** Shipment by shipment, each one's plan after its own history (a planning system that uploads late). */
        PLANS_LAST("[per shipment, plan last]");

        private final String label;

        Order(final String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static List<Line> order(final List<Line> lines, final Order order) {
        return switch (order) {
            case FILE -> lines;
            case PER_TYPE -> lines.stream().sorted(Comparator.comparingInt((Line l) -> TYPE_ORDER.indexOf(l.type()))
                    .thenComparingInt(Line::number)).toList();
            case PLANS_LAST -> {
                // Shipment by shipment (in the order they first appear), each one's plan after its own history.
                final List<String> shipments = lines.stream().map(Line::shipmentId).distinct().toList();
                yield lines.stream().sorted(Comparator.comparingInt((Line l) -> shipments.indexOf(l.shipmentId()))
                        .thenComparing((Line l) -> "plan".equals(l.type())).thenComparingInt(Line::number)).toList();
            }
        };
    }

    private static <V> TestInputTopic<String, V> input(final TopologyTestDriver driver, final String topic,
                                                       final Serializer<V> values) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), values);
    }

    /**
     * One entry of a {@code .expected.json}: an OPEN alert of this type (for this shipment when given, with a rule
     * id starting with the prefix when given) whose lastEvidenceTime lies in [earliest, latest]. Optional entries
     * are admitted but not required.
     */
    record Expected(String alertType, String status, String shipmentId, String ruleIdPrefix, long earliest,
                    long latest, boolean required, String why) {

        boolean admits(final Alert alert) {
            return alert.getType().name().equals(alertType)
                    && (shipmentId == null || shipmentId.equals(alert.getShipmentId()));
        }

        boolean matches(final Alert alert) {
            return admits(alert) && alert.getStatus() == AlertStatus.valueOf(status)
                    && (ruleIdPrefix == null || alert.getRuleId().startsWith(ruleIdPrefix))
                    && alert.getLastEvidenceTime() >= earliest && alert.getLastEvidenceTime() <= latest;
        }

        @Override
        public String toString() {
            return alertType + " " + status + (shipmentId == null ? "" : " " + shipmentId)
                    + (ruleIdPrefix == null ? "" : " rule " + ruleIdPrefix + "*") + " with lastEvidenceTime in ["
                    + Instant.ofEpochMilli(earliest) + ", " + Instant.ofEpochMilli(latest) + "] (" + why + ")";
        }
    }

    static List<Expected> expectations(final Path jsonl) {
        final Path file = jsonl.resolveSibling(name(jsonl) + ".expected.json");
        try {
            final JsonNode root = JSON.readTree(file.toFile());
            final List<Expected> out = new ArrayList<>();
            for (final JsonNode e : root.get("expected")) {
                out.add(new Expected(e.get("alertType").asText(), e.path("status").asText("OPEN"),
                        e.hasNonNull("shipmentId") ? e.get("shipmentId").asText() : null,
                        e.hasNonNull("ruleIdPrefix") ? e.get("ruleIdPrefix").asText() : null,
                        e.get("earliest").asLong(), e.get("latest").asLong(), e.path("required").asBoolean(true),
                        e.path("why").asText("")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Stream<Path> files(final String dir) {
        try {
            final Path root = Path.of(OtherProducersFixturesTest.class.getResource("/fixtures/other-producers/" + dir)
                    .toURI());
            try (Stream<Path> list = Files.list(root)) {
                return list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(final Path file) {
        final String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".jsonl".length());
    }

    private static String describe(final Alert a) {
        return a.getType() + " " + a.getStatus() + " " + a.getShipmentId() + " " + a.getRuleId()
                + (a.getSerial() == null ? "" : " " + a.getSerial()) + " first=" + Instant.ofEpochMilli(a.getFirstEvidenceTime())
                + " last=" + Instant.ofEpochMilli(a.getLastEvidenceTime()) + " : " + a.getSummary();
    }
}
