package io.coldchain.ops;

import static io.coldchain.streams.EventTimeSends.producer;
import static io.coldchain.streams.EventTimeSends.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.Plans;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catch-up in which a task's readings partition is read behind its others, on a real broker, as Kafka Streams does
 * it: a task takes the record with the lowest timestamp at its partitions' heads, so one reading far ahead (a shipment
 * whose upload is hours ahead of the rest) holds the whole readings partition back while the task's location fixes,
 * behind it in time, keep coming. Two shipments' readings stop at the same hour there: one logger really stopped
 * ({@link #DEAD}); the other's readings ({@link #BEHIND}) are on the broker, behind the reading far ahead. Both have a
 * hub's scan two hours on. Held back for longer than a shipment's readings take to settle (30 s of wall clock),
 * {@link #BEHIND} looked like a silent logger, and was reported so (the LiveScorecardIT failure in docs/RELIABILITY.md).
 * Now neither is judged until the task has read what the partition held; then the dead logger is found.
 */
@DisplayName("A readings partition read behind the task's others in a catch-up is not a silent logger (real broker)")
class CatchUpSilenceIT {

    private static final String BEHIND = "SHP-READINGS-BEHIND";
    private static final String DEAD = "SHP-LOGGER-DEAD";
    private static final String AHEAD = "SHP-UPLOAD-AHEAD";
    private static final String FILLER = "SHP-TRACKER-ONLY";
    private static final String APPLICATION_ID = "catch-up-silence-it";
    /** Longer than a shipment's readings take to settle (30 s), with a margin. */
    private static final Duration HELD_BACK = Duration.ofSeconds(45);
    /** Fixes come this often while the readings are held back: well under max.task.idle.ms (500 ms). */
    private static final Duration FIX_EVERY = Duration.ofMillis(40);
    private static final Duration AT_MOST = Duration.ofMinutes(3);
    private static final Party SHIPPER = Party.newBuilder().setGln("7601234000017").setName("Shipper").build();

    @TempDir
    Path stateDir;

    @Test
    void shouldNotReportALoggerSilentWhileItsReadingsAreHeldBackOnTheBroker() throws Exception {
        // Hours old, not live; recent enough that the broker's retention keeps it (docs/RELIABILITY.md).
        final Instant departure = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.MINUTES);
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
             Admin admin = kafka.createAdmin()) {
            final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, 1, AvroSerdes.local());
            kafka.createTopics(topics);
            final TopicPartition readingsPartition = new TopicPartition(topics.temperatureReadings().name(), 0);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId(APPLICATION_ID).stateDir(stateDir).partitions(1).httpPort(-1).build();
            try (KafkaProducer<String, byte[]> producer = producer(kafka);
                 StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20))) {
                for (final String id : List.of(BEHIND, DEAD)) {
                    final ShipmentPlan plan = Plans.baselToFrankfurt(id, departure)
                            .setIssuedAt(departure.minus(Duration.ofHours(2)).toEpochMilli()).build();
                    send(producer, topics.shipmentPlans(), id, plan, plan.getIssuedAt());
                    scan(producer, topics, id, "shipping", departure);
                    for (int minute = 0; minute <= 60; minute += 5) {
                        reading(producer, topics, id, departure, minute);
                    }
                    scan(producer, topics, id, "storing", departure.plus(Duration.ofMinutes(180)));
                }
                // An upload five hours on; behind it on the partition, the rest of BEHIND's readings.
                reading(producer, topics, AHEAD, departure, 300);
                final long heldOffset = endOffset(admin, readingsPartition) - 1;
                for (int minute = 65; minute <= 240; minute += 5) {
                    reading(producer, topics, BEHIND, departure, minute);
                }
                producer.flush();

                streams.start();
                waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING, "the application runs");
                // A tracker's fixes from just after the readings stopped, on and on, all behind the upload ahead.
                final long started = System.nanoTime();
                long time = departure.plus(Duration.ofMinutes(61)).toEpochMilli();
                while (System.nanoTime() - started < HELD_BACK.toNanos()) {
                    send(producer, topics.locationFixes(), FILLER, fix(time), time);
                    producer.flush();
                    time += Duration.ofSeconds(15).toMillis();
                    Thread.sleep(FIX_EVERY.toMillis());
                }
                final long committedWhileHeld = committed(admin, readingsPartition);
                System.out.printf("readings partition: committed %d after %s of fixes; the upload ahead is at %d%n",
                        committedWhileHeld, HELD_BACK, heldOffset);
                scan(producer, topics, BEHIND, "receiving", departure.plus(Duration.ofMinutes(240)));
                producer.flush();

                final List<Alert> alerts = new ArrayList<>();
                try (KafkaConsumer<String, Alert> consumer = alertsConsumer(kafka, topics)) {
                    consumer.subscribe(List.of(topics.alerts().name()));
                    final long deadline = System.nanoTime() + AT_MOST.toNanos();
                    while (System.nanoTime() < deadline && alerts.stream().noneMatch(a -> silent(a, DEAD))) {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
                    }
                    // Whatever of BEHIND would have come, came before: it was judged first, or at the same time.
                    final long more = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (System.nanoTime() < more) {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
                    }
                }
                assertThat(alerts).as("the logger that stopped is found once its partition is read")
                        .filteredOn(a -> silent(a, DEAD)).extracting(Alert::getLastEvidenceTime)
                        .containsExactly(departure.plus(Duration.ofMinutes(120)).toEpochMilli());
                assertThat(alerts).as("the logger whose readings were held back on the broker is not silent")
                        .filteredOn(a -> a.getType() == AlertType.SENSOR_SILENT && a.getShipmentId().equals(BEHIND))
                        .isEmpty();
            }
        }
    }

    private static boolean silent(final Alert alert, final String shipment) {
        return alert.getType() == AlertType.SENSOR_SILENT && alert.getStatus() == AlertStatus.OPEN
                && alert.getShipmentId().equals(shipment);
    }

    private static void reading(final KafkaProducer<String, byte[]> producer, final TopicCatalogue topics,
                                final String id, final Instant departure, final int minute) throws Exception {
        final long time = departure.plus(Duration.ofMinutes(minute)).toEpochMilli();
        send(producer, topics.temperatureReadings(), id, TemperatureReading.newBuilder().setDeviceId("logger-" + id)
                .setShipmentId(id).setEventTime(time).setTemperatureCelsius(5.0).build(), time);
    }

    private static LocationFix fix(final long time) {
        return LocationFix.newBuilder().setDeviceId("tracker-" + FILLER).setShipmentId(FILLER).setEventTime(time)
                .setLat(48.5).setLon(8.0).setAccuracyMeters(10.0).build();
    }

    private static void scan(final KafkaProducer<String, byte[]> producer, final TopicCatalogue topics, final String id,
                             final String bizStep, final Instant at) throws Exception {
        final GeoPoint hub = GeoPoint.newBuilder().setLat(48.95).setLon(8.4).build();
        send(producer, topics.custodyEvents(), id, CustodyEvent.newBuilder().setEventId("urn:uuid:" + bizStep + "-" + id).setEventTime(at.toEpochMilli())
                .setRecordTime(at.toEpochMilli() + 60_000).setAction(EpcisAction.OBSERVE).setBizStep(bizStep)
                .setDisposition("in_progress").setEpcList(List.of("00614141123452.S1"))
                .setBizLocation(Area.newBuilder().setName("Hub").setCenter(hub).setRadiusMeters(200).build())
                .setCustodian(SHIPPER).setShipmentId(id).build(), at.toEpochMilli());
    }

    private static long endOffset(final Admin admin, final TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                .partitionResult(partition).get().offset();
    }

    private static long committed(final Admin admin, final TopicPartition partition) throws Exception {
        final OffsetAndMetadata offset = admin.listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get().get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private static KafkaConsumer<String, Alert> alertsConsumer(final LocalKafka kafka, final TopicCatalogue topics) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "catch-up-silence-it-reader"),
                topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer());
    }

    private static void waitUntil(final BooleanSupplier condition, final String what)
            throws InterruptedException {
        final long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
