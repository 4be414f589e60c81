package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.Severity;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.Plans;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ops endpoints over real HTTP on loopback, in front of a {@link FakeOpsSource}. */
class OpsHttpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token";
    private static final Instant LAST_READING = Plans.DEPARTURE.plus(Duration.ofMinutes(90));
    /** Generous: these bounds catch a server that hangs, not one that is a little slow on a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PATIENCE).build();
    private final FakeOpsSource source = new FakeOpsSource();
    private final List<Socket> sockets = new ArrayList<>();
    private OpsHttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (final Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private OpsHttpServer start(final String token) {
        return start(token, OpsHttpServer.DEFAULT_IDLE_TIMEOUT);
    }

    private OpsHttpServer start(final String token, final Duration idleTimeout) {
        server = OpsHttpServer.start(new OpsHttpServer.Options("127.0.0.1", 0, token, idleTimeout), source);
        return server;
    }

    private HttpResponse<String> get(final String path, final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(PATIENCE).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The path quoted as a URI needs it, so any characters can be sent. */
    private URI uri(final String path) throws URISyntaxException {
        return new URI("http", null, "127.0.0.1", server.port(), path, null, null);
    }

    private static JsonNode json(final HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    /** A Basel → Frankfurt shipment with one open band excursion, as the stores would hold it. */
    private static OpsSource.Shipment shipment(final String id, final Long deliveredAt) {
        final ShipmentPlan plan = Contracts.toDomain(Plans.baselToFrankfurt(id).build());
        final TemperatureState.RuleState band = new TemperatureState.RuleState("9ac3ce2a4f1e6b70", true,
                LAST_READING.minus(Duration.ofMinutes(20)).toEpochMilli(), Severity.MEDIUM, -1, 0, 0, -1, 10.1, 0);
        final TemperatureState.RuleState closed = new TemperatureState.RuleState("0000000000000001", false, -1, null, -1, 0,
                0, -1, null, 0);
        final TemperatureState state = new TemperatureState("refrigerated-2-8", Plans.DEPARTURE.toEpochMilli(),
                LAST_READING.toEpochMilli(), 9.5, 0, new TreeMap<>(Map.of("storage-band", band, "instant-high", closed)),
                List.of(), null, 0, null);
        return new OpsSource.Shipment(plan, deliveredAt, state);
    }

    @Nested
    @DisplayName("listening")
    class Listening {

        @Test
        void shouldListenOnLoopbackByDefault() throws Exception {
            final StreamsSettings defaults = StreamsSettings.builder().httpPort(0).build();

            server = OpsHttpServer.start(OpsHttpServer.Options.of(defaults), source);

            assertThat(server.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(get("/health/live").statusCode()).isEqualTo(200);
        }

        @Test
        void shouldListenWhereTheBindSettingSays() throws Exception {
            // Another loopback address (Linux routes all of 127/8 to lo), so the test opens nothing to the network.
            final StreamsSettings settings = StreamsSettings.builder().httpPort(0).httpBind("127.0.0.2").build();

            server = OpsHttpServer.start(OpsHttpServer.Options.of(settings), source);

            assertThat(server.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.2"));
        }

        @Test
        void shouldSayInOneLineWhenThePortIsTaken() {
            start(null);
            final int taken = server.port();

            final Throwable failure = catchThrowable(() -> OpsHttpServer.start(
                    new OpsHttpServer.Options("127.0.0.1", taken, null, OpsHttpServer.DEFAULT_IDLE_TIMEOUT), source));

            assertThat(failure).isInstanceOf(io.coldchain.errors.UserError.class)
                    .hasMessageContaining("127.0.0.1:" + taken).hasMessageContaining("--http-port");
            assertThat(UserErrors.message((Exception) failure, null, java.util.List.of())).as("one line for the user")
                    .contains(failure.getMessage());
        }
    }

    @Nested
    @DisplayName("/health/live")
    class Live {

        @ParameterizedTest
        @EnumSource(value = KafkaStreams.State.class, names = {"CREATED", "REBALANCING", "RUNNING"})
        void shouldBeUpWhileTheClientCanWork(final KafkaStreams.State state) throws Exception {
            start(TOKEN);
            source.state = state;

            final HttpResponse<String> response = get("/health/live");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("status").asText()).isEqualTo("UP");
            assertThat(json(response).path("state").asText()).isEqualTo(state.name());
        }

        @ParameterizedTest
        @EnumSource(value = KafkaStreams.State.class, names = {"ERROR", "PENDING_ERROR"})
        void shouldBeDownOnceTheClientFailed(final KafkaStreams.State state) throws Exception {
            start(null);
            source.state = state;

            final HttpResponse<String> response = get("/health/live");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).path("status").asText()).isEqualTo("DOWN");
        }

        @Test
        void shouldBeDownOnceAStreamThreadDiedWithoutReplacement() throws Exception {
            start(null);
            source.state = KafkaStreams.State.RUNNING;
            source.threadDead = true;

            final HttpResponse<String> response = get("/health/live");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).path("reason").asText()).contains("stream thread");
        }
    }

    @Nested
    @DisplayName("/health/ready")
    class Ready {

        @Test
        void shouldBeReadyWhenRunningWithoutAToken() throws Exception {
            start(TOKEN);
            source.state = KafkaStreams.State.RUNNING;

            final HttpResponse<String> response = get("/health/ready");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("state").asText()).isEqualTo("RUNNING");
        }

        @ParameterizedTest
        @EnumSource(value = KafkaStreams.State.class, mode = EnumSource.Mode.EXCLUDE, names = "RUNNING")
        void shouldNotBeReadyInAnyOtherState(final KafkaStreams.State state) throws Exception {
            start(null);
            source.state = state;

            final HttpResponse<String> response = get("/health/ready");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).path("state").asText()).isEqualTo(state.name());
        }

        @Test
        void shouldNotBeReadyWhileTheSchemaRegistryIsDownButStayLive() throws Exception {
            start(null);
            source.state = KafkaStreams.State.RUNNING;
            source.dependenciesAvailable = false;

            final HttpResponse<String> ready = get("/health/ready");

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).path("reason").asText()).contains("schema registry");
            assertThat(get("/health/live").statusCode()).as("waiting is not dead").isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("/metrics")
    class Metrics {

        @Test
        void shouldServePrometheusTextWithoutATokenWhenNoneIsConfigured() throws Exception {
            start(null);

            final HttpResponse<String> response = get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(response.body()).contains("coldchain_test_total 1.0");
        }

        @Test
        void shouldRefuseWithoutTheToken() throws Exception {
            start(TOKEN);

            final HttpResponse<String> none = get("/metrics");
            final HttpResponse<String> wrong = get("/metrics", "Authorization", "Bearer not-" + TOKEN);
            final HttpResponse<String> basic = get("/metrics", "Authorization", "Basic " + TOKEN);
            final HttpResponse<String> prefix = get("/metrics", "Authorization", "Bearer " + TOKEN.substring(1));

            for (final HttpResponse<String> response : List.of(none, wrong, basic, prefix)) {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        value -> assertThat(value).startsWith("Bearer"));
                assertThat(json(response).path("error").asText()).contains("Authorization: Bearer");
                assertThat(response.body()).doesNotContain("coldchain_test_total").doesNotContain(TOKEN);
            }
        }

        @Test
        void shouldServeWithTheToken() throws Exception {
            start(TOKEN);

            final HttpResponse<String> response = get("/metrics", "Authorization", "Bearer " + TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("coldchain_test_total 1.0");
        }
    }

    @Nested
    @DisplayName("/shipments/{id}")
    class Shipments {

        @Test
        void shouldAnswerWhatAnOperationsCentreNeedsWithoutSerialsOrCustodians() throws Exception {
            start(null);
            source.shipments.put("SHP-000001", shipment("SHP-000001", null));

            final HttpResponse<String> response = get("/shipments/SHP-000001");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            final JsonNode body = json(response);
            assertThat(body.path("shipmentId").asText()).isEqualTo("SHP-000001");
            assertThat(body.path("status").asText()).isEqualTo("IN_TRANSIT");
            assertThat(body.path("deliveredAt").isNull()).isTrue();
            assertThat(body.path("product").path("name").asText()).isEqualTo("Vaccine X");
            assertThat(body.path("product").path("gtin").asText()).isEqualTo("00614141123452");
            assertThat(body.path("product").path("lot").asText()).isEqualTo("L42");
            assertThat(body.path("product").path("expiryDate").asText()).isEqualTo("2027-06-30");
            assertThat(body.path("origin").asText()).isEqualTo("Basel DC");
            assertThat(body.path("destination").asText()).isEqualTo("Frankfurt DC");
            assertThat(body.path("plannedDeparture").asText()).isEqualTo("2026-11-02T06:00:00Z");
            assertThat(body.path("plannedArrival").asText()).isEqualTo("2026-11-02T10:00:00Z");
            final JsonNode temperature = body.path("temperature");
            assertThat(temperature.path("lastReadingAt").asText()).isEqualTo("2026-11-02T07:30:00Z");
            assertThat(temperature.path("lastCelsius").asDouble()).isEqualTo(9.5);
            assertThat(temperature.path("silent").asBoolean()).isFalse();
            assertThat(temperature.path("openExcursions")).hasSize(1);
            final JsonNode excursion = temperature.path("openExcursions").get(0);
            assertThat(excursion.path("rule").asText()).isEqualTo("storage-band");
            assertThat(excursion.path("since").asText()).isEqualTo("2026-11-02T07:10:00Z");
            assertThat(excursion.path("severity").asText()).isEqualTo("MEDIUM");
            assertThat(excursion.path("peakCelsius").asDouble()).isEqualTo(10.1);
            assertThat(body.has("serials")).isFalse();
            assertThat(body.has("custodians")).isFalse();
            assertThat(response.body()).doesNotContain("00614141123452.S1").doesNotContain("7601234000017")
                    .doesNotContain("waypoints");
        }

        @Test
        void shouldShowSerialsAndCustodiansOnlyToACallerWithTheToken() throws Exception {
            start(TOKEN);
            source.shipments.put("SHP-000001", shipment("SHP-000001", null));

            final HttpResponse<String> without = get("/shipments/SHP-000001");
            final HttpResponse<String> with = get("/shipments/SHP-000001", "Authorization", "Bearer " + TOKEN);

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).doesNotContain("00614141123452.S1");
            assertThat(with.statusCode()).isEqualTo(200);
            final JsonNode body = json(with);
            assertThat(body.path("serials").get(0).asText()).isEqualTo("00614141123452.S1");
            assertThat(body.path("custodians").get(0).path("gln").asText()).isEqualTo("7601234000017");
            assertThat(body.path("custodians").get(0).path("name").asText()).isEqualTo("Shipper");
        }

        @Test
        void shouldSayDeliveredOnceTheScansShowIt() throws Exception {
            start(null);
            final Instant delivered = Plans.DEPARTURE.plus(Duration.ofHours(4));
            source.shipments.put("SHP-000002", shipment("SHP-000002", delivered.toEpochMilli()));

            final JsonNode body = json(get("/shipments/SHP-000002"));

            assertThat(body.path("status").asText()).isEqualTo("DELIVERED");
            assertThat(body.path("deliveredAt").asText()).isEqualTo("2026-11-02T10:00:00Z");
        }

        @Test
        void shouldAnswerNullTemperatureBeforeTheFirstReading() throws Exception {
            start(null);
            final OpsSource.Shipment planned = shipment("SHP-000003", null);
            source.shipments.put("SHP-000003", new OpsSource.Shipment(planned.plan(), null, null));

            final JsonNode body = json(get("/shipments/SHP-000003"));

            assertThat(body.path("temperature").isNull()).isTrue();
        }

        @Test
        void shouldAnswer404ForAShipmentThisInstanceDoesNotHold() throws Exception {
            start(null);

            final HttpResponse<String> response = get("/shipments/SHP-404");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).path("error").asText()).contains("SHP-404");
        }

        @Test
        void shouldAnswer503WhileTheStoresCannotBeQueried() throws Exception {
            start(null);
            source.storesUnavailable = true;

            final HttpResponse<String> response = get("/shipments/SHP-000001");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).path("error").asText()).contains("try again");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"}, \"x\": \"", "<script>alert(1)</script>", "a b", "a'b", "a;b", "a\\b", "a/b", ""})
        void shouldRefuseIdsThatAreNotShipmentIdsWithJsonThatParses(final String id) throws Exception {
            start(null);

            final HttpResponse<String> response = get("/shipments/" + id);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isNotBlank();
            assertThat(response.body()).doesNotContain("<script>").doesNotContain("\"x\"");
        }

        @Test
        void shouldRefuseAnIdLongerThan128Characters() throws Exception {
            start(null);

            assertThat(get("/shipments/" + "A".repeat(129)).statusCode()).isEqualTo(400);
            assertThat(get("/shipments/" + "A".repeat(128)).statusCode()).isEqualTo(404);
        }

        @Test
        void shouldAcceptEveryCharacterOfTheIdAlphabet() throws Exception {
            start(null);
            source.shipments.put("Shp_1.2:3-4", shipment("Shp_1.2:3-4", null));

            assertThat(get("/shipments/Shp_1.2:3-4").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("requests the server does not serve")
    class Refused {

        @Test
        void shouldAnswer404ForAnUnknownPath() throws Exception {
            start(null);

            final HttpResponse<String> response = get("/admin");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).path("error").asText()).contains("/health/live");
        }

        @Test
        void shouldAnswer405ForAnythingButGet() throws Exception {
            start(null);

            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/health/live"))
                    .timeout(PATIENCE).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET");
            assertThat(json(response).has("error")).isTrue();
        }

        @Test
        void shouldAnswer400ToARequestLineThatIsNotHttp() throws Exception {
            start(null);

            final String answer = exchange("NOT AN HTTP REQUEST\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        }

        @Test
        void shouldAnswer400ToABadlyEncodedPath() throws Exception {
            start(null);

            final String answer = exchange("GET /shipments/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).has("error")).isTrue();
        }

        @Test
        void shouldRefuseHeadersThatAreTooLarge() throws Exception {
            start(null);

            final String answer = exchange("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024)
                    + "\r\nConnection: close\r\n\r\n");

            assertThat(answer).matches("(?s)HTTP/1\\.1 4(31|00|13).*");
            assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        }

        /** Sends raw bytes and reads the answer until the server closes the connection. */
        private String exchange(final String raw) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout((int) PATIENCE.toMillis());
                final OutputStream out = socket.getOutputStream();
                try {
                    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // the server may answer and close before a large request is fully sent
                }
                return new String(readUntilClosed(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Nested
    @DisplayName("slow clients")
    class SlowClients {

        @Test
        void shouldAnswerHealthWhileManyClientsStallHalfWayThroughARequest() throws Exception {
            start(TOKEN);
            for (int i = 0; i < 40; i++) {
                stall("GET /health/ready HTTP/1.1\r\nHost: localhost\r\nX-Half: ");
            }

            final long started = System.nanoTime();
            final HttpResponse<String> ready = get("/health/ready");
            final HttpResponse<String> live = get("/health/live");
            final HttpResponse<String> metrics = get("/metrics", "Authorization", "Bearer " + TOKEN);

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(OpsHttpServer.DEFAULT_IDLE_TIMEOUT);
        }

        @Test
        void shouldCloseAConnectionThatStallsLongerThanTheIdleTimeout() throws Exception {
            start(null, Duration.ofMillis(500));
            final Socket stalled = stall("GET /health/ready HTTP/1.1\r\nHost: loc");
            stalled.setSoTimeout((int) PATIENCE.toMillis());

            final byte[] answer = readUntilClosed(stalled.getInputStream());

            // Closed by the server (read returns end of stream), with or without a 408 first; never a 200.
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("200");
            assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        }

        private Socket stall(final String half) throws IOException {
            final Socket socket = new Socket("127.0.0.1", server.port());
            sockets.add(socket);
            socket.getOutputStream().write(half.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return socket;
        }
    }

    /** Reads until end of stream; a read timeout (the socket's) fails the test. */
    private static byte[] readUntilClosed(final InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
