package io.coldchain.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleHandlerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(PATIENCE).build();
    private Server server;
    private int port;

    /** The console first, then a handler that answers 418 for whatever the console leaves to it. */
    @BeforeEach
    void start() throws Exception {
        server = new Server();
        final ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(new ConsoleHandler(), new Handler.Abstract() {
            @Override
            public boolean handle(final Request request, final Response response, final Callback callback) {
                response.setStatus(418);
                callback.succeeded();
                return true;
            }
        }));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> send(final String method, final String path, final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(new URI("http", null, "127.0.0.1", port, path, null, null))
                .timeout(PATIENCE).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeThePageAtTheRootWithAPolicyThatKeepsScriptsLocal() throws Exception {
        final HttpResponse<String> page = send("GET", "/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<title>coldchain console</title>").doesNotContain("http://", "https://");
        assertThat(send("GET", "/console/").body()).isEqualTo(page.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/js/main.js", "/console/app.css", "/console/world-110m.json",
        "/console/vendor/leaflet/leaflet.js", "/console/vendor/leaflet/leaflet.css", "/console/vendor/leaflet/images/layers.png",
        "/console/vendor/uplot/uPlot.iife.min.js", "/console/vendor/uplot/uPlot.min.css"})
    void shouldServeEveryFileThePageLoadsFromTheJar(final String path) throws Exception {
        final HttpResponse<String> file = send("GET", path);

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isNotEmpty();
        assertThat(file.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void shouldLetTheBrowserKeepTheLibrariesButCheckThePage() throws Exception {
        assertThat(send("GET", "/console/vendor/leaflet/leaflet.js").headers().firstValue("Cache-Control")).hasValue("max-age=86400");
        final HttpResponse<String> script = send("GET", "/console/js/main.js");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");

        final HttpResponse<String> again = send("GET", "/console/js/main.js", "If-None-Match", script.headers().firstValue("ETag").orElseThrow());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/missing.js", "/console/../io/coldchain/ops/console/ConsoleHandler.class",
        "/console/%2e%2e/logback.xml", "/console/js//main.js", "/console/.hidden.js", "/console/js/main.js.class"})
    void shouldAnswer404ForAnythingButItsOwnFiles(final String path) throws Exception {
        final HttpResponse<String> response = send("GET", path);

        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(response.body()).doesNotContain("package ", "<configuration");
    }

    @Test
    void shouldLeaveEveryOtherPathToTheNextHandler() throws Exception {
        assertThat(send("GET", "/api/shipments").statusCode()).isEqualTo(418);
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(418);
        assertThat(send("GET", "/consoles").statusCode()).isEqualTo(418);
    }

    @Test
    void shouldOnlyBeRead() throws Exception {
        final HttpResponse<String> post = send("POST", "/");

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        final HttpResponse<String> head = send("HEAD", "/console/app.css");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void shouldSendTheBareConsolePathToItsFolder() throws Exception {
        final HttpResponse<String> response = send("GET", "/console");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/console/");
    }
}
