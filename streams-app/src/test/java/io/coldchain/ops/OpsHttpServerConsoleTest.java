package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ops server serves the web console at / (no token: the page holds no data) and keeps the token on the rest. */
class OpsHttpServerConsoleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(PATIENCE).build();
    private OpsHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheConsoleWithoutTheTokenAndTheDataOnlyWithIt() throws Exception {
        server = OpsHttpServer.start(new OpsHttpServer.Options("127.0.0.1", 0, "s3cret", OpsHttpServer.DEFAULT_IDLE_TIMEOUT),
                new FakeOpsSource());

        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/").body()).contains("coldchain console");
        assertThat(get("/console/vendor/leaflet/leaflet.js").statusCode()).isEqualTo(200);
        assertThat(get("/shipments/SHP-1").statusCode()).isEqualTo(401);
        assertThat(get("/metrics").statusCode()).isEqualTo(401);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }
}
