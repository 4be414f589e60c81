package io.coldchain.streams;

import static io.coldchain.streams.SerialScenario.receiving;
import static io.coldchain.streams.SerialScenario.scan;
import static io.coldchain.streams.SerialScenario.sgtin;
import static io.coldchain.streams.EventTimeSends.producer;
import static io.coldchain.streams.EventTimeSends.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial checks wait for a pack's sightings that are still on the broker, behind a partition the application reads
 * late, however long past the settle time that lasts (real broker). The case of OtherProducersIT's p12 on a loaded
 * machine, made to happen on purpose: the genuine pack ships at Basel and is received at Frankfurt five hours later
 * (partition {@code g}); its clone is scanned at Hamburg 40 min after the Basel scan and at Altona 55 min after that
 * (partition {@code c}). On partition {@code c} the clone's scans are behind an upload hours ahead, and a tracker's fixes,
 * behind that upload in time, keep coming for {@link #HELD_BACK}: Kafka Streams reads a task's partitions by their head
 * records' timestamps, so the custody partition waits. Applied once none had arrived for the settle time (10 s), the
 * genuine scans were judged alone and the clone's compared with them afterwards, in arrival order; now the checks wait
 * until the application has read what the custody and plan topics held when the genuine scans came, and give the
 * in-order findings: an impossible trip and a duplicate, both of the clone's shipment, nothing of the genuine one.
 */
@DisplayName("The serial checks wait for sightings held back on the broker behind a partition read late (real broker)")
class SerialArrivalIT {

    private static final int PARTITIONS = 2;
    private static final String APPLICATION_ID = "serial-arrival-it";
    /** Three times the settle time. */
    private static final Duration HELD_BACK = Duration.ofSeconds(30);
    /** Fixes come this often while the custody partition is held back: well under max.task.idle.ms (500 ms). */
    private static final Duration FIX_EVERY = Duration.ofMillis(40);
    private static final Duration AT_MOST = Duration.ofMinutes(4);
    private static final String PACK = sgtin("P12");
    private static final Area HAMBURG = SerialScenario.area("Hamburg DC", 53.5511, 9.9937);
    private static final Area ALTONA = SerialScenario.area("Apotheke Altona", 53.5503, 9.9350);

    @TempDir
    Path stateDir;

    @Test
    void shouldJudgeACloneInEventOrderWhenItsScansReachTheChecksLongAfterTheGenuinePacks() throws Exception {
        // Hours old (the event-time window refuses the future); the upload ahead an hour before now.
        final Instant departure = Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MINUTES);
        final String genuine = onPartition("SHP-GENUINE-", 0);
        final String clone = onPartition("SHP-CLONE-", 1);
        final String ahead = onPartition("SHP-UPLOAD-AHEAD-", 1);
        final String tracker = onPartition("SHP-TRACKER-ONLY-", 1);
        final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, PARTITIONS, AvroSerdes.local());
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            kafka.createTopics(topics);
            final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .applicationId(APPLICATION_ID).stateDir(stateDir).partitions(PARTITIONS).httpPort(-1).build();
            try (KafkaProducer<String, byte[]> producer = producer(kafka);
                 StreamsRuntime streams = new StreamsRuntime(settings, Duration.ofSeconds(20))) {
                plan(producer, topics, genuine, departure, PACK);
                plan(producer, topics, clone, departure, sgtin("OTHER-1"));
                plan(producer, topics, ahead, departure, sgtin("OTHER-2"));
                // Partition c: the upload ahead, then the clone's scans; fixes behind the upload in time, from the start.
                custody(producer, topics, departure, 660, scan("ev-ahead", ahead, 0, sgtin("OTHER-2")));
                custody(producer, topics, departure, 40, scan("ev-hamburg", clone, 0, PACK).setBizLocation(HAMBURG));
                custody(producer, topics, departure, 95, receiving("ev-altona", clone, 0, PACK).setBizLocation(ALTONA));
                long fixTime = departure.plus(Duration.ofHours(2)).toEpochMilli();
                for (int i = 0; i < 20; i++, fixTime += Duration.ofSeconds(15).toMillis()) {
                    fix(producer, topics, tracker, fixTime);
                }
                // Partition g: the genuine pack's two scans, read at once.
                custody(producer, topics, departure, 0, scan("ev-basel", genuine, 0, PACK));
                custody(producer, topics, departure, 300, receiving("ev-frankfurt", genuine, 0, PACK));
                producer.flush();

                streams.start();
                assertThat(streams.awaitRunning(AT_MOST)).as("the application runs").isTrue();
                final long started = System.nanoTime();
                while (System.nanoTime() - started < HELD_BACK.toNanos()) {
                    fix(producer, topics, tracker, fixTime);
                    producer.flush();
                    fixTime += Duration.ofSeconds(15).toMillis();
                    Thread.sleep(FIX_EVERY.toMillis());
                }

                final List<Alert> alerts = new ArrayList<>();
                try (KafkaConsumer<String, Alert> consumer = alertsConsumer(kafka, topics)) {
                    consumer.subscribe(List.of(topics.alerts().name()));
                    final long deadline = System.nanoTime() + AT_MOST.toNanos();
                    while (System.nanoTime() < deadline && !(opened(alerts, clone, AlertType.IMPOSSIBLE_TRAVEL)
                            && opened(alerts, clone, AlertType.DUPLICATE_SERIAL))) {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
                    }
                    // Whatever of the genuine shipment would have come, came before: it was judged first.
                    final long more = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (System.nanoTime() < more) {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
                    }
                }
                final List<Alert> ofPack = alerts.stream().filter(a -> PACK.equals(a.getSerial())).toList();
                System.out.println("alerts of the pack: " + ofPack.stream()
                        .map(a -> a.getType() + " " + a.getStatus() + " " + a.getShipmentId() + ": " + a.getSummary())
                        .toList());
                assertThat(ofPack).as("the in-order findings, both of the clone's shipment, each opened once")
                        .extracting(Alert::getShipmentId, Alert::getType, Alert::getStatus)
                        .containsExactlyInAnyOrder(
                                tuple(clone, AlertType.IMPOSSIBLE_TRAVEL, AlertStatus.OPEN),
                                tuple(clone, AlertType.DUPLICATE_SERIAL, AlertStatus.OPEN));
            }
        }
    }

    private static boolean opened(final List<Alert> alerts, final String shipment, final AlertType type) {
        return alerts.stream().anyMatch(a -> a.getType() == type && a.getStatus() == AlertStatus.OPEN
                && a.getShipmentId().equals(shipment) && PACK.equals(a.getSerial()));
    }

    /** The first of {@code prefix}1, {@code prefix}2, ... that the default partitioner puts on {@code partition}. */
    private static String onPartition(final String prefix, final int partition) {
        for (int i = 1; ; i++) {
            final String key = prefix + i;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return key;
            }
        }
    }

    private static void plan(final KafkaProducer<String, byte[]> producer, final TopicCatalogue topics, final String id,
                             final Instant departure, final String serial) throws Exception {
        final ShipmentPlan plan = SerialScenario.planOf(id, serial)
                .setPlannedDeparture(departure.toEpochMilli())
                .setPlannedArrival(departure.plus(Duration.ofHours(4)).toEpochMilli())
                .setIssuedAt(departure.minus(Duration.ofHours(2)).toEpochMilli()).build();
        send(producer, topics.shipmentPlans(), id, plan, plan.getIssuedAt());
    }

    /** The scan {@code minutes} after {@code departure}, recorded 30 s later. */
    private static void custody(final KafkaProducer<String, byte[]> producer, final TopicCatalogue topics,
                                final Instant departure, final int minutes, final CustodyEvent.Builder scan)
            throws Exception {
        final long time = departure.plus(Duration.ofMinutes(minutes)).toEpochMilli();
        final CustodyEvent event = scan.setEventTime(time).setRecordTime(time + 30_000).build();
        send(producer, topics.custodyEvents(), event.getShipmentId(), event, time);
    }

    private static void fix(final KafkaProducer<String, byte[]> producer, final TopicCatalogue topics, final String id,
                            final long time) throws Exception {
        send(producer, topics.locationFixes(), id, LocationFix.newBuilder().setDeviceId("tracker-" + id)
                .setShipmentId(id).setEventTime(time).setLat(48.5).setLon(8.0).setAccuracyMeters(10.0).build(), time);
    }

    private static KafkaConsumer<String, Alert> alertsConsumer(final LocalKafka kafka, final TopicCatalogue topics) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, APPLICATION_ID + "-reader"),
                topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer());
    }
}
