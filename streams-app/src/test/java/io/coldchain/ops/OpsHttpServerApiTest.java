package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.api.AlertEvents;
import io.coldchain.ops.api.ApiHandler;
import io.coldchain.ops.api.ApiViews;
import io.coldchain.ops.api.Cluster;
import io.coldchain.ops.api.LocalStores;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The query API behind the ops server: token, methods, acknowledgements and Server-Sent Events over HTTP")
class OpsHttpServerApiTest {

    private static final String TOKEN = "s3cret-token";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    private final List<AlertAcknowledgement> written = new ArrayList<>();
    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());
    private final AlertEvents events = new AlertEvents(Map.of(), topics.alerts(), topics.acknowledgements());
    private OpsHttpServer server;

    @AfterEach
    void stop() {
        events.close();
        if (server != null) {
            server.close();
        }
    }

    private void start(final String token) {
        server = OpsHttpServer.open(new OpsHttpServer.Options("127.0.0.1", 0, token, OpsHttpServer.DEFAULT_IDLE_TIMEOUT));
        server.serve(new FakeOpsSource(), new ApiHandler(new OneAlert(), Cluster.ALONE, (instance, path) -> {
            throw new AssertionError("a cluster of one forwards nothing");
        }, written::add, Clock.systemUTC()), events);
    }

    @Test
    void shouldNeedTheTokenWhenOneIsConfigured() throws Exception {
        start(TOKEN);
        assertThat(send(get("/api/alerts")).statusCode()).isEqualTo(401);
        final HttpResponse<String> ok = send(get("/api/alerts").header("Authorization", "Bearer " + TOKEN));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"alertId\":\"AL-1\"", "\"detectedAt\":\"1970-01-01T00:00:01Z\"");
        assertThat(send(post("/api/alerts/AL-1/ack", "{\"by\":\"dana\"}")).statusCode()).isEqualTo(401);
        assertThat(written).isEmpty();
    }

    @Test
    void shouldAcknowledgeWithPostAndRefuseOtherMethods() throws Exception {
        start(null);
        final HttpResponse<String> accepted = send(post("/api/alerts/AL-1/ack", "{\"by\":\"dana\",\"comment\":\"ok\"}"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(written).singleElement().satisfies(ack -> assertThat(ack.getShipmentId()).isEqualTo("SHP-1"));
        assertThat(send(post("/api/alerts", "{}")).statusCode()).isEqualTo(405);
        assertThat(send(get("/api/shipments/SHP-1")).statusCode()).isEqualTo(404);
        assertThat(send(get("/api/shipments?size=5000")).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldStreamEventsToASubscriber() throws Exception {
        start(null);
        final HttpResponse<InputStream> stream = client.send(get("/api/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo(": connected");
            final CompletableFuture<List<String>> next = CompletableFuture.supplyAsync(() -> {
                try {
                    final List<String> read = new ArrayList<>();
                    String line;
                    while ((line = lines.readLine()) != null && !line.startsWith("data:")) {
                        read.add(line);
                    }
                    read.add(line);
                    return read;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            events.publishForTest("ack", Map.of("alertId", "AL-1", "by", "dana"));
            final List<String> read = next.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(read).contains("event: ack");
            assertThat(read.get(read.size() - 1)).startsWith("data: {").contains("\"by\":\"dana\"");
        }
    }

    private HttpRequest.Builder get(final String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(PATIENCE).GET();
    }

    private HttpRequest.Builder post(final String path, final String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(PATIENCE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One alert, no shipments. */
    private static final class OneAlert implements LocalStores {
        private final ApiViews.AlertView alert = new ApiViews.AlertView("AL-1", "SHP-1", "ROUTE_DEVIATION", "corridor",
                "HIGH", "OPEN", "1970-01-01T00:00:01Z", 1_000, "1970-01-01T00:00:02Z", 2_000, "off route", Map.of(), null);

        @Override
        public List<ApiViews.ShipmentItem> shipments() {
            return List.of();
        }

        @Override
        public Optional<ApiViews.ShipmentDetail> shipment(final String shipmentId) {
            return Optional.empty();
        }

        @Override
        public Optional<ApiViews.Track> track(final String shipmentId) {
            return Optional.empty();
        }

        @Override
        public Optional<ApiViews.Temperatures> temperatures(final String shipmentId) {
            return Optional.empty();
        }

        @Override
        public List<ApiViews.AlertView> alerts() {
            return List.of(alert);
        }

        @Override
        public Optional<ApiViews.AlertView> alert(final String alertId) {
            return alertId.equals("AL-1") ? Optional.of(alert) : Optional.empty();
        }
    }
}
