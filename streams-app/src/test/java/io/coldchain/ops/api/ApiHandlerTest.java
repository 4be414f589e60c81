package io.coldchain.ops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coldchain.schemas.AlertAcknowledgement;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The query API merges two instances' stores and forwards a shipment to the instance that holds it")
class ApiHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);

    private final FakeStores storesA = new FakeStores();
    private final FakeStores storesB = new FakeStores();
    private final List<AlertAcknowledgement> written = new ArrayList<>();
    /** Shipment → "a" or "b"; its alerts live on the other instance, as two sub-topologies' tasks may. */
    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, ApiHandler> instances = new HashMap<>();
    private final ApiHandler a = handler("a", storesA);
    private final ApiHandler b = handler("b", storesB);

    ApiHandlerTest() {
        instances.put("a", a);
        instances.put("b", b);
        put(storesA, "SHP-3", "a");
        put(storesA, "SHP-1", "a");
        put(storesB, "SHP-2", "b");
        storesB.alerts.add(alert("AL-1", "SHP-1", "HIGH", "OPEN", 100));
        storesB.alerts.add(alert("AL-2", "SHP-1", "CRITICAL", "RESOLVED", 200));
        storesB.alerts.add(alert("AL-3", "SHP-1", "MEDIUM", "UPDATED", 300));
        storesA.alerts.add(alert("AL-4", "SHP-2", "LOW", "OPEN", 400));
    }

    @Test
    void shouldListEveryInstancesShipmentsSortedAndPagedWithTheirWorstOpenAlert() {
        for (final ApiHandler instance : List.of(a, b)) {
            final JsonNode page = json(get(instance, "/api/shipments", Map.of("size", "2")));
            assertThat(page.get("total").asInt()).isEqualTo(3);
            assertThat(page.get("items")).extracting(item -> item.get("shipmentId").asText()).containsExactly("SHP-1", "SHP-2");
            assertThat(page.get("items").get(0).get("worstOpenAlert").get("alertId").asText()).isEqualTo("AL-1");
            assertThat(page.get("items").get(0).get("openAlerts").asInt()).isEqualTo(2);
        }
        final JsonNode last = json(get(b, "/api/shipments", Map.of("size", "2", "page", "1")));
        assertThat(last.get("items")).extracting(item -> item.get("shipmentId").asText()).containsExactly("SHP-3");
        assertThat(last.get("items").get(0).get("worstOpenAlert").isNull()).isTrue();
    }

    @Test
    void shouldForwardAShipmentToItsOwnerAndFetchItsAlertsFromTheirs() {
        final JsonNode detail = json(get(b, "/api/shipments/SHP-1", Map.of()));
        assertThat(detail.get("shipmentId").asText()).isEqualTo("SHP-1");
        assertThat(detail.get("alerts")).extracting(alert -> alert.get("alertId").asText())
                .containsExactly("AL-3", "AL-2", "AL-1");
        assertThat(get(a, "/api/shipments/SHP-9", Map.of()).status()).isEqualTo(404);
        assertThat(get(a, "/api/shipments/SHP-2", Map.of("local", "true")).status())
                .as("asked locally, an instance never forwards").isEqualTo(404);
    }

    @Test
    void shouldFilterAlertsAcrossInstancesNewestFirst() {
        final JsonNode open = json(get(a, "/api/alerts", Map.of("status", "open", "minSeverity", "medium")));
        assertThat(open.get("items")).extracting(alert -> alert.get("alertId").asText()).containsExactly("AL-3", "AL-1");
        final JsonNode all = json(get(b, "/api/alerts", Map.of("limit", "2")));
        assertThat(all.get("items")).extracting(alert -> alert.get("alertId").asText()).containsExactly("AL-4", "AL-3");
        final JsonNode ofShipment = json(get(b, "/api/alerts", Map.of("shipment", "SHP-2", "type", "sensor_silent")));
        assertThat(ofShipment.get("items")).isEmpty();
    }

    @Test
    void shouldRefuseBadParameters() {
        assertThat(get(a, "/api/shipments", Map.of("size", "0")).status()).isEqualTo(400);
        assertThat(get(a, "/api/shipments", Map.of("page", "x")).status()).isEqualTo(400);
        assertThat(get(a, "/api/alerts", Map.of("minSeverity", "URGENT")).status()).isEqualTo(400);
        assertThat(get(a, "/api/alerts", Map.of("status", "closed")).status()).isEqualTo(400);
        assertThat(get(a, "/api/shipments/bad%20id", Map.of()).status()).isEqualTo(400);
        assertThat(get(a, "/api/nothing", Map.of()).status()).isEqualTo(404);
        assertThat(a.handle("DELETE", "/api/shipments", Map.of(), () -> "").status()).isEqualTo(405);
    }

    @Test
    void shouldWriteAnAcknowledgementOfAnAlertHeldByAnotherInstance() {
        final ApiHandler.Reply reply = a.handle("POST", "/api/alerts/AL-1/ack", Map.of(),
                () -> "{\"by\":\" dana \",\"comment\":\"reefer reset\"}");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(written).singleElement().satisfies(ack -> {
            assertThat(ack.getAlertId()).isEqualTo("AL-1");
            assertThat(ack.getShipmentId()).isEqualTo("SHP-1");
            assertThat(ack.getBy()).isEqualTo("dana");
            assertThat(ack.getAcknowledgedAt()).isEqualTo(CLOCK.millis());
        });
        assertThat(json(reply).get("at").asText()).isEqualTo("2026-11-02T10:00:00Z");
        assertThat(a.handle("POST", "/api/alerts/AL-1/ack", Map.of(), () -> "{\"comment\":\"x\"}").status()).isEqualTo(400);
        assertThat(a.handle("POST", "/api/alerts/AL-1/ack", Map.of(), () -> "not json").status()).isEqualTo(400);
        assertThat(a.handle("POST", "/api/alerts/AL-9/ack", Map.of(), () -> "{\"by\":\"dana\"}").status()).isEqualTo(404);
        assertThat(written).hasSize(1);
    }

    @Test
    void shouldAnswer503WhileAnotherInstanceCannotBeReached() {
        instances.remove("b");
        assertThat(get(a, "/api/shipments", Map.of()).status()).isEqualTo(503);
    }

    private ApiHandler handler(final String self, final FakeStores stores) {
        final Cluster cluster = new Cluster() {
            @Override
            public Optional<String> ownerOfShipment(final String shipmentId) {
                final String owner = owners.getOrDefault(shipmentId, self);
                return owner.equals(self) ? Optional.empty() : Optional.of(owner);
            }

            @Override
            public Optional<String> ownerOfAlerts(final String shipmentId) {
                final String owner = owners.getOrDefault(shipmentId, self).equals("a") ? "b" : "a";
                return owner.equals(self) ? Optional.empty() : Optional.of(owner);
            }

            @Override
            public List<String> others() {
                return self.equals("a") ? List.of("b") : List.of("a");
            }
        };
        final Forwarder forwarder = (instance, pathAndQuery) -> {
            final ApiHandler other = instances.get(instance);
            if (other == null) {
                throw new LocalStores.Unavailable("unreachable", null);
            }
            final URI uri = URI.create(pathAndQuery);
            final Map<String, String> params = new LinkedHashMap<>();
            if (uri.getQuery() != null) {
                for (final String pair : uri.getQuery().split("&")) {
                    params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            params.put("local", "true");
            final ApiHandler.Reply reply = other.handle("GET", uri.getPath(), params, () -> "");
            return new Forwarder.Answer(reply.status(), bytes(reply));
        };
        return new ApiHandler(stores, cluster, forwarder, written::add, CLOCK);
    }

    private void put(final FakeStores stores, final String id, final String owner) {
        owners.put(id, owner);
        stores.items.put(id, new ApiViews.ShipmentItem(id, new ApiViews.Product("Vaccine X", "00614141123452", "L42", null),
                "IN_TRANSIT", ApiViews.Position.of(47.5, 7.5, 1_000), null, 0));
    }

    private static ApiViews.AlertView alert(final String id, final String shipment, final String severity,
                                            final String status, final long at) {
        return new ApiViews.AlertView(id, shipment, "TEMPERATURE_EXCURSION", "refrigerated-2-8-band", severity, status,
                ApiViews.iso(at), at, ApiViews.iso(at), at, "warm", Map.of("peakCelsius", "12.0"), null);
    }

    private static ApiHandler.Reply get(final ApiHandler handler, final String path, final Map<String, String> params) {
        return handler.handle("GET", path, params, () -> "");
    }

    private static byte[] bytes(final ApiHandler.Reply reply) {
        try {
            return reply.raw() != null ? reply.raw() : ApiHandler.JSON.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(final ApiHandler.Reply reply) {
        assertThat(reply.status()).as(new String(bytes(reply))).isBetween(200, 299);
        try {
            return ApiHandler.JSON.readTree(bytes(reply));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores set by hand. */
    static final class FakeStores implements LocalStores {
        final Map<String, ApiViews.ShipmentItem> items = new LinkedHashMap<>();
        final List<ApiViews.AlertView> alerts = new ArrayList<>();

        @Override
        public List<ApiViews.ShipmentItem> shipments() {
            return List.copyOf(items.values());
        }

        @Override
        public Optional<ApiViews.ShipmentDetail> shipment(final String shipmentId) {
            return Optional.ofNullable(items.get(shipmentId)).map(item -> new ApiViews.ShipmentDetail(shipmentId,
                    item.status(), item.product(), null, null, null, null, 0, null, 0, null, null, null, List.of(),
                    item.lastPosition(), null, List.of(), List.of()));
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
            return List.copyOf(alerts);
        }

        @Override
        public Optional<ApiViews.AlertView> alert(final String alertId) {
            return alerts.stream().filter(alert -> alert.alertId().equals(alertId)).findFirst();
        }
    }
}
