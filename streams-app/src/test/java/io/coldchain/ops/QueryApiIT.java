package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.contract.Contracts;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.Plans;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The query API on two instances of the application: any instance answers for any shipment")
class QueryApiIT {

    private static final int PARTITIONS = 3;
    private static final String APPLICATION_ID = "query-api-it";
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Two shipments on each partition, so each instance holds some and must ask the other for the rest. */
    private static final List<String> SHIPMENTS = shipmentsOnEveryPartition(2);
    /** Trips started three hours ago: the broker keeps what it is sent, and the validators accept it. */
    private static final Instant DEPARTURE = Instant.now().minus(Duration.ofHours(3));

    @TempDir
    static Path stateDirs;

    private static LocalKafka kafka;
    private static StreamsRuntime first;
    private static StreamsRuntime second;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
        final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, PARTITIONS, AvroSerdes.local());
        kafka.createTopics(topics);
        publishFleet(topics);
        first = start("first");
        second = start("second");
        waitUntil("both instances RUNNING", () -> first.state() == KafkaStreams.State.RUNNING
                && second.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        for (final AutoCloseable closeable : new AutoCloseable[] {second, first, kafka}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void shouldListEveryShipmentOnEitherInstanceEachHoldingSomeOfThem() {
        for (final StreamsRuntime instance : List.of(first, second)) {
            waitUntil("instance " + instance.httpPort() + " lists every shipment", () -> {
                final JsonNode page = get(instance, "/api/shipments?size=100");
                return page != null && ids(page.get("items"), "shipmentId").equals(new TreeSet<>(SHIPMENTS))
                        && page.get("total").asInt() == SHIPMENTS.size();
            });
        }
        waitUntil("each instance holds some shipments and together all, once", () -> {
            final JsonNode one = get(first, "/api/shipments?local=true");
            final JsonNode two = get(second, "/api/shipments?local=true");
            if (one == null || two == null) {
                return false;
            }
            final Set<String> union = new TreeSet<>(ids(one.get("items"), "shipmentId"));
            union.addAll(ids(two.get("items"), "shipmentId"));
            return one.get("total").asInt() > 0 && two.get("total").asInt() > 0
                    && one.get("total").asInt() + two.get("total").asInt() == SHIPMENTS.size()
                    && union.equals(new TreeSet<>(SHIPMENTS));
        });
        final JsonNode secondPage = get(first, "/api/shipments?page=1&size=4");
        assertThat(secondPage.get("items")).hasSize(2);
        assertThat(secondPage.get("items").get(0).get("shipmentId").asText()).isEqualTo(new ArrayList<>(new TreeSet<>(SHIPMENTS)).get(4));
    }

    @Test
    void shouldAnswerEveryShipmentsDetailAndHistoryOnEitherInstance() {
        for (final String id : SHIPMENTS) {
            for (final StreamsRuntime instance : List.of(first, second)) {
                waitUntil(id + " on instance " + instance.httpPort(), () -> {
                    final JsonNode detail = get(instance, "/api/shipments/" + id);
                    return detail != null && id.equals(detail.get("shipmentId").asText())
                            && detail.get("temperature").isObject() && detail.get("lastPosition").isObject()
                            && detail.get("custody").size() == 1;
                });
                final JsonNode detail = get(instance, "/api/shipments/" + id);
                assertThat(detail.get("product").get("lot").asText()).isEqualTo("L42");
                assertThat(detail.get("plannedDeparture").asText()).isEqualTo(Instant.ofEpochMilli(
                        detail.get("plannedDepartureMs").asLong()).toString());
                final JsonNode track = get(instance, "/api/shipments/" + id + "/track");
                assertThat(track.get("points").size()).isBetween(2, 40);
                final JsonNode temperatures = get(instance, "/api/shipments/" + id + "/temperatures");
                assertThat(temperatures.get("points").size()).isBetween(2, 40);
            }
        }
        assertThat(status(first, "/api/shipments/NO-SUCH-SHIPMENT")).isEqualTo(404);
        assertThat(status(second, "/api/shipments/NO-SUCH-SHIPMENT")).isEqualTo(404);
    }

    @Test
    void shouldAgreeOnTheAlertsAndRecordAnAcknowledgementMadeOnEither() throws Exception {
        waitUntil("both instances show the same alerts, one warm spell per warm shipment at least", () -> {
            final JsonNode one = get(first, "/api/alerts?status=all&limit=500");
            final JsonNode two = get(second, "/api/alerts?status=all&limit=500");
            return one != null && two != null && ids(one.get("items"), "alertId").equals(ids(two.get("items"), "alertId"))
                    && warmShipments().stream().allMatch(id -> ids(one.get("items"), "shipmentId").contains(id));
        });
        final JsonNode alert = get(first, "/api/alerts?type=TEMPERATURE_EXCURSION&limit=1").get("items").get(0);
        final String alertId = alert.get("alertId").asText();
        assertThat(alert.get("detectedAt").asText()).isEqualTo(Instant.ofEpochMilli(alert.get("detectedAtMs").asLong()).toString());

        final HttpResponse<String> ack = HTTP.send(HttpRequest.newBuilder(uri(second, "/api/alerts/" + alertId + "/ack"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"dana\",\"comment\":\"reefer reset\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        assertThat(JSON.readTree(ack.body()).get("by").asText()).isEqualTo("dana");

        for (final StreamsRuntime instance : List.of(first, second)) {
            waitUntil("the acknowledgement shows on instance " + instance.httpPort(), () -> {
                final JsonNode items = get(instance, "/api/alerts?status=all&limit=500");
                if (items == null) {
                    return false;
                }
                for (final JsonNode item : items.get("items")) {
                    if (item.get("alertId").asText().equals(alertId)) {
                        return item.get("ack").isObject() && item.get("ack").get("by").asText().equals("dana");
                    }
                }
                return false;
            });
        }
        final HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri(first, "/api/alerts/" + alertId + "/ack"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"who am I\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(400);
    }

    private static StreamsRuntime start(final String name) throws IOException {
        final StreamsSettings settings = StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .applicationId(APPLICATION_ID).stateDir(stateDirs.resolve(name)).partitions(PARTITIONS)
                .commitIntervalMs(100).httpPort(0).build();
        final StreamsRuntime runtime = new StreamsRuntime(settings, Duration.ofSeconds(20));
        runtime.start();
        return runtime;
    }

    /** Every other shipment warms up to 12 °C for 40 minutes. */
    private static List<String> warmShipments() {
        final List<String> warm = new ArrayList<>();
        for (int i = 0; i < SHIPMENTS.size(); i += 2) {
            warm.add(SHIPMENTS.get(i));
        }
        return warm;
    }

    /** Per shipment: a plan, one custody scan at the origin, and two and a half hours of readings and fixes. */
    private static void publishFleet(final TopicCatalogue topics) throws Exception {
        try (KafkaProducer<String, ShipmentPlan> plans = producer(topics.shipmentPlans().valueSerde().serializer());
             KafkaProducer<String, TemperatureReading> readings = producer(topics.temperatureReadings().valueSerde().serializer());
             KafkaProducer<String, LocationFix> fixes = producer(topics.locationFixes().valueSerde().serializer());
             KafkaProducer<String, CustodyEvent> custody = producer(topics.custodyEvents().valueSerde().serializer())) {
            final List<String> warm = warmShipments();
            for (final String id : SHIPMENTS) {
                final ShipmentPlan plan = Plans.baselToFrankfurt(id)
                        .setPlannedDeparture(DEPARTURE.toEpochMilli())
                        .setPlannedArrival(DEPARTURE.plus(Duration.ofHours(4)).toEpochMilli())
                        .setIssuedAt(DEPARTURE.minus(Duration.ofHours(1)).toEpochMilli()).build();
                plans.send(new ProducerRecord<>(topics.shipmentPlans().name(), null, plan.getIssuedAt(), id, plan)).get();
                final CustodyEvent scan = Contracts.toWire(RouteFixtures.scan(id, "shipping", Contracts.toDomain(plan.getOrigin()),
                        DEPARTURE.toEpochMilli()));
                custody.send(new ProducerRecord<>(topics.custodyEvents().name(), null, scan.getEventTime(), id, scan)).get();
                for (int minute = 0; minute <= 150; minute += 5) {
                    final long at = DEPARTURE.plus(Duration.ofMinutes(minute)).toEpochMilli();
                    final double celsius = warm.contains(id) && minute >= 40 && minute < 80 ? 12.0 : 5.0;
                    final TemperatureReading reading = TemperatureReading.newBuilder().setDeviceId("logger-" + id)
                            .setShipmentId(id).setEventTime(at).setTemperatureCelsius(celsius).build();
                    readings.send(new ProducerRecord<>(topics.temperatureReadings().name(), null, at, id, reading));
                    // Along the route from Basel toward Frankfurt, about 1 km a minute.
                    final double progress = minute / 240.0;
                    final LocationFix fix = Contracts.toWire(RouteFixtures.fix(id, at, 47.5596 + progress * (50.1109 - 47.5596),
                            7.5886 + progress * (8.6821 - 7.5886), 10.0));
                    fixes.send(new ProducerRecord<>(topics.locationFixes().name(), null, at, id, fix));
                }
            }
        }
    }

    private static <V> KafkaProducer<String, V> producer(final Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), values);
    }

    /** Ids whose keys hash to every partition, {@code each} per partition, as the default partitioner spreads them. */
    private static List<String> shipmentsOnEveryPartition(final int each) {
        final int[] counts = new int[PARTITIONS];
        final List<String> ids = new ArrayList<>();
        for (int n = 1; ids.size() < each * PARTITIONS; n++) {
            final String id = String.format("SHP-QAPI-%03d", n);
            final int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (counts[partition] < each) {
                counts[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    private static URI uri(final StreamsRuntime instance, final String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + instance.httpPort() + pathAndQuery);
    }

    /** The JSON body of a 200, or null for any other answer (503 while rebalancing, 404 before restoring). */
    private static JsonNode get(final StreamsRuntime instance, final String pathAndQuery) {
        try {
            final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(instance, pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int status(final StreamsRuntime instance, final String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(instance, pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Set<String> ids(final JsonNode items, final String field) {
        final Set<String> ids = new TreeSet<>();
        items.forEach(item -> ids.add(item.get(field).asText()));
        return ids;
    }

    private static void waitUntil(final String what, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + PATIENCE + " for: " + what).isLessThan(deadline);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
