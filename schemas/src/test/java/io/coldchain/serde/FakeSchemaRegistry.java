package io.coldchain.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The part of the Confluent Schema Registry REST API that {@link RegistrySchemaIds} uses, served by
 * the JDK's HTTP server on a free loopback port. Like the real registry, one schema gets one id
 * whatever the subject. Records every request so tests can count calls and inspect headers.
 */
final class FakeSchemaRegistry implements AutoCloseable {

    /** One request as the registry saw it. */
    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
    private final Map<String, Map<Integer, Integer>> versionsBySubject = new HashMap<>();
    private int nextId = 1;
    private int failureStatus;
    private String failureBody;

    private FakeSchemaRegistry(final HttpServer server) {
        this.server = server;
    }

    static FakeSchemaRegistry start() {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            final FakeSchemaRegistry registry = new FakeSchemaRegistry(server);
            server.createContext("/", registry::handle);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers directly, as another producer would have done earlier; returns the id. */
    synchronized int register(final String subject, final Schema schema) {
        return register(subject, schema.toString());
    }

    /** Serves {@code schemaJson} verbatim under a new id, valid or not. */
    synchronized int putRaw(final String schemaJson) {
        final int id = nextId++;
        schemasById.put(id, schemaJson);
        return id;
    }

    /** From now on, answer every request with this status and body (status 0: answer normally again). */
    synchronized void failEveryRequestWith(final int status, final String body) {
        this.failureStatus = status;
        this.failureBody = body;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(final String method, final String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private int register(final String subject, final String schemaJson) {
        final String canonical = SchemaNormalization.toParsingForm(new Schema.Parser().parse(schemaJson));
        final int id = idsByCanonicalForm.computeIfAbsent(canonical, k -> {
            final int newId = nextId++;
            schemasById.put(newId, schemaJson);
            return newId;
        });
        final Map<Integer, Integer> versions = versionsBySubject.computeIfAbsent(subject, k -> new HashMap<>());
        versions.putIfAbsent(id, versions.size() + 1);
        return id;
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            synchronized (this) {
                if (failureStatus != 0) {
                    respond(exchange, failureStatus, failureBody);
                } else {
                    route(exchange, path, body);
                }
            }
        }
    }

    private void route(final HttpExchange exchange, final String path, final String body) throws IOException {
        final String method = exchange.getRequestMethod();
        Matcher m;
        if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
            final int id = register(decode(m.group(1)), JSON.readTree(body).path("schema").asText());
            respond(exchange, 200, JSON.createObjectNode().put("id", id).toString());
        } else if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
            final String subject = decode(m.group(1));
            final String schemaJson = JSON.readTree(body).path("schema").asText();
            final Integer id = idsByCanonicalForm.get(
                    SchemaNormalization.toParsingForm(new Schema.Parser().parse(schemaJson)));
            final Map<Integer, Integer> versions = versionsBySubject.getOrDefault(subject, Map.of());
            if (id == null || !versions.containsKey(id)) {
                respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            } else {
                respond(exchange, 200, JSON.createObjectNode().put("subject", subject).put("id", id)
                        .put("version", versions.get(id)).put("schema", schemasById.get(id)).toString());
            }
        } else if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
            final String schemaJson = schemasById.get(Integer.parseInt(m.group(1)));
            if (schemaJson == null) {
                respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            } else {
                respond(exchange, 200, JSON.createObjectNode().put("schema", schemaJson).toString());
            }
        } else {
            respond(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static String decode(final String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static JsonNode json(final String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
