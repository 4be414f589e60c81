package io.coldchain.streams;

import static io.coldchain.streams.Plans.DEPARTURE;
import static io.coldchain.streams.Plans.baselToFrankfurt;
import static io.coldchain.streams.Plans.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.ops.DeadLetters;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.rules.validation.PlanRefusedAlert;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
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
import org.apache.kafka.common.serialization.Serializer;
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
    /** Just under the producer's default max.request.size (1 MiB). */
    private static final int HUGE = 1024 * 1024 - 512;

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    /** One hostile record: what is piped, on which topic, and the reason tag it must be dead-lettered with. */
    private record Hostile(String name, String topic, byte[] key, byte[] value, String reason) {
    }

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
            final List<Hostile> hostile = hostileRecords();
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
                if (record.value().length < HUGE - 4096) {
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
            final VersionedKeyValueStore<String, ShipmentPlan> plans = pipeline.driver.getVersionedKeyValueStore(
                    ShipmentPlansTopology.STORE);
            assertThat(plans.get(GOOD).value()).isEqualTo(good);
        }
    }

    private List<Hostile> hostileRecords() {
        final String plansTopic = topics.shipmentPlans().name();
        final String readingsTopic = topics.temperatureReadings().name();
        final String fixesTopic = topics.locationFixes().name();
        final String custodyTopic = topics.custodyEvents().name();
        final byte[] good = utf8(GOOD);
        final byte[] garbage = utf8("not avro at all");
        final long now = DEPARTURE.plus(Duration.ofMinutes(20)).toEpochMilli();
        final byte[] huge = new byte[HUGE];
        Arrays.fill(huge, (byte) 'x');
        final String hugeDeviceId = "x".repeat(HUGE - 100);
        final List<Hostile> list = new ArrayList<>();
        for (final String topic : List.of(plansTopic, readingsTopic, fixesTopic, custodyTopic)) {
            list.add(new Hostile("garbage on " + topic, topic, good, garbage, DeadLetters.NOT_DESERIALIZABLE));
        }
        list.add(new Hostile("plan without key", plansTopic, null,
                encodedPlan(baselToFrankfurt("SHP-NO-KEY").setIssuedAt(now).build()), "missing-key"));
        list.add(new Hostile("reading without key", readingsTopic, null,
                encodedReading(reading(GOOD, Duration.ofMinutes(20), 5.0)), "missing-key"));
        list.add(new Hostile("fix without key", fixesTopic, null,
                encodedFix(RouteFixtures.fix(GOOD, now, 47.6, 7.6, 5.0)), "missing-key"));
        list.add(new Hostile("custody event without key", custodyTopic, null,
                encodedCustody(RouteFixtures.scan(GOOD, "departing", RouteFixtures.area("Basel DC", null,
                        RouteFixtures.BASEL_DC, 500), now)), "missing-key"));
        list.add(new Hostile("NaN temperature", readingsTopic, good,
                encodedReading(reading(GOOD, Duration.ofMinutes(21), Double.NaN)), "not-finite"));
        list.add(new Hostile("+Infinity temperature", readingsTopic, good,
                encodedReading(reading(GOOD, Duration.ofMinutes(22), Double.POSITIVE_INFINITY)), "not-finite"));
        list.add(new Hostile("-Infinity temperature", readingsTopic, good,
                encodedReading(reading(GOOD, Duration.ofMinutes(23), Double.NEGATIVE_INFINITY)), "not-finite"));
        list.add(new Hostile("temperature of 1983 °C", readingsTopic, good,
                encodedReading(reading(GOOD, Duration.ofMinutes(24), 1983.0)), "out-of-range"));
        list.add(new Hostile("latitude 91", fixesTopic, good, encodedFix(RouteFixtures.fix(GOOD, now, 91, 7.6, 5.0)),
                "out-of-range"));
        list.add(new Hostile("fix at (0,0)", fixesTopic, good, encodedFix(RouteFixtures.fix(GOOD, now, 0, 0, 5.0)),
                "null-island"));
        list.add(new Hostile("negative accuracy", fixesTopic, good, encodedFix(RouteFixtures.fix(GOOD, now, 47.6, 7.6, -3.0)),
                "out-of-range"));
        list.add(new Hostile("reading in 1970", readingsTopic, good, encodedReading(TemperatureReading.newBuilder(
                reading(GOOD, Duration.ZERO, 5.0)).setEventTime(86_400_000L).build()), "event-time-too-early"));
        list.add(new Hostile("reading in 2100", readingsTopic, good, encodedReading(TemperatureReading.newBuilder(
                reading(GOOD, Duration.ZERO, 5.0)).setEventTime(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
                .build()), "event-time-in-future"));
        list.add(new Hostile("custody event in 2100", custodyTopic, good,
                encodedCustody(RouteFixtures.scan(GOOD, "departing", RouteFixtures.area("Basel DC", null,
                        RouteFixtures.BASEL_DC, 500), Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())),
                "event-time-in-future"));
        list.add(new Hostile("plan with an empty route", plansTopic, utf8("SHP-EMPTY-ROUTE"),
                encodedPlan(baselToFrankfurt("SHP-EMPTY-ROUTE").setIssuedAt(now)
                        .setRoute(Route.newBuilder().setWaypoints(List.of()).build()).build()), "route-unusable"));
        list.add(new Hostile("plan with a single waypoint", plansTopic, utf8("SHP-ONE-WAYPOINT"),
                encodedPlan(baselToFrankfurt("SHP-ONE-WAYPOINT").setIssuedAt(now)
                        .setRoute(Route.newBuilder().setWaypoints(List.of(RouteFixtures.BASEL_DC)).build()).build()),
                "route-unusable"));
        list.add(new Hostile("plan with an unknown profile", plansTopic, utf8("SHP-UNKNOWN-PROFILE"),
                encodedPlan(baselToFrankfurt("SHP-UNKNOWN-PROFILE").setIssuedAt(now).setProfileName("deep-frozen-ish")
                        .build()), "profile-unusable"));
        list.add(new Hostile("huge garbage", readingsTopic, good, huge, DeadLetters.NOT_DESERIALIZABLE));
        list.add(new Hostile("huge reading", readingsTopic, good, encodedReading(TemperatureReading.newBuilder(
                reading(GOOD, Duration.ofMinutes(20), 5.0)).setDeviceId(hugeDeviceId).build()), "oversized-field"));
        return list;
    }

    private byte[] encodedPlan(final ShipmentPlan plan) {
        return serialize(topics.shipmentPlans().valueSerde().serializer(), topics.shipmentPlans().name(), plan);
    }

    private byte[] encodedReading(final TemperatureReading reading) {
        return serialize(topics.temperatureReadings().valueSerde().serializer(), topics.temperatureReadings().name(),
                reading);
    }

    private byte[] encodedFix(final LocationFix fix) {
        return serialize(topics.locationFixes().valueSerde().serializer(), topics.locationFixes().name(), fix);
    }

    private byte[] encodedCustody(final CustodyEvent event) {
        return serialize(topics.custodyEvents().valueSerde().serializer(), topics.custodyEvents().name(), event);
    }

    private static <T> byte[] serialize(final Serializer<T> serializer, final String topic, final T value) {
        return serializer.serialize(topic, value);
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

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
