package io.coldchain.ops.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.contract.audit.Acknowledgements;
import io.coldchain.schemas.AlertAcknowledgement;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The query API ({@code /api/...}, docs/QUERY-API.md) without HTTP plumbing: a method, the path as sent, its query
 * parameters and body in; a {@link Reply} out. A shipment is answered by the instance whose task holds it (the
 * request is forwarded there when it is another); lists are merged from every instance's own stores. A request
 * carrying {@code local=true} is answered from this instance's stores only: that is how instances ask each other,
 * so a request is forwarded at most once.
 */
public final class ApiHandler {

    public static final String PREFIX = "/api/";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Alerts shown with one shipment, newest first. */
    static final int ALERTS_PER_SHIPMENT = 100;
    /** The longest author name the audit accepts (its ids' limit). */
    static final int MAX_AUTHOR = 256;
    static final int MAX_COMMENT = 4_096;

    private final LocalStores stores;
    private final Cluster cluster;
    private final Forwarder forwarder;
    private final AckSink acks;
    private final Clock clock;

    public ApiHandler(final LocalStores stores, final Cluster cluster, final Forwarder forwarder, final AckSink acks,
                      final Clock clock) {
        this.stores = stores;
        this.cluster = cluster;
        this.forwarder = forwarder;
        this.acks = acks;
        this.clock = clock;
    }

    /**
     * An answer: a status and either a body to write as JSON or the raw JSON of another instance's answer.
     *
     * @param allow for 405, the methods allowed
     */
    public record Reply(int status, Object body, byte[] raw, String allow) {

        static Reply json(final int status, final Object body) {
            return new Reply(status, body, null, null);
        }

        static Reply error(final int status, final String message) {
            return json(status, Map.of("error", message));
        }

        public boolean unavailable() {
            return status == 503;
        }
    }

    /**
     * @param method the HTTP method
     * @param path   the path as sent (not decoded), starting with {@value #PREFIX}
     * @param params the query parameters (first value of each)
     * @param body   the request body, read only by POST
     */
    public Reply handle(final String method, final String path, final Map<String, String> params,
                        final BodyReader body) {
        final String[] parts = path.substring(PREFIX.length()).split("/", -1);
        final boolean local = "true".equalsIgnoreCase(params.get("local"));
        try {
            if (parts[0].equals("shipments")) {
                if (!method.equals("GET")) {
                    return new Reply(405, Map.of("error", "only GET is served here"), null, "GET");
                }
                if (parts.length == 1) {
                    return shipments(Queries.ShipmentsQuery.parse(params), local);
                }
                final String id = parts[1];
                if (!Queries.SHIPMENT_ID.matcher(id).matches()) {
                    return Reply.error(400, "a shipment id is 1 to 128 letters, digits, '.', '_', ':' or '-'");
                }
                if (parts.length == 2) {
                    return shipment(id, local);
                }
                if (parts.length == 3 && parts[2].equals("track")) {
                    return history(id, "track", local, stores::track);
                }
                if (parts.length == 3 && parts[2].equals("temperatures")) {
                    return history(id, "temperatures", local, stores::temperatures);
                }
            } else if (parts[0].equals("alerts")) {
                if (parts.length == 1) {
                    return method.equals("GET") ? alerts(Queries.AlertsQuery.parse(params), local)
                            : new Reply(405, Map.of("error", "only GET is served here"), null, "GET");
                }
                final String id = parts[1];
                if (!Queries.ALERT_ID.matcher(id).matches()) {
                    return Reply.error(400, "an alert id is 1 to 128 letters, digits, '.', '_', ':' or '-'");
                }
                if (parts.length == 2) {
                    return method.equals("GET") ? alert(id, local)
                            : new Reply(405, Map.of("error", "only GET is served here"), null, "GET");
                }
                if (parts.length == 3 && parts[2].equals("ack")) {
                    return method.equals("POST") ? acknowledge(id, body)
                            : new Reply(405, Map.of("error", "acknowledge with POST"), null, "POST");
                }
            }
            return Reply.error(404, "no such endpoint; see docs/QUERY-API.md: /api/shipments, /api/shipments/{id}, "
                    + "/api/shipments/{id}/track, /api/shipments/{id}/temperatures, /api/alerts, "
                    + "/api/alerts/{id}/ack, /api/events");
        } catch (Queries.BadRequest e) {
            return Reply.error(400, e.getMessage());
        } catch (LocalStores.Unavailable e) {
            return Reply.error(503, "the stores cannot be queried now (starting or rebalancing, or an instance is "
                    + "unreachable); try again shortly");
        }
    }

    /** Reads the request body (POST only). */
    @FunctionalInterface
    public interface BodyReader {
        String read() throws IOException;
    }

    private Reply shipments(final Queries.ShipmentsQuery query, final boolean local) {
        final List<ApiViews.ShipmentItem> items = new ArrayList<>(stores.shipments());
        if (local) {
            return Reply.json(200, new ApiViews.ShipmentPage(0, items.size(), items.size(), items));
        }
        final List<ApiViews.AlertView> alerts = new ArrayList<>(stores.alerts());
        for (final String other : cluster.others()) {
            items.addAll(ask(other, "/api/shipments", ApiViews.ShipmentPage.class).items());
            alerts.addAll(ask(other, "/api/alerts?status=open&limit=" + Queries.MAX_ALERT_LIMIT, ApiViews.Alerts.class)
                    .items());
        }
        return Reply.json(200, query.select(distinct(items, ApiViews.ShipmentItem::shipmentId),
                distinct(alerts, ApiViews.AlertView::alertId)));
    }

    private Reply shipment(final String id, final boolean local) {
        if (!local) {
            final Optional<String> owner = cluster.ownerOfShipment(id);
            if (owner.isPresent()) {
                return forward(owner.get(), "/api/shipments/" + id);
            }
        }
        final Optional<ApiViews.ShipmentDetail> detail = stores.shipment(id);
        if (detail.isEmpty()) {
            return Reply.error(404, "no shipment '" + id + "'");
        }
        final Queries.AlertsQuery ofShipment = new Queries.AlertsQuery(false, io.coldchain.schemas.Severity.NOTIFICATION,
                id, null, ALERTS_PER_SHIPMENT);
        final Optional<String> alertsOwner = cluster.ownerOfAlerts(id);
        final List<ApiViews.AlertView> alerts = alertsOwner.isEmpty() ? ofShipment.select(stores.alerts()).items()
                : ask(alertsOwner.get(), "/api/alerts?" + ofShipment.toQueryString(), ApiViews.Alerts.class).items();
        return Reply.json(200, detail.get().withAlerts(alerts));
    }

    private Reply history(final String id, final String what, final boolean local,
                          final Function<String, Optional<?>> read) {
        if (!local) {
            final Optional<String> owner = cluster.ownerOfShipment(id);
            if (owner.isPresent()) {
                return forward(owner.get(), "/api/shipments/" + id + "/" + what);
            }
        }
        return read.apply(id).map(view -> Reply.json(200, view))
                .orElseGet(() -> Reply.error(404, "no history of shipment '" + id + "'"));
    }

    private Reply alerts(final Queries.AlertsQuery query, final boolean local) {
        final List<ApiViews.AlertView> alerts = new ArrayList<>(query.select(stores.alerts()).items());
        if (!local) {
            for (final String other : cluster.others()) {
                alerts.addAll(ask(other, "/api/alerts?" + query.toQueryString(), ApiViews.Alerts.class).items());
            }
        }
        return Reply.json(200, query.select(distinct(alerts, ApiViews.AlertView::alertId)));
    }

    private Reply alert(final String id, final boolean local) {
        return findAlert(id, local).map(alert -> Reply.json(200, alert))
                .orElseGet(() -> Reply.error(404, "no alert '" + id + "'"));
    }

    /** The alert from the local audit store, else (unless asked locally) from the first instance that has it. */
    private Optional<ApiViews.AlertView> findAlert(final String id, final boolean local) {
        final Optional<ApiViews.AlertView> mine = stores.alert(id);
        if (mine.isPresent() || local) {
            return mine;
        }
        for (final String other : cluster.others()) {
            final Forwarder.Answer answer = forwarder.get(other, "/api/alerts/" + id);
            if (answer.status() == 200) {
                return Optional.of(read(answer.body(), ApiViews.AlertView.class));
            }
            if (answer.status() != 404) {
                throw new LocalStores.Unavailable("instance " + other + " answered " + answer.status(), null);
            }
        }
        return Optional.empty();
    }

    private Reply acknowledge(final String alertId, final BodyReader body) {
        final JsonNode request;
        try {
            final String text = body.read();
            request = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return Reply.error(400, "the body is JSON: {\"by\": \"name\", \"comment\": \"optional note\"}");
        }
        final String by = text(request, "by");
        final String comment = text(request, "comment");
        if (by == null || by.isBlank()) {
            return Reply.error(400, "'by' is required: who acknowledges (a name or user id)");
        }
        if (by.length() > MAX_AUTHOR || comment != null && comment.length() > MAX_COMMENT) {
            return Reply.error(400, "'by' is at most " + MAX_AUTHOR + " characters, 'comment' at most " + MAX_COMMENT);
        }
        final Optional<ApiViews.AlertView> alert = findAlert(alertId, false);
        if (alert.isEmpty()) {
            return Reply.error(404, "no alert '" + alertId + "'");
        }
        final AlertAcknowledgement ack = Acknowledgements.of(alertId, alert.get().shipmentId(), by, comment, clock);
        acks.write(ack);
        return Reply.json(202, new ApiViews.AckAccepted(ack.getAlertId(), ack.getShipmentId(), ack.getBy(),
                ApiViews.iso(ack.getAcknowledgedAt()), ack.getAcknowledgedAt()));
    }

    private static String text(final JsonNode request, final String field) {
        final JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private Reply forward(final String instance, final String pathAndQuery) {
        final Forwarder.Answer answer = forwarder.get(instance, pathAndQuery);
        return new Reply(answer.status(), null, answer.body(), null);
    }

    private <T> T ask(final String instance, final String pathAndQuery, final Class<T> type) {
        final Forwarder.Answer answer = forwarder.get(instance, pathAndQuery);
        if (answer.status() != 200) {
            throw new LocalStores.Unavailable("instance " + instance + " answered " + answer.status(), null);
        }
        return read(answer.body(), type);
    }

    private static <T> T read(final byte[] body, final Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new LocalStores.Unavailable("another instance answered what this one cannot read: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> distinct(final List<T> values, final Function<T, String> key) {
        final Map<String, T> byKey = new LinkedHashMap<>();
        values.forEach(value -> byKey.putIfAbsent(key.apply(value), value));
        return new ArrayList<>(byKey.values());
    }
}
