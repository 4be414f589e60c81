package io.coldchain.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.errors.UserError;
import io.coldchain.logging.RateLimitedLog;
import io.coldchain.ops.api.AlertEvents;
import io.coldchain.ops.api.ApiHandler;
import io.coldchain.ops.console.ConsoleHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ops endpoints, on an embedded Jetty:
 * <ul>
 *   <li>{@code /health/live}: 200 while the client can still work, 503 once it is in ERROR or PENDING_ERROR or a
 *   stream thread died without replacement (kstreamplify's semantics);</li>
 *   <li>{@code /health/ready}: 200 only when RUNNING and the schema registry answers (an outage pauses processing);</li>
 *   <li>{@code /metrics}: Prometheus text;</li>
 *   <li>{@code /shipments/{id}}: one shipment's plan summary and temperature condition ({@link ShipmentView});</li>
 *   <li>{@code /api/...}: the query API across instances ({@link ApiHandler}, docs/QUERY-API.md), GET and POST, and
 *   {@code /api/events}, Server-Sent Events ({@link AlertEvents});</li>
 *   <li>{@code /} and {@code /console/**}: the web console's static files ({@link ConsoleHandler}, no token).</li>
 * </ul>
 * With a token configured, {@code /metrics}, {@code /shipments} and {@code /api} need {@code Authorization: Bearer <token>};
 * {@code /health/*} never do, since probes usually cannot send one, and they tell nothing about shipments.
 * Serials and custodians are shown only to a caller with the token, hence never when none is configured.
 *
 * <p>Why Jetty rather than the JDK's HttpServer: the JDK server reads a request's headers on a worker thread
 * with no read timeout (only the JVM-wide {@code sun.net.httpserver.maxReqTime}), so a few clients that send
 * half a request hold every worker and the health checks with them. Jetty parses requests without a thread
 * until they are complete and closes connections idle for longer than the idle timeout.
 */
final class OpsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    /** A failing endpoint is a bug, but any visitor can call it in a loop: a few lines a minute, not one per request. */
    private static final RateLimitedLog FAILURES = RateLimitedLog.of(LOG, 5, Duration.ofMinutes(1));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shipment ids as the plans carry them; anything else is refused before it reaches a store or a log. */
    static final Pattern SHIPMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String SHIPMENTS = "/shipments/";
    private static final Set<String> FIXED_ENDPOINTS = Set.of("/health/live", "/health/ready", "/metrics");
    private static final String JSON_TYPE = "application/json";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Long enough for a scrape over a slow link, short enough that a stalled client goes away soon. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** The largest request body read (an acknowledgement). */
    private static final long MAX_BODY = 16 * 1024;
    /** Requests are tiny and answered from memory; 16 threads leave room for probes while scrapes run. */
    private static final int MAX_THREADS = 16;

    private final Server server;
    private final ServerConnector connector;
    private final Options options;

    /**
     * @param bind        address to listen on
     * @param port        port, 0 = any free one
     * @param token       bearer token for /metrics and /shipments, or null for none
     * @param idleTimeout how long a connection may stay silent, in the middle of a request or between requests
     */
    record Options(String bind, int port, String token, Duration idleTimeout) {

        Options {
            token = token == null || token.isBlank() ? null : token;
        }

        static Options of(final StreamsSettings settings) {
            return new Options(settings.httpBind(), settings.httpPort(), settings.httpToken(), DEFAULT_IDLE_TIMEOUT);
        }

        @Override
        public String toString() {
            return "Options[bind=" + bind + ", port=" + port + ", token=" + (token == null ? null : "****")
                    + ", idleTimeout=" + idleTimeout + "]";
        }
    }

    private OpsHttpServer(final Server server, final ServerConnector connector, final Options options) {
        this.server = server;
        this.connector = connector;
        this.options = options;
    }

    /**
     * Starts listening and serving the ops endpoints only.
     *
     * @throws IllegalStateException when the address cannot be listened on (one line, for the user)
     */
    static OpsHttpServer start(final Options options, final OpsSource source) {
        final OpsHttpServer http = open(options);
        http.serve(source, null, null);
        return http;
    }

    /**
     * Binds the address (so the port is known, for {@code application.server}) without answering yet:
     * {@link #serve} does.
     *
     * @throws IllegalStateException when the address cannot be listened on (one line, for the user)
     */
    static OpsHttpServer open(final Options options) {
        final QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("coldchain-ops-http");
        threads.setDaemon(true);
        final Server server = new Server(threads);
        final HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        final ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.bind());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(0); // nothing worth waiting for: probes and scrapes retry
        try {
            connector.open();
        } catch (Exception e) {
            stopQuietly(server);
            throw cannotServe(options, e);
        }
        return new OpsHttpServer(server, connector, options);
    }

    /**
     * Starts answering.
     *
     * @param api    the query API ({@code /api/...}), or null for none
     * @param events the alert events of {@code /api/events}, or null for none
     */
    void serve(final OpsSource source, final ApiHandler api, final AlertEvents events) {
        server.setHandler(new Handler.Sequence(new ConsoleHandler(), new Endpoints(source, options.token(), api, events)));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw cannotServe(options, e);
        }
    }

    private static UserError cannotServe(final Options options, final Exception e) {
        return new UserError("cannot serve the ops endpoints on " + options.bind() + ":" + options.port()
                + " (" + e.getMessage() + "); choose another --http-port or --http-bind, or -1 to turn them off", e);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The address actually listened on. */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("ops endpoints not listening", e);
        }
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(final Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Ops endpoints did not stop cleanly: {}", e.toString());
        }
    }

    /** The four endpoints; anything else is 404, anything but GET is 405. */
    private static final class Endpoints extends Handler.Abstract {

        private final OpsSource source;
        private final byte[] token;
        private final ApiHandler api;
        private final AlertEvents events;

        Endpoints(final OpsSource source, final String token, final ApiHandler api, final AlertEvents events) {
            this.source = source;
            this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
            this.api = api;
            this.events = events;
        }

        @Override
        public boolean handle(final Request request, final Response response, final Callback callback) {
            final String path = Request.getPathInContext(request);
            try {
                if (api != null && path.startsWith(ApiHandler.PREFIX)) {
                    if (authorized(request, response, callback)) {
                        api(request, response, callback);
                    }
                } else if (!HttpMethod.GET.is(request.getMethod())) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET");
                    error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET is served");
                } else if (path.equals("/health/live")) {
                    live(response, callback);
                } else if (path.equals("/health/ready")) {
                    final KafkaStreams.State state = source.state();
                    final boolean dependencies = source.dependenciesAvailable();
                    final boolean ready = state == KafkaStreams.State.RUNNING && dependencies;
                    json(response, callback, ready ? 200 : 503, health(ready, state,
                            dependencies ? null : "schema registry unavailable: processing paused until it answers"));
                } else if (path.equals("/metrics")) {
                    if (authorized(request, response, callback)) {
                        send(response, callback, 200, PROMETHEUS_TYPE, source.scrape());
                    }
                } else if (path.startsWith(SHIPMENTS)) {
                    if (authorized(request, response, callback)) {
                        // The id as sent, before decoding or path parameters: a valid one needs neither.
                        final String raw = request.getHttpURI().getPath();
                        shipment(raw.startsWith(SHIPMENTS) ? raw.substring(SHIPMENTS.length()) : "", response, callback);
                    }
                } else {
                    error(response, callback, HttpStatus.NOT_FOUND_404,
                            "no such endpoint; try /health/live, /health/ready, /metrics, /shipments/{id} or /api/shipments");
                }
            } catch (RuntimeException e) {
                // Named from a fixed set: the path is the visitor's, and the log keeps one counter per name.
                final String endpoint = path.startsWith(SHIPMENTS) ? SHIPMENTS + "{id}"
                        : path.startsWith(ApiHandler.PREFIX) ? ApiHandler.PREFIX + "..."
                        : FIXED_ENDPOINTS.contains(path) ? path : "(other)";
                FAILURES.warn(endpoint, () -> "Ops endpoint " + endpoint + " failed: "
                        + DeadLetterHandler.shortMessage(e), e);
                error(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error, see the application log");
            }
            return true;
        }

        /** The query API: everything under /api/, GET and POST; /api/events is a stream of its own. */
        private void api(final Request request, final Response response, final Callback callback) {
            // The path as sent, before decoding or path parameters: valid ids need neither.
            final String raw = request.getHttpURI().getPath();
            final String method = request.getMethod();
            if (raw.equals(ApiHandler.PREFIX + "events") && events != null) {
                if (HttpMethod.GET.is(method)) {
                    events.subscribe(response, callback);
                } else {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET");
                    error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET is served here");
                }
                return;
            }
            final Map<String, String> params = new LinkedHashMap<>();
            Request.extractQueryParameters(request).forEach(field -> params.putIfAbsent(field.getName(), field.getValue()));
            final ApiHandler.Reply reply = api.handle(method, raw, params, () -> {
                final long length = request.getLength();
                if (length > MAX_BODY) {
                    throw new IOException("body too large");
                }
                return Content.Source.asString(request, StandardCharsets.UTF_8);
            });
            if (reply.allow() != null) {
                response.getHeaders().put(HttpHeader.ALLOW, reply.allow());
            }
            if (reply.unavailable()) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (reply.raw() != null) {
                send(response, callback, reply.status(), JSON_TYPE, reply.raw());
            } else {
                json(response, callback, reply.status(), reply.body());
            }
        }

        private void live(final Response response, final Callback callback) {
            final KafkaStreams.State state = source.state();
            final String problem = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    ? "the streams client failed"
                    : source.streamThreadDead() ? "a stream thread died and was not replaced" : null;
            json(response, callback, problem == null ? 200 : 503, health(problem == null, state, problem));
        }

        private void shipment(final String id, final Response response, final Callback callback) {
            if (!SHIPMENT_ID.matcher(id).matches()) {
                error(response, callback, HttpStatus.BAD_REQUEST_400,
                        "a shipment id is 1 to 128 letters, digits, '.', '_', ':' or '-'");
                return;
            }
            final Optional<OpsSource.Shipment> shipment;
            try {
                shipment = source.shipment(id);
            } catch (OpsSource.StoresUnavailableException e) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
                error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "the local stores cannot be queried now (starting or rebalancing); try again shortly");
                return;
            }
            if (shipment.isEmpty()) {
                error(response, callback, HttpStatus.NOT_FOUND_404, "no shipment '" + id + "' on this instance");
                return;
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            json(response, callback, 200, ShipmentView.of(shipment.get(), token != null));
        }

        /** With a token configured, answers 401 itself unless the request carries it. */
        private boolean authorized(final Request request, final Response response, final Callback callback) {
            if (token == null) {
                return true;
            }
            final String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"coldchain-ops\"");
            error(response, callback, HttpStatus.UNAUTHORIZED_401,
                    "this endpoint needs the header 'Authorization: Bearer <token>' (COLDCHAIN_HTTP_TOKEN)");
            return false;
        }

        private static Map<String, Object> health(final boolean up, final KafkaStreams.State state, final String problem) {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("state", state.name());
            if (problem != null) {
                body.put("reason", problem);
            }
            return body;
        }
    }

    /** Jetty's own error responses (bad request line, headers too large, bad URI) in the same JSON shape. */
    private static final class JsonErrors extends ErrorHandler {

        @Override
        public boolean handle(final Request request, final Response response, final Callback callback) {
            final int status = response.getStatus() > 0 ? response.getStatus() : 500;
            error(response, callback, status, HttpStatus.getMessage(status));
            return true;
        }

        @Override
        public ByteBuffer badMessageError(final int status, final String reason, final HttpFields.Mutable fields) {
            fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON_TYPE));
            return ByteBuffer.wrap(errorBody(HttpStatus.getMessage(status)));
        }
    }

    private static void error(final Response response, final Callback callback, final int status, final String message) {
        send(response, callback, status, JSON_TYPE, errorBody(message));
    }

    private static byte[] errorBody(final String message) {
        return bytes(Map.of("error", message));
    }

    private static byte[] bytes(final Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static void json(final Response response, final Callback callback, final int status, final Object body) {
        send(response, callback, status, JSON_TYPE, bytes(body));
    }

    private static void send(final Response response, final Callback callback, final int status, final String type,
                             final String body) {
        send(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(final Response response, final Callback callback, final int status, final String type,
                             final byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
