package io.coldchain.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.logging.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema ids from a registry speaking the Confluent REST API (Confluent Schema Registry, Apicurio
 * {@code /apis/ccompat/v7}, Karapace, Redpanda). Results are cached for the life of the instance.
 */
public final class RegistrySchemaIds implements SchemaIds {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySchemaIds.class);

    private final String baseUrl;
    private final boolean autoRegister;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private volatile boolean available = true;
    private final Duration outageWait;
    private volatile long lastOutageWarning;

    /**
     * @param baseUrl      registry base URL, e.g. {@code http://localhost:8081} or {@code http://apicurio:8080/apis/ccompat/v7}
     * @param autoRegister register unknown schemas (true) or only look them up (false)
     * @param userInfo     {@code user:password} for HTTP basic auth, or null
     */
    public RegistrySchemaIds(final String baseUrl, final boolean autoRegister, final String userInfo) {
        this(baseUrl, autoRegister, userInfo, Duration.ZERO);
    }

    /**
     * @param outageWait how long a lookup waits, retrying with backoff, for a registry that is down before it
     *                   fails with {@link SchemaRegistryUnavailableException}
     */
    public RegistrySchemaIds(final String baseUrl, final boolean autoRegister, final String userInfo,
                             final Duration outageWait) {
        this.outageWait = outageWait;
        // Credentials in the URL (http://user:secret@host) move to the Authorization header, so no message, log
        // line or dead-letter header that names the registry can carry them.
        final URI uri = URI.create(baseUrl);
        final String inUrl = uri.getRawUserInfo();
        final String stripped = inUrl == null ? baseUrl : baseUrl.replaceFirst("//\\Q" + inUrl + "\\E@", "//");
        this.baseUrl = stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
        this.autoRegister = autoRegister;
        final String credentials = userInfo != null && !userInfo.isBlank() ? userInfo
                : inUrl == null ? null : URLDecoder.decode(inUrl, StandardCharsets.UTF_8);
        this.authorization = Optional.ofNullable(credentials).filter(s -> !s.isBlank())
                .map(s -> "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public int idFor(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\u0000' + schema, k -> {
            final String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                    + (autoRegister ? "/versions" : "");
            final String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            final String what = autoRegister ? "register schema for subject " + subject
                    : "look up schema for subject " + subject + " (auto.register.schemas=false: register it first)";
            final int id = call(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)), what)
                    .path("id").asInt(-1);
            if (id < 0) {
                throw new SerializationException("Schema registry returned no id for subject " + subject);
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaFor(final int id) {
        return schemasById.computeIfAbsent(id, k -> {
            final JsonNode node = call(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET(),
                    "fetch schema id " + id);
            final String type = node.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                throw new SerializationException("Schema id " + id + " is a " + type + " schema, not Avro");
            }
            try {
                return new Schema.Parser().parse(node.path("schema").asText());
            } catch (AvroRuntimeException e) {
                throw new SerializationException("Schema registry at " + baseUrl + " returned schema id " + id
                        + " that is not a self-contained Avro schema (schema references are not supported): "
                        + e.getMessage(), e);
            }
        });
    }

    @Override
    public boolean available() {
        return available;
    }

    /** {@link #callOnce}, retried with backoff while the registry is down, for at most {@link #outageWait}. */
    private JsonNode call(final HttpRequest.Builder request, final String what) {
        final long deadline = System.nanoTime() + outageWait.toNanos();
        long backoffMillis = 250;
        while (true) {
            try {
                return callOnce(request, what);
            } catch (SchemaRegistryUnavailableException e) {
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw e;
                }
                final long now = System.currentTimeMillis();
                if (now - lastOutageWarning >= 60_000) {
                    lastOutageWarning = now;
                    LOG.warn("{}; waiting for it (up to {} s per lookup)", Secrets.mask(e.getMessage()),
                            outageWait.toSeconds());
                }
                try {
                    Thread.sleep(Math.min(backoffMillis, left));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private JsonNode callOnce(final HttpRequest.Builder request, final String what) {
        request.header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE).timeout(Duration.ofSeconds(30));
        authorization.ifPresent(a -> request.header("Authorization", a));
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 5 || response.statusCode() == 429) {
                available = false;
                throw new SchemaRegistryUnavailableException("Schema registry at " + baseUrl + " is unavailable (HTTP "
                        + response.statusCode() + ") while trying to " + what);
            }
            available = true;
            if (response.statusCode() / 100 != 2) {
                throw new SerializationException("Schema registry at " + baseUrl + " could not " + what
                        + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new SerializationException("Schema registry at " + baseUrl + " answered with something that is not "
                    + "JSON while trying to " + what + "; is " + AvroSerdes.REGISTRY_URL
                    + " the registry's base URL? " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            available = false;
            throw new SchemaRegistryUnavailableException("Schema registry at " + baseUrl + " unreachable while trying to "
                    + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("Interrupted while trying to " + what, e);
        }
    }
}
