package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.cli.jsonl.RecordType;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.DeadLetters;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.contract.validation.PlanRefusedAlert;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.streams.FailingDetectors;
import io.coldchain.streams.GoodStream;
import io.coldchain.streams.HostileRecords;
import io.coldchain.streams.HostileRecords.Hostile;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's reliability suite on a real broker: beside a good stream ({@link GoodStream}: a temperature excursion, a
 * route deviation and a serial listed by two plans), one record of every hostile class is published into a running
 * exactly-once application, and each is found where it belongs (dead letter with its reason, late data with its
 * reason, a counter, an alert), the application stays RUNNING, and every good shipment's alerts are exactly those of
 * a run without the hostile records.
 *
 * <p>Two applications share the one broker of the class, each with its own topic prefix and application id: the
 * baseline gets the good stream only, the hostile one the same stream with the hostile records, and a temperature
 * detector that throws on one chosen reading ({@link FailingDetectors}). They run at the same time, so the comparison
 * is between two runs on the broker, not with a TopologyTestDriver.
 *
 * <p>Counters are read from the client's metrics ({@link StreamsRuntime#metrics}), which {@code /metrics} exports;
 * Micrometer's binder registers a new task's counters only at its next refresh (once a minute), too slow to wait for.
 *
 * <p>The good stream is history (November 2026): the broker's retention check is off. Its alerts are released by its
 * own later records, so nothing here waits for the wall-clock hand-over of the last buffered readings ({@code
 * GoodStreamTest} checks that the hand-over adds nothing). The waits below are bounded polls for outcomes, never
 * assertions on how long things took.
 */
@DisplayName("No hostile record stops the application or changes a good shipment's alerts (issue 11)")
class ReliabilityIT {

    private static final String WARM = GoodStream.WARM;
    /** The reading the hostile application's temperature detector fails on: at 16 °C it would trip the 15 °C rule. */
    private static final TemperatureReading FAULTY = GoodStream.reading(WARM,
            GoodStream.at(Duration.ofMinutes(97).plusSeconds(30)), 16.0);
    /** Older than the grace period behind WARM's readings already judged. */
    private static final TemperatureReading LATE = GoodStream.reading(WARM,
            GoodStream.at(Duration.ofMinutes(7).plusSeconds(30)), 5.0);
    private static final String NO_PLAN = "SHP-NO-PLAN";
    /** A shipment whose plan never comes: its first reading waits 48 h of its own event time, then is set aside. */
    private static final List<TemperatureReading> WITHOUT_PLAN = List.of(
            GoodStream.reading(NO_PLAN, GoodStream.at(Duration.ofHours(-50)), 5.0),
            GoodStream.reading(NO_PLAN, GoodStream.at(Duration.ofHours(-1)), 5.0));
    private static final CustodyEvent REDELIVERED = GoodStream.shipping(WARM);
    private static final int REDELIVERIES = 5;
    private static final String BAD_GTIN = "SHP-BAD-GTIN";
    /** GTIN 00614141123452 with the wrong check digit. */
    private static final String BAD_GTIN_SERIAL = "00614141123453.X1";
    private static final Duration AT_MOST = Duration.ofMinutes(5);
    private static final String VALIDATION = "coldchain-validation-metrics";
    private static final String INVALID = "invalid-records-total";
    private static final String DETECTOR = "coldchain-detector-metrics";
    private static final String SET_ASIDE = "set-aside-records-total";
    private static final String SERIAL = SerialTopology.METRICS_GROUP;
    private static final String REDELIVERED_EVENTS = SerialTopology.REDELIVERED_EVENTS + "-total";
    private static final String TASK = "stream-task-metrics";
    private static final String DROPPED = "dropped-records-total";
    /** Input consumed and no output committed for this long: the application has settled. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static LocalKafka kafka;
    private static Application baseline;
    private static Application hostile;
    private static FailingDetectors fault;
    /** Records refused at the door by the application: each must be dead-lettered. */
    private static List<Hostile> refused;
    /** Records the broker itself refuses, with what the producer was told. */
    private static final Map<String, Throwable> REFUSED_BY_THE_BROKER = new TreeMap<>();

    @BeforeAll
    static void runABaselineAndAHostileApplication() throws Exception {
        final long began = System.nanoTime();
        // History must not expire while the test runs: the first retention check comes after the initial task delay
        // (30 s by default), whatever the check interval.
        kafka = new LocalKafka(LocalKafkaSettings.builder().brokerPort(0)
                .override("log.initial.task.delay.ms", Long.toString(Duration.ofDays(1).toMillis()))
                .override("log.retention.check.interval.ms", Long.toString(Duration.ofDays(1).toMillis()))
                .build()).start();
        fault = FailingDetectors.onReading(WARM, FAULTY.getEventTime());
        baseline = new Application("baseline", DetectionSettings.defaults());
        hostile = new Application("hostile", DetectionSettings.defaults().withDetectors(fault));
        baseline.start();
        hostile.start();
        baseline.awaitRunning();
        hostile.awaitRunning();
        final long started = System.nanoTime();

        final List<SpecificRecord> good = GoodStream.records();
        baseline.publish(good.stream().map(baseline::record).toList());
        final List<Hostile> atTheDoor = new HostileRecords(hostile.topics).refusedAtTheDoor(WARM);
        refused = atTheDoor.stream().filter(h -> !brokerRefuses(h)).toList();
        hostile.publish(hostileStream(good));
        for (final Hostile h : atTheDoor.stream().filter(ReliabilityIT::brokerRefuses).toList()) {
            REFUSED_BY_THE_BROKER.put(h.name(), hostile.publishRefused(new ProducerRecord<>(h.topic(), h.key(), h.value())));
        }
        final long published = System.nanoTime();

        baseline.awaitSettled(() -> baseline.readAlerts().size() >= 6);
        hostile.awaitSettled(() -> hostile.readDeadLetters().size() >= refused.size()
                && hostile.readLateData().size() >= 3);
        baseline.collect();
        hostile.collect();
        System.out.printf("broker and applications up in %s; published in %s; settled %s later; %s in all%n",
                Duration.ofNanos(started - began), Duration.ofNanos(published - started),
                Duration.ofNanos(System.nanoTime() - published), Duration.ofNanos(System.nanoTime() - began));
    }

    /** A record without a key on the compacted plans topic never gets in: the broker refuses it. */
    private static boolean brokerRefuses(final Hostile record) {
        return record.key() == null && record.topic().equals(hostile.topics.shipmentPlans().name());
    }

    /**
     * The good stream with the reading the detector fails on in its place (by event time, so it is in the buffer with
     * its neighbours), then every record refused at the door, a late reading, telemetry without a plan, a custody event
     * redelivered {@value #REDELIVERIES} times, and a shipment scanned with a bad GTIN check digit.
     */
    private static List<ProducerRecord<byte[], byte[]>> hostileStream(final List<SpecificRecord> good) {
        final List<SpecificRecord> withFault = new ArrayList<>(good);
        withFault.add(FAULTY);
        withFault.sort(Comparator.comparingLong(GoodStream::timeOf));
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(withFault.stream()
                .map(hostile::record).toList());
        // Stamped by the producer's clock: some carry event times the broker would refuse as timestamps (2100).
        refused.forEach(h -> records.add(new ProducerRecord<>(h.topic(), h.key(), h.value())));
        records.add(hostile.record(LATE));
        WITHOUT_PLAN.forEach(r -> records.add(hostile.record(r)));
        for (int i = 0; i < REDELIVERIES; i++) {
            records.add(hostile.record(REDELIVERED));
        }
        records.add(hostile.record(GoodStream.plan(BAD_GTIN, 3, GoodStream.serial(BAD_GTIN, 1))));
        records.add(hostile.record(CustodyEvent.newBuilder(GoodStream.shipping(BAD_GTIN))
                .setEpcList(List.of(GoodStream.serial(BAD_GTIN, 1), BAD_GTIN_SERIAL)).build()));
        return records;
    }

    @AfterAll
    static void stop() {
        for (final Application app : new Application[] {hostile, baseline}) {
            if (app != null) {
                app.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldStayRunningThroughoutWithoutLosingAThread() throws Exception {
        for (final Application app : List.of(baseline, hostile)) {
            // A rebalance (a slow heartbeat on a loaded machine, a probing rebalance) is normal work; never a state
            // that means the client failed or stopped.
            assertThat(app.statesSeen).as("%s: states sampled while it worked", app.name)
                    .contains(KafkaStreams.State.RUNNING)
                    .isSubsetOf(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            assertThat(app.streams.state()).as(app.name).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.streams.threadsReplaced()).as("%s: stream threads replaced", app.name).isZero();
            assertThat(app.get("/health/live").statusCode()).as("%s: live", app.name).isEqualTo(200);
            assertThat(app.get("/health/ready").statusCode()).as("%s: ready", app.name).isEqualTo(200);
            assertThat(app.get("/metrics").statusCode()).as("%s: metrics", app.name).isEqualTo(200);
        }
    }

    @Test
    void shouldGiveEveryGoodShipmentExactlyTheAlertsOfARunWithoutTheHostileRecords() {
        final Map<String, List<Alert>> expected = perShipment(baseline.alerts);
        assertThat(expected.keySet()).as("the baseline raises alerts for the good shipments only")
                .containsExactlyInAnyOrderElementsOf(GoodStream.SHIPMENTS);
        assertThat(baseline.alerts).extracting(Alert::getShipmentId, Alert::getType, Alert::getStatus)
                .as("one story per good shipment").containsExactlyInAnyOrder(
                        tuple(WARM, AlertType.TEMPERATURE_EXCURSION, AlertStatus.OPEN),
                        tuple(WARM, AlertType.TEMPERATURE_EXCURSION, AlertStatus.RESOLVED),
                        tuple(GoodStream.DETOUR, AlertType.ROUTE_DEVIATION, AlertStatus.OPEN),
                        tuple(GoodStream.DETOUR, AlertType.ROUTE_DEVIATION, AlertStatus.UPDATED),
                        tuple(GoodStream.DETOUR, AlertType.ROUTE_DEVIATION, AlertStatus.RESOLVED),
                        tuple(GoodStream.TWIN, AlertType.DUPLICATE_SERIAL, AlertStatus.OPEN));

        final Map<String, List<Alert>> actual = perShipment(hostile.alerts);
        for (final String shipment : GoodStream.SHIPMENTS) {
            assertThat(actual.get(shipment)).as(shipment).containsExactlyInAnyOrderElementsOf(expected.get(shipment));
        }
        final Set<String> others = new TreeSet<>(actual.keySet());
        GoodStream.SHIPMENTS.forEach(others::remove);
        assertThat(others).as("shipments of the hostile records that raised alerts")
                .containsExactlyInAnyOrderElementsOf(concat(HostileRecords.REFUSED_PLANS, List.of(BAD_GTIN)));
    }

    @Test
    void shouldDeadLetterEveryRecordRefusedAtTheDoorWithItsReasonAndCountIt() {
        assertThat(baseline.deadLetters).as("baseline dead letters").isEmpty();
        final List<ConsumerRecord<byte[], byte[]>> dead = hostile.deadLetters;
        assertThat(dead).as("one dead letter per refused record").hasSize(refused.size());
        for (final Hostile record : refused) {
            final List<ConsumerRecord<byte[], byte[]>> matching = dead.stream()
                    .filter(d -> record.topic().equals(header(d, "__streams.errors.topic")))
                    .filter(d -> Arrays.equals(d.value(), record.value()) || Integer.toString(record.value().length)
                            .equals(header(d, DeadLetters.ORIGINAL_SIZE_HEADER)))
                    .toList();
            assertThat(matching).as(record.name()).singleElement().satisfies(d -> {
                assertThat(header(d, DeadLetters.REASON_HEADER)).as(record.name()).isEqualTo(record.reason());
                assertThat(d.serializedValueSize()).as(record.name()).isLessThanOrEqualTo(1024 * 1024 - 4096);
            });
        }

        final Map<String, Long> perReason = refused.stream().filter(h -> !h.reason().equals(DeadLetters.NOT_DESERIALIZABLE))
                .collect(Collectors.groupingBy(Hostile::reason, TreeMap::new, Collectors.counting()));
        final Map<String, Double> invalid = hostile.counters.perReason(VALIDATION, INVALID);
        perReason.forEach((reason, count) -> assertThat(invalid.get(reason)).as("invalid records, %s", reason)
                .isEqualTo(count.doubleValue()));
        assertThat(invalid.values().stream().mapToDouble(Double::doubleValue).sum()).as("invalid records in all")
                .isEqualTo(perReason.values().stream().mapToLong(Long::longValue).sum());
        assertThat(hostile.counters.sum(TASK, DROPPED)).as("dropped records")
                .isEqualTo(refused.size());
        assertThat(baseline.counters.sum(TASK, DROPPED)).isZero();
    }

    @Test
    void shouldHaveTheBrokerRefuseAPlanWithoutAKeyOnTheCompactedPlansTopic() {
        assertThat(REFUSED_BY_THE_BROKER).containsOnlyKeys("plan without key");
        assertThat(REFUSED_BY_THE_BROKER.get("plan without key"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("Compacted topic cannot accept message without key");
    }

    @Test
    void shouldSetAsideTheLateReadingTheReadingWithoutAPlanAndTheReadingTheDetectorFailedOnWithTheirReasons() {
        assertThat(baseline.lateData).as("baseline late data").isEmpty();
        final Map<String, List<ConsumerRecord<byte[], byte[]>>> byReading = hostile.lateData.stream()
                .collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8) + "@" + r.timestamp()));
        assertThat(byReading.get(WARM + "@" + LATE.getEventTime())).as("the late reading").singleElement()
                .satisfies(r -> {
                    assertThat(r.value()).isEqualTo(hostile.encoded(LATE));
                    assertThat(header(r, "coldchain.late.reason")).startsWith("event time " + LATE.getEventTime()
                            + " is before the latest temperature reading of shipment '" + WARM + "' already judged");
                });
        assertThat(byReading.get(WARM + "@" + FAULTY.getEventTime())).as("the reading the detector failed on")
                .singleElement().satisfies(r -> {
                    assertThat(r.value()).isEqualTo(hostile.encoded(FAULTY));
                    assertThat(header(r, "coldchain.late.reason")).startsWith(
                            "the detector failed on this temperature reading: java.lang.IllegalStateException: "
                                    + FailingDetectors.FAULT);
                });
        assertThat(fault.thrown()).as("the fault fired once").isEqualTo(1);
        final TemperatureReading first = WITHOUT_PLAN.get(0);
        assertThat(byReading.get(NO_PLAN + "@" + first.getEventTime())).as("telemetry without a plan, after 48 h")
                .singleElement().satisfies(r -> {
                    assertThat(r.value()).isEqualTo(hostile.encoded(first));
                    assertThat(header(r, "coldchain.late.reason")).isEqualTo("no shipment plan for '" + NO_PLAN
                            + "' in force at its event time; waited " + Duration.ofHours(48).toMillis()
                            + " ms of its event time");
                });
        // The second waits for a plan until 48 h of the shipment's event time pass or it has been quiet for the grace
        // period of wall-clock time (5 min): only if this run took that long is it already set aside.
        final List<ConsumerRecord<byte[], byte[]>> second = byReading.getOrDefault(NO_PLAN + "@"
                + WITHOUT_PLAN.get(1).getEventTime(), List.of());
        assertThat(second).allSatisfy(r -> assertThat(header(r, "coldchain.late.reason"))
                .endsWith("waited until the shipment went quiet"));
        assertThat(byReading).as("nothing else set aside").hasSize(second.isEmpty() ? 3 : 4);

        final Map<String, Double> setAside = hostile.counters.perReason(DETECTOR, SET_ASIDE);
        assertThat(setAside.get("late")).isEqualTo(1.0);
        assertThat(setAside.get("detector-error")).isEqualTo(1.0);
        // Counters and topics are read a moment apart: the second may have been set aside in between.
        assertThat(setAside.get("no-plan")).isBetween(1.0, 2.0);
        assertThat(baseline.counters.sum(DETECTOR, SET_ASIDE)).isZero();
    }

    @Test
    void shouldCountACustodyEventRedeliveredFiveTimesAndChangeNothing() {
        assertThat(hostile.counters.sum(SERIAL, REDELIVERED_EVENTS))
                .isEqualTo(REDELIVERIES);
        assertThat(baseline.counters.sum(SERIAL, REDELIVERED_EVENTS)).isZero();
        // Alerts unchanged: shouldGiveEveryGoodShipmentExactlyTheAlertsOfARunWithoutTheHostileRecords (WARM's own).
    }

    @Test
    void shouldAlertOnABadGtinCheckDigitAndOnEveryPlanThatCannotBeMonitored() {
        final Map<String, List<Alert>> alerts = perShipment(hostile.alerts);
        assertThat(alerts.get(BAD_GTIN)).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.INVALID_SERIAL);
            assertThat(alert.getEvidence()).containsEntry("rawSerial", BAD_GTIN_SERIAL);
        });
        for (final String shipment : HostileRecords.REFUSED_PLANS) {
            assertThat(alerts.get(shipment)).as(shipment).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.OTHER);
                assertThat(alert.getRuleId()).isEqualTo(PlanRefusedAlert.RULE_ID);
            });
        }
    }

    private static Map<String, List<Alert>> perShipment(final List<Alert> alerts) {
        return alerts.stream().collect(Collectors.groupingBy(Alert::getShipmentId, TreeMap::new, Collectors.toList()));
    }

    private static List<String> concat(final List<String> first, final List<String> then) {
        final List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    private static String header(final ConsumerRecord<?, ?> record, final String key) {
        final Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One application on the class's broker: its topics, its streams runtime, and what it wrote once settled. */
    private static final class Application implements AutoCloseable {

        final String name;
        final String applicationId;
        final TopicCatalogue topics;
        final StreamsRuntime streams;
        /** Every state seen by sampling from RUNNING on. */
        final Set<KafkaStreams.State> statesSeen = ConcurrentHashMap.newKeySet();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        /** Once settled: its counters, then its committed output. */
        Counters counters;
        List<Alert> alerts;
        List<ConsumerRecord<byte[], byte[]>> lateData;
        List<ConsumerRecord<byte[], byte[]>> deadLetters;

        Application(final String name, final DetectionSettings detection) throws Exception {
            this.name = name;
            this.applicationId = "coldchain-reliability-" + name + "-it";
            final String prefix = "coldchain.reliability-" + name + ".";
            this.topics = new TopicCatalogue(prefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
            kafka.createTopics(topics);
            this.streams = new StreamsRuntime(StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId(applicationId).stateDir(Files.createDirectories(dir.resolve(applicationId)))
                    .topicPrefix(prefix).httpPort(0).detection(detection).build(),
                    Duration.ofSeconds(20));
        }

        void start() throws Exception {
            streams.start();
        }

        void awaitRunning() throws InterruptedException {
            assertThat(streams.awaitRunning(Duration.ofSeconds(90))).as("%s: streams RUNNING", name).isTrue();
        }

        /**
         * An input record as {@code publish} writes it ({@link RecordType}): keyed by its shipment, stamped with its
         * event time, encoded with its topic's serde.
         */
        ProducerRecord<byte[], byte[]> record(final SpecificRecord value) {
            final RecordType type = RecordType.ofRecordClass(value.getClass()).orElseThrow();
            return new ProducerRecord<>(type.topic(topics).name(), null,
                    type.timestamp(value, System.currentTimeMillis()),
                    type.key(value).getBytes(StandardCharsets.UTF_8), encoded(value));
        }

        byte[] encoded(final SpecificRecord value) {
            final TopicSpec<String, ? extends SpecificRecord> topic =
                    RecordType.ofRecordClass(value.getClass()).orElseThrow().topic(topics);
            @SuppressWarnings("unchecked")
            final Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>) topic.valueSerde().serializer();
            return serializer.serialize(topic.name(), value);
        }

        /** Sends the records in order and waits until the broker has taken every one. */
        void publish(final List<ProducerRecord<byte[], byte[]>> records) throws Exception {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                final List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (final ProducerRecord<byte[], byte[]> record : records) {
                    sent.add(producer.send(record));
                }
                for (final Future<RecordMetadata> future : sent) {
                    future.get();
                }
            }
        }

        /** Sends one record the broker must refuse (alone: the broker refuses the whole batch); returns why. */
        Throwable publishRefused(final ProducerRecord<byte[], byte[]> record) throws Exception {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(record).get();
                throw new AssertionError("the broker took " + record);
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }

        private KafkaProducer<byte[], byte[]> producer() {
            return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }

        /**
         * Polls until its input is consumed, {@code outcomes} hold and no output has been committed for {@link #SETTLE},
         * sampling the client's state meanwhile; fails after {@link #AT_MOST}.
         */
        void awaitSettled(final BooleanSupplier outcomes) throws Exception {
            final long deadline = System.nanoTime() + AT_MOST.toNanos();
            try (Admin admin = kafka.createAdmin()) {
                long lastOutput = -1;
                long stillSince = System.nanoTime();
                long lag = -1;
                while (System.nanoTime() < deadline) {
                    statesSeen.add(streams.state());
                    final long output = GroupLag.records(admin, Set.of(topics.alerts().name(), topics.lateData().name(),
                            topics.deadLetters().name()));
                    if (output != lastOutput) {
                        lastOutput = output;
                        stillSince = System.nanoTime();
                    }
                    lag = GroupLag.inputLag(admin, applicationId, topics);
                    if (System.nanoTime() - stillSince >= SETTLE.toNanos() && lag == 0 && outcomes.getAsBoolean()) {
                        return;
                    }
                    Thread.sleep(1_000);
                }
                throw new AssertionError(name + " did not settle within " + AT_MOST + ": input lag " + lag
                        + ", states " + statesSeen + ", " + readAlerts().size() + " alerts, " + readLateData().size()
                        + " set aside, " + readDeadLetters().size() + " dead letters; alerts: " + readAlerts().stream()
                        .map(a -> a.getShipmentId() + " " + a.getType() + " " + a.getStatus()).toList());
            }
        }

        void collect() {
            counters = new Counters(streams.metrics());
            alerts = readAlerts();
            lateData = readLateData();
            deadLetters = readDeadLetters();
        }

        HttpResponse<String> get(final String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + streams.httpPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        List<Alert> readAlerts() {
            return read(topics.alerts().name()).stream()
                    .map(r -> topics.alerts().valueSerde().deserializer().deserialize(r.topic(), r.value()))
                    .toList();
        }

        List<ConsumerRecord<byte[], byte[]>> readLateData() {
            return read(topics.lateData().name());
        }

        List<ConsumerRecord<byte[], byte[]>> readDeadLetters() {
            return read(topics.deadLetters().name());
        }

        /** Every committed record of a topic ({@code read_committed}), from the beginning to its end now. */
        private List<ConsumerRecord<byte[], byte[]>> read(final String topic) {
            final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                        && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }
            return records;
        }

        @Override
        public void close() {
            streams.close();
        }
    }

    /** An application's counters, summed over its tasks (and processor nodes), or per reason tag. */
    private record Counters(Map<MetricName, ? extends Metric> metrics) {

        double sum(final String group, final String name) {
            return perReason(group, name).values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Per reason tag ("" without one), reasons counted 0 left out. */
        Map<String, Double> perReason(final String group, final String name) {
            final Map<String, Double> sums = new TreeMap<>();
            metrics.forEach((metricName, metric) -> {
                if (metricName.group().equals(group) && metricName.name().equals(name)
                        && metric.metricValue() instanceof Number value && value.doubleValue() != 0) {
                    sums.merge(metricName.tags().getOrDefault("reason", ""), value.doubleValue(), Double::sum);
                }
            });
            return sums;
        }
    }
}
