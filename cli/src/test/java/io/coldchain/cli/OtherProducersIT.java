package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other-producers fixtures (streams-app/src/test/resources/fixtures/other-producers, see its README.md) end to
 * end: published with {@code coldchain publish} into the exactly-once streams application running on a real
 * broker, the alerts read back with {@code coldchain export} ({@code read_committed}). {@code
 * OtherProducersFixturesTest} runs each file alone through a TopologyTestDriver; here all files share one
 * application, as a real integration's uploads do, in two upload orders:
 *
 * <ul>
 *   <li><b>file order</b>: every file as it is, one {@code publish} per file, while the application runs;</li>
 *   <li><b>per-type backfill</b>: the plans of all files, then all temperature, all location and all custody lines
 *       (one {@code publish} per type, lines in file order), while the application runs.</li>
 * </ul>
 *
 * <p>Each order has its own topic prefix and its own application on the one broker of the class, so the fixtures
 * go in unchanged (same shipment ids, serials and event ids) and both runs share the one wait below.
 *
 * <p>The fixtures are history (March 2026): the broker's retention check is switched off so that 7-day topics do
 * not expire them during the run. Both settings are needed: the interval only spaces the checks after the first,
 * which Kafka runs {@code log.initial.task.delay.ms} (30 s) after start-up; that first check deleted every
 * telemetry and custody record published so far and not yet consumed (the application silently missed whole
 * files, while their compacted plans stayed). Their last buffered readings are handed over once nothing arrived for a shipment
 * for the grace period of wall-clock time (5 min for temperature; it is also the reorder window the fixtures'
 * uploads need, so it cannot be shortened), so the run waits that long after the last upload, then until the input
 * is consumed and the output topics have been still for a while.
 *
 * <p>Clean files must raise nothing. A positive file must raise, for every required entry of its {@code
 * .expected.json}, an OPEN alert of its own of that type (shipment, rule id prefix when given) whose
 * lastEvidenceTime lies in the entry's window, and no alert of a type (for a shipment) the file does not list.
 * Nothing may be set aside on the late-data topic or dead-lettered.
 */
class OtherProducersIT {

    private static final Path FIXTURES = Path.of("..", "streams-app", "src", "test", "resources", "fixtures",
            "other-producers");
    private static final List<String> TYPE_ORDER = List.of("plan", "temperature", "location", "custody");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** After the last upload: the temperature grace (the longest wall-clock hand-over), and some slack. */
    private static final Duration HAND_OVER = TemperatureSettings.defaults().grace().plusSeconds(20);
    /** Input consumed and no output record committed for this long: the application has settled. */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration AT_MOST = Duration.ofMinutes(15);
    @TempDir
    static Path dir;

    private static LocalKafka kafka;
    private static final List<Fixture> FILES = new ArrayList<>();
    private static final Map<Order, Application> RUNS = new LinkedHashMap<>();

    /** The two upload orders, each with its topics and application. */
    enum Order {
        FILE_ORDER("file order", "coldchain.file-order."),
        PER_TYPE_BACKFILL("per-type backfill", "coldchain.per-type."),
        ;

        final String label;
        final String prefix;

        Order(final String label, final String prefix) {
            this.label = label;
            this.prefix = prefix;
        }
    }

    @BeforeAll
    static void publishTheFixturesBothWaysIntoRunningApplications() throws Exception {
        final long began = System.nanoTime();
        kafka = new LocalKafka(LocalKafkaSettings.builder().brokerPort(0)
                .override("log.retention.check.interval.ms", Long.toString(Duration.ofDays(1).toMillis()))
                .override("log.initial.task.delay.ms", Long.toString(Duration.ofDays(1).toMillis()))
                .build()).start();
        FILES.addAll(fixtures("clean"));
        FILES.addAll(fixtures("positive"));
        for (final Order order : Order.values()) {
            kafka.createTopics(new TopicCatalogue(order.prefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local()));
            RUNS.put(order, new Application(order).start());
        }

        for (final Fixture file : FILES) {
            publish(Order.FILE_ORDER, file.path());
        }
        for (final String type : TYPE_ORDER) {
            final List<String> lines = FILES.stream().flatMap(f -> f.lines().stream())
                    .filter(line -> type.equals(readTree(line).get("type").asText())).toList();
            publish(Order.PER_TYPE_BACKFILL, Files.write(dir.resolve(type + ".jsonl"), lines, StandardCharsets.UTF_8));
        }
        final long published = System.nanoTime();

        for (final Application run : RUNS.values()) {
            run.awaitSettled(published);
        }
        for (final Application run : RUNS.values()) {
            run.collect();
        }
        System.out.printf("published %d files both ways in %s; settled %s later; %s in all%n", FILES.size(),
                Duration.ofNanos(published - began), Duration.ofNanos(System.nanoTime() - published),
                Duration.ofNanos(System.nanoTime() - began));
    }

    @AfterAll
    static void stop() {
        RUNS.values().forEach(Application::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> cleanShipmentsShouldRaiseNothingInEitherUploadOrder() {
        return tests(f -> !f.positive());
    }

    @TestFactory
    Stream<DynamicTest> positiveShipmentsShouldRaiseTheirAlertsAndNoOthersInEitherUploadOrder() {
        return tests(Fixture::positive);
    }

    @Test
    void shouldSetNothingAsideAndDeadLetterNothingInEitherUploadOrder() {
        for (final Application run : RUNS.values()) {
            assertThat(run.late).as("late-data topic, %s", run.order.label).isEmpty();
            assertThat(run.deadLetters).as("dead-letter topic, %s", run.order.label).isEmpty();
        }
    }

    @Test
    void shouldRaiseAlertsOnlyForShipmentsOfTheFixtures() {
        final Set<String> shipments = FILES.stream().flatMap(f -> f.shipments().stream()).collect(Collectors.toSet());
        for (final Application run : RUNS.values()) {
            assertThat(run.alerts).as(run.order.label).allSatisfy(a -> assertThat(shipments).contains(a.shipmentId()));
        }
    }

    private static Stream<DynamicTest> tests(final java.util.function.Predicate<Fixture> which) {
        return RUNS.values().stream().flatMap(run -> FILES.stream().filter(which).map(file ->
                DynamicTest.dynamicTest(file.name() + " [" + run.order.label + "]", () -> check(file, run))));
    }

    private static void check(final Fixture file, final Application run) {
        final List<ObservedAlert> alerts = run.alerts.stream().filter(a -> file.shipments().contains(a.shipmentId()))
                .toList();
        final List<String> problems = new ArrayList<>();
        final List<Expected> required = file.expected().stream().filter(Expected::required).toList();
        if (!assignable(required, 0, alerts, new boolean[alerts.size()])) {
            required.stream().filter(e -> alerts.stream().noneMatch(e::matches))
                    .forEach(e -> problems.add("missing: " + e));
            if (problems.isEmpty()) {
                problems.add("each required entry has a matching alert, but not each its own: " + required);
            }
        }
        alerts.stream().filter(a -> file.expected().stream().noneMatch(e -> e.admits(a)))
                .forEach(a -> problems.add("unexpected: " + a));
        final String report = file.name() + " [" + run.order.label + "]: " + alerts.size() + " alerts"
                + alerts.stream().map(a -> "\n  " + a).collect(Collectors.joining());
        System.out.println(report + (problems.isEmpty() ? "\n  PASS" : "\n  FAIL: " + String.join("; ", problems)));
        assertThat(problems).as(report).isEmpty();
    }

    /** Whether every required entry from {@code i} on can be matched by an alert of its own (small sets: backtrack). */
    private static boolean assignable(final List<Expected> required, final int i, final List<ObservedAlert> alerts,
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

    private static void publish(final Order order, final Path file) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = coldchain(out, err, "publish", "--file", file.toString(), "--bootstrap-server",
                kafka.bootstrapServers(), "--topic-prefix", order.prefix);
        assertThat(exit).as("publish %s (%s); stderr:%n%s", file.getFileName(), order.label, err).isZero();
    }

    /** {@code coldchain export --topic TOPIC} of {@code order}'s topics, as lines. */
    private static List<String> export(final Order order, final String topic) {
        final Path file = dir.resolve(order.name() + "-" + topic + ".jsonl");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = coldchain(out, err, "export", "--topic", topic, "--file", file.toString(),
                "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", order.prefix);
        assertThat(exit).as("export %s (%s); stderr:%n%s", topic, order.label, err).isZero();
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int coldchain(final StringWriter out, final StringWriter err, final String... args) {
        final var cli = ColdchainCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** One upload order's streams application and, once it has settled, what it wrote. */
    private static final class Application implements AutoCloseable {

        final Order order;
        final TopicCatalogue topics;
        final String applicationId;
        StreamsRuntime streams;
        List<ObservedAlert> alerts = List.of();
        List<String> late = List.of();
        List<String> deadLetters = List.of();

        Application(final Order order) {
            this.order = order;
            this.topics = new TopicCatalogue(order.prefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
            this.applicationId = "coldchain-other-producers-" + order.name().toLowerCase().replace('_', '-') + "-it";
        }

        Application start() throws Exception {
            streams = new StreamsRuntime(StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId(applicationId).stateDir(Files.createDirectories(dir.resolve(applicationId)))
                    .topicPrefix(order.prefix).httpPort(-1).build(),
                    Duration.ofSeconds(20));
            streams.start();
            assertThat(streams.awaitRunning(Duration.ofMinutes(3))).as("%s: streams RUNNING", applicationId).isTrue();
            return this;
        }

        /**
         * Waits until the hand-over time has passed since {@code published} (System.nanoTime), the input is consumed,
         * and nothing has been committed to the alerts, late-data or dead-letter topics for {@link #SETTLE}.
         */
        void awaitSettled(final long published) throws Exception {
            final long deadline = published + AT_MOST.toNanos();
            final Set<String> outputs = Set.of(topics.alerts().name(), topics.lateData().name(),
                    topics.deadLetters().name());
            try (Admin admin = kafka.createAdmin()) {
                long lastOutput = -1;
                long stillSince = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    final long output = GroupLag.records(admin, outputs);
                    if (output != lastOutput) {
                        lastOutput = output;
                        stillSince = System.nanoTime();
                    }
                    final long now = System.nanoTime();
                    if (now - published >= HAND_OVER.toNanos() && now - stillSince >= SETTLE.toNanos()
                            && GroupLag.inputLag(admin, applicationId, topics) == 0) {
                        return;
                    }
                    Thread.sleep(1_000);
                }
            }
            throw new AssertionError(applicationId + " did not settle within " + AT_MOST + " of the last upload");
        }

        void collect() {
            alerts = export(order, "alerts").stream().map(ObservedAlert::parse).toList();
            late = export(order, "late-data");
            deadLetters = export(order, "dead-letter");
        }

        @Override
        public void close() {
            if (streams != null) {
                streams.close();
            }
        }
    }

    /** An alert as {@code export} writes it: the fields the expectations are about. */
    record ObservedAlert(String alertType, String status, String shipmentId, String ruleId, String serial,
                         long lastEvidenceTime, String summary) {

        static ObservedAlert parse(final String line) {
            final JsonNode a = readTree(line);
            return new ObservedAlert(a.get("alertType").asText(), a.get("status").asText(),
                    a.get("shipmentId").asText(), a.get("ruleId").asText(),
                    a.hasNonNull("serial") ? a.get("serial").asText() : null, a.get("lastEvidenceTime").asLong(),
                    a.get("summary").asText());
        }

        @Override
        public String toString() {
            return alertType + " " + status + " " + shipmentId + " " + ruleId + (serial == null ? "" : " " + serial)
                    + " last=" + Instant.ofEpochMilli(lastEvidenceTime) + " : " + summary;
        }
    }

    /** One JSON Lines file of the fixtures, its shipments and, for a positive file, its expectations. */
    record Fixture(Path path, boolean positive, List<String> lines, Set<String> shipments, List<Expected> expected) {

        String name() {
            final String n = path.getFileName().toString();
            return n.substring(0, n.length() - ".jsonl".length());
        }
    }

    /**
     * One entry of a {@code .expected.json}: an OPEN alert of this type (for this shipment when given, with a rule
     * id starting with the prefix when given) whose lastEvidenceTime lies in [earliest, latest]. Optional entries
     * are admitted but not required.
     */
    record Expected(String alertType, String status, String shipmentId, String ruleIdPrefix, long earliest,
                    long latest, boolean required, String why) {

        boolean admits(final ObservedAlert alert) {
            return alert.alertType().equals(alertType) && (shipmentId == null || shipmentId.equals(alert.shipmentId()));
        }

        boolean matches(final ObservedAlert alert) {
            return admits(alert) && alert.status().equals(status)
                    && (ruleIdPrefix == null || alert.ruleId().startsWith(ruleIdPrefix))
                    && alert.lastEvidenceTime() >= earliest && alert.lastEvidenceTime() <= latest;
        }

        @Override
        public String toString() {
            return alertType + " " + status + (shipmentId == null ? "" : " " + shipmentId)
                    + (ruleIdPrefix == null ? "" : " rule " + ruleIdPrefix + "*") + " with lastEvidenceTime in ["
                    + Instant.ofEpochMilli(earliest) + ", " + Instant.ofEpochMilli(latest) + "] (" + why + ")";
        }
    }

    private static List<Fixture> fixtures(final String folder) throws IOException {
        final boolean positive = "positive".equals(folder);
        try (Stream<Path> list = Files.list(FIXTURES.resolve(folder))) {
            final List<Fixture> files = new ArrayList<>();
            for (final Path path : list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                final List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
                final Set<String> shipments = lines.stream().map(l -> readTree(l).get("shipmentId"))
                        .filter(id -> id != null && !id.isNull()).map(JsonNode::asText)
                        .collect(Collectors.toSet());
                files.add(new Fixture(path, positive, lines, shipments, positive ? expectations(path) : List.of()));
            }
            return files;
        }
    }

    private static List<Expected> expectations(final Path jsonl) throws IOException {
        final String name = jsonl.getFileName().toString();
        final JsonNode root = JSON.readTree(jsonl.resolveSibling(name.replace(".jsonl", ".expected.json")).toFile());
        final List<Expected> out = new ArrayList<>();
        for (final JsonNode e : root.get("expected")) {
            out.add(new Expected(e.get("alertType").asText(), e.path("status").asText("OPEN"),
                    e.hasNonNull("shipmentId") ? e.get("shipmentId").asText() : null,
                    e.hasNonNull("ruleIdPrefix") ? e.get("ruleIdPrefix").asText() : null,
                    e.get("earliest").asLong(), e.get("latest").asLong(), e.path("required").asBoolean(true),
                    e.path("why").asText("")));
        }
        return out;
    }

    private static JsonNode readTree(final String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }
}
