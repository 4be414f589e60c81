package io.coldchain.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.streams.ShipmentPlansTopology;
import io.coldchain.streams.TemperatureTopology;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Ops endpoints: {@code /health/live} (the process answers), {@code /health/ready} (streams RUNNING),
 * {@code /metrics} (Prometheus text) and {@code /shipments/{id}} (the shipment's plan and current
 * temperature condition from the local stores).
 */
final class OpsHttpServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static OpsHttpServer start(final int port, final KafkaStreams streams, final PrometheusMeterRegistry registry)
            throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            final Thread t = new Thread(r, "coldchain-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "UP\n"));
        server.createContext("/health/ready", ex -> {
            final KafkaStreams.State state = streams.state();
            respond(ex, state == KafkaStreams.State.RUNNING ? 200 : 503, "text/plain", state + "\n");
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/shipments/", ex -> shipment(ex, streams));
        server.start();
        return new OpsHttpServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void shipment(final HttpExchange ex, final KafkaStreams streams) throws IOException {
        final String id = ex.getRequestURI().getPath().substring("/shipments/".length());
        try {
            final ShipmentPlan plan = latestPlan(streams, id);
            if (plan == null) {
                respond(ex, 404, "application/json", "{\"error\":\"no shipment '" + id + "' on this instance\"}\n");
                return;
            }
            final ReadOnlyKeyValueStore<String, TemperatureState> temperature = streams.store(
                    StoreQueryParameters.fromNameAndType(TemperatureTopology.STATE_STORE,
                            QueryableStoreTypes.<String, TemperatureState>keyValueStore()));
            final ObjectNode body = JSON.createObjectNode();
            body.put("shipmentId", id);
            body.set("plan", JSON.readTree(plan.toString()));
            final TemperatureState condition = temperature.get(id);
            body.set("temperature", condition == null ? null : JSON.valueToTree(condition));
            respond(ex, 200, "application/json", body.toPrettyString() + "\n");
        } catch (InvalidStateStoreException e) {
            respond(ex, 503, "application/json", "{\"error\":\"stores not ready: " + e.getMessage() + "\"}\n");
        }
    }

    /** The plans store is versioned, which only interactive queries v2 can read. */
    private static ShipmentPlan latestPlan(final KafkaStreams streams, final String id) {
        final StateQueryResult<VersionedRecord<ShipmentPlan>> result = streams.query(
                StateQueryRequest.inStore(ShipmentPlansTopology.STORE)
                        .withQuery(VersionedKeyQuery.<String, ShipmentPlan>withKey(id)));
        for (final QueryResult<VersionedRecord<ShipmentPlan>> partition : result.getPartitionResults().values()) {
            if (partition.isSuccess() && partition.getResult() != null) {
                return partition.getResult().value();
            }
            if (partition.isFailure() && partition.getFailureReason() != FailureReason.NOT_PRESENT) {
                throw new InvalidStateStoreException(partition.getFailureMessage());
            }
        }
        return null;
    }

    private static void respond(final HttpExchange ex, final int status, final String type, final String body)
            throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
