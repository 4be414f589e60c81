package io.coldchain.streams;

import static io.coldchain.streams.Plans.DEPARTURE;
import static io.coldchain.streams.Plans.baselToFrankfurt;
import static io.coldchain.streams.Plans.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.contract.Contracts;
import io.coldchain.ops.DeadLetters;
import io.coldchain.contract.validation.PlanRefusedAlert;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.HostileRecords.Hostile;
import io.coldchain.streams.processors.ValidateRecordsProcessor;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No record can stop the pipeline or lose data: beside one good shipment with a known excursion, one record of
 * every hostile kind is piped into the production topology (production event-time window, the driver's wall clock
 * moving with the good shipment's data). Each goes to the dead-letter topic with its reason, is counted, and the
 * good shipment's alerts are exactly those of a run without them.
 */
class HostileInputTest {

    private static final String GOOD = "SHP-GOOD";

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    @Test
    void shouldDeadLetterEveryHostileRecordWithItsReasonAndLeaveTheGoodShipmentsAlertsUnchanged() {
        final List<Alert> clean;
        try (Pipeline pipeline = new Pipeline(stateDir.resolve("clean"))) {
            pipeline.goodShipment(List.of());
            clean = pipeline.alerts.readValuesToList();
            assertThat(pipeline.deadLetters.isEmpty()).isTrue();
        }
        assertThat(clean).extracting(Alert::getType, Alert::getStatus).containsExactly(
                tuple(AlertType.TEMPERATURE_EXCURSION, AlertStatus.OPEN),
                tuple(AlertType.TEMPERATURE_EXCURSION, AlertStatus.RESOLVED));

        try (Pipeline pipeline = new Pipeline(stateDir.resolve("hostile"))) {
            final List<Hostile> hostile = new HostileRecords(topics).refusedAtTheDoor(GOOD);
            final Map<String, TestRecord<byte[], byte[]>> deadLettered = new TreeMap<>();
            final List<Alert> goodAlerts = new ArrayList<>();
            final List<Alert> refusals = new ArrayList<>();
            pipeline.goodShipment(List.of(() -> {
                for (final Hostile record : hostile) {
                    pipeline.raw(record.topic()).pipeInput(record.key(), record.value(), pipeline.wallClock);
                    final List<TestRecord<byte[], byte[]>> dead = pipeline.deadLetters.readRecordsToList();
                    assertThat(dead).as(record.name()).hasSize(1);
                    deadLettered.put(record.name(), dead.get(0));
                }
            }));
            pipeline.alerts.readValuesToList().forEach(a -> (a.getShipmentId().equals(GOOD)
                    && !a.getRuleId().equals(PlanRefusedAlert.RULE_ID) ? goodAlerts : refusals).add(a));

            assertThat(goodAlerts).isEqualTo(clean);
            for (final Hostile record : hostile) {
                final TestRecord<byte[], byte[]> dead = deadLettered.get(record.name());
                final Map<String, String> headers = headers(dead);
                assertThat(headers).as(record.name())
                        .containsEntry(DeadLetters.REASON_HEADER, record.reason())
                        .containsEntry("__streams.errors.topic", record.topic())
                        .containsKeys("__streams.errors.partition", "__streams.errors.offset",
                                "__streams.errors.message");
                assertThat(size(dead)).as(record.name()).isLessThanOrEqualTo(1024 * 1024 - 4096);
                // Stamped with the wall clock when dead-lettered: a 2100 timestamp would be refused by the broker.
                assertThat(dead.timestamp()).as(record.name()).isBetween(
                        Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(), System.currentTimeMillis() + 60_000);
                if (record.value().length < HostileRecords.HUGE - 4096) {
                    assertThat(dead.value()).as(record.name() + ": the original bytes").isEqualTo(record.value());
                } else {
                    assertThat(dead.value().length).isLessThan(record.value().length);
                    assertThat(headers).as(record.name())
                            .containsEntry(DeadLetters.ORIGINAL_SIZE_HEADER, Integer.toString(record.value().length))
                            .containsEntry(DeadLetters.ORIGINAL_SHA256_HEADER, sha256(record.value()));
                    assertThat(Arrays.equals(dead.value(), 0, dead.value().length, record.value(), 0,
                            dead.value().length)).as("a prefix of the original").isTrue();
                }
                assertThat(headers.getOrDefault("__streams.errors.stacktrace", "").length()).isLessThanOrEqualTo(4096);
            }
            assertThat(headers(deadLettered.get("reading in 2100")).get("__streams.errors.message"))
                    .startsWith("event-time-in-future: eventTime 4102444800000 (2100-01-01T00:00:00Z) is more than PT30M");
            assertThat(headers(deadLettered.get("plan with an unknown profile")).get("__streams.errors.message"))
                    .contains("profile-unusable: unknown profileName 'deep-frozen-ish'");

            // Counted: per reason at the door, and every dead letter in Kafka's dropped-records-total.
            final Map<String, Long> expectedPerReason = hostile.stream()
                    .filter(h -> !h.reason().equals(DeadLetters.NOT_DESERIALIZABLE))
                    .collect(Collectors.groupingBy(Hostile::reason, TreeMap::new, Collectors.counting()));
            assertThat(pipeline.invalidRecordsPerReason()).isEqualTo(expectedPerReason);
            assertThat(pipeline.droppedRecords()).isEqualTo(hostile.size());

            // Refused plans: one alert each, and not stored.
            assertThat(refusals).extracting(Alert::getShipmentId, Alert::getType, Alert::getRuleId, Alert::getSeverity)
                    .containsExactlyInAnyOrder(
                            tuple("SHP-EMPTY-ROUTE", AlertType.OTHER,
                                    PlanRefusedAlert.RULE_ID, Severity.HIGH),
                            tuple("SHP-ONE-WAYPOINT", AlertType.OTHER,
                                    PlanRefusedAlert.RULE_ID, Severity.HIGH),
                            tuple("SHP-UNKNOWN-PROFILE", AlertType.OTHER,
                                    PlanRefusedAlert.RULE_ID, Severity.HIGH));
            final VersionedKeyValueStore<String, ShipmentPlan> plans = pipeline.driver.getVersionedKeyValueStore(
                    ShipmentPlansTopology.STORE);
            assertThat(plans.get("SHP-EMPTY-ROUTE")).isNull();
            assertThat(plans.get("SHP-UNKNOWN-PROFILE")).isNull();
            assertThat(plans.get(GOOD)).isNotNull();
        }
    }

    @Test
    void shouldKeepThePreviousPlanInForceWhenARevisionIsRefused() {
        try (Pipeline pipeline = new Pipeline(stateDir)) {
            final ShipmentPlan good = baselToFrankfurt(GOOD).setIssuedAt(DEPARTURE.minusSeconds(60).toEpochMilli()).build();
            pipeline.plans.pipeInput(GOOD, good, DEPARTURE.minusSeconds(60));
            final ShipmentPlan revision = baselToFrankfurt(GOOD).setProfileName("deep-frozen-ish")
                    .setIssuedAt(DEPARTURE.minusSeconds(30).toEpochMilli()).build();
            pipeline.plans.pipeInput(GOOD, revision, DEPARTURE.minusSeconds(30));

            final List<Alert> alerts = pipeline.alerts.readValuesToList();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.getRuleId()).isEqualTo(PlanRefusedAlert.RULE_ID);
                assertThat(alert.getFirstEvidenceTime()).isEqualTo(DEPARTURE.minusSeconds(30).toEpochMilli());
                assertThat(alert.getSummary()).contains("not monitored", "deep-frozen-ish");
            });
            assertThat(pipeline.deadLetters.readRecordsToList()).hasSize(1);
            final VersionedKeyValueStore<String, io.coldchain.domain.ShipmentPlan> plans =
                    pipeline.driver.getVersionedKeyValueStore(ShipmentPlansTopology.STORE);
            assertThat(plans.get(GOOD).value()).isEqualTo(Contracts.toDomain(good));
        }
    }

    /** The production topology and configuration (less exactly-once, see ColdchainTopologyTest#config). */
    private final class Pipeline implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, ShipmentPlan> plans;
        final TestInputTopic<String, TemperatureReading> readings;
        final TestOutputTopic<String, Alert> alerts;
        final TestOutputTopic<byte[], byte[]> deadLetters;
        final Map<String, TestInputTopic<byte[], byte[]>> raw = new TreeMap<>();
        Instant wallClock = DEPARTURE.minus(Duration.ofMinutes(2));

        Pipeline(final Path stateDir) {
            final var props = ColdchainTopologyTest.config(stateDir, topics);
            driver = new TopologyTestDriver(ColdchainTopology.build(props, topics, DetectionSettings.defaults()), props,
                    wallClock);
            plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                    topics.shipmentPlans().valueSerde().serializer());
            readings = driver.createInputTopic(topics.temperatureReadings().name(), Serdes.String().serializer(),
                    topics.temperatureReadings().valueSerde().serializer());
            alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                    topics.alerts().valueSerde().deserializer());
            deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer());
        }

        TestInputTopic<byte[], byte[]> raw(final String topic) {
            return raw.computeIfAbsent(topic, t -> driver.createInputTopic(t, Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer()));
        }

        /** Moves the wall clock to {@code time}, as a live stream does. */
        void at(final Instant time) {
            if (time.isAfter(wallClock)) {
                driver.advanceWallClockTime(Duration.between(wallClock, time));
                wallClock = time;
            }
        }

        /**
         * The good shipment, live: a plan, then readings leaving the band and coming back (one excursion), each piped
         * when the wall clock reaches its time; {@code interludes} run after the third reading.
         */
        void goodShipment(final List<Runnable> interludes) {
            at(DEPARTURE.minusSeconds(60));
            plans.pipeInput(GOOD, baselToFrankfurt(GOOD).setIssuedAt(DEPARTURE.minusSeconds(60).toEpochMilli()).build(),
                    DEPARTURE.minusSeconds(60));
            final double[][] readingsAt = {{0, 5.0}, {15, 9.5}, {20, 11.0}, {25, 7.0}, {40, 5.0}, {55, 5.0}};
            for (final double[] minuteAndCelsius : readingsAt) {
                final Duration after = Duration.ofMinutes((long) minuteAndCelsius[0]);
                at(DEPARTURE.plus(after));
                readings.pipeInput(GOOD, reading(GOOD, after, minuteAndCelsius[1]), DEPARTURE.plus(after));
                if (after.equals(Duration.ofMinutes(20))) {
                    interludes.forEach(Runnable::run);
                }
            }
            at(wallClock.plus(DetectionSettings.defaults().temperature().grace()).plusSeconds(2));
        }

        Map<String, Long> invalidRecordsPerReason() {
            return driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals(ValidateRecordsProcessor.METRICS_GROUP))
                    .filter(e -> e.getKey().name().equals(ValidateRecordsProcessor.INVALID_RECORDS + "-total"))
                    .filter(e -> ((Number) e.getValue().metricValue()).doubleValue() > 0)
                    .collect(Collectors.groupingBy(e -> e.getKey().tags().get("reason"), TreeMap::new,
                            Collectors.summingLong(e -> ((Number) e.getValue().metricValue()).longValue())));
        }

        double droppedRecords() {
            return driver.metrics().values().stream()
                    .filter(m -> m.metricName().name().equals("dropped-records-total"))
                    .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                    .sum();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static Map<String, String> headers(final TestRecord<byte[], byte[]> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .collect(Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
    }

    /** Key, value and headers: what the record costs in a produce request, less the batch framing. */
    private static int size(final TestRecord<byte[], byte[]> record) {
        int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (final Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
