package io.coldchain.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A schema registry speaking the part of the Confluent REST API coldchain uses (register a schema under a
 * subject, fetch a schema by id), on loopback, that can be taken down (HTTP 503) and brought back.
 */
final class TestSchemaRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean down;

    private TestSchemaRegistry(final HttpServer server) {
        this.server = server;
    }

    static TestSchemaRegistry start() throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        final TestSchemaRegistry registry = new TestSchemaRegistry(server);
        server.createContext("/", registry::handle);
        server.start();
        return registry;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void down(final boolean value) {
        down = value;
    }

    /** Requests answered 503 while down. */
    int refused() {
        return refused.get();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (down) {
                refused.incrementAndGet();
                respond(exchange, 503, "{\"error_code\":50301,\"message\":\"down for maintenance\"}");
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.startsWith("/subjects/") && path.endsWith("/versions")) {
                final JsonNode request = JSON.readTree(body);
                final String schema = request.path("schema").asText();
                final int id = idsBySchema.computeIfAbsent(schema, s -> {
                    final int assigned = nextId.getAndIncrement();
                    schemasById.put(assigned, s);
                    return assigned;
                });
                respond(exchange, 200, JSON.createObjectNode().put("id", id).toString());
            } else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/schemas/ids/")) {
                final String schema = schemasById.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
                if (schema == null) {
                    respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                } else {
                    respond(exchange, 200, JSON.createObjectNode().put("schema", schema).toString());
                }
            } else {
                respond(exchange, 404, "{\"error_code\":404,\"message\":\"not found\"}");
            }
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
