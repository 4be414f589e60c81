package io.coldchain.ops.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.FutureCallback;

/**
 * The JSON API the console reads, from fixtures: a fleet of any size, one fully described shipment
 * ({@link #FOCUS}, Basel → Frankfurt with a stop off the route, an excursion and a serial finding), alerts,
 * the live event stream (a test pushes events with {@link #push}) and the acknowledgements it was sent.
 * Served on its own Jetty together with the real {@link ConsoleHandler}, so the pages run as they will in the app.
 */
final class FakeConsoleApi extends Handler.Abstract implements AutoCloseable {

    static final String FOCUS = "SHP-000001";
    static final Instant DEPARTURE = Instant.parse("2026-11-28T06:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[][] HUBS = {{47.56, 7.59}, {50.11, 8.68}, {40.42, -3.70}, {52.23, 21.01}, {41.88, -87.63},
        {19.43, -99.13}, {-23.55, -46.63}, {35.68, 139.69}, {28.61, 77.21}, {-33.87, 151.21}, {6.52, 3.38}, {30.04, 31.24}};

    private final List<Map<String, Object>> shipments = new ArrayList<>();
    private final List<Map<String, Object>> alerts = new CopyOnWriteArrayList<>();
    /** The acknowledgements posted, as sent. */
    final List<JsonNode> acks = new CopyOnWriteArrayList<>();
    private final List<Response> subscribers = new CopyOnWriteArrayList<>();
    private final String token;
    private Server server;

    FakeConsoleApi(final int fleet, final String token) {
        this.token = token;
        final Random random = new Random(42);
        final String[] severities = new String[16];
        System.arraycopy(new String[] {"LOW", "MEDIUM", "HIGH", "CRITICAL"}, 0, severities, 12, 4);
        for (int i = 1; i <= fleet; i++) {
            final double[] hub = HUBS[random.nextInt(HUBS.length)];
            final String severity = i == 1 ? "HIGH" : severities[random.nextInt(severities.length)];
            shipments.add(map("shipmentId", String.format("SHP-%06d", i),
                    "product", map("name", "Comirnaty", "gtin", "04150012345675", "lot", "LOT" + i),
                    "status", i % 50 == 0 ? "DELIVERED" : "IN_TRANSIT",
                    "lastPosition", position(hub[0] + random.nextGaussian() * 3, hub[1] + random.nextGaussian() * 4,
                            DEPARTURE.plus(Duration.ofMinutes(i % 600))),
                    "worstOpenAlert", severity == null ? null : map("alertId", "a-" + i, "type", "DELAY", "severity", severity),
                    "openAlerts", severity == null ? 0 : 1));
        }
        alerts.add(alert("alert-excursion", FOCUS, "TEMPERATURE_EXCURSION", "HIGH", "OPEN", 150, 190,
                "10.4 °C: outside 2.0..8.0 °C (refrigerated-2-8)", map("peakCelsius", "10.4", "bandMinCelsius", "2.0",
                        "bandMaxCelsius", "8.0", "durationMillis", "2400000")));
        alerts.add(alert("alert-stop", FOCUS, "UNSCHEDULED_STOP", "MEDIUM", "RESOLVED", 100, 130,
                "Stopped 30 min outside any planned stop", map("stopLat", "48.30", "stopLon", "7.95", "durationMillis", "1800000")));
        alerts.add(alert("alert-serial", FOCUS, "DUPLICATE_SERIAL", "CRITICAL", "OPEN", 60, 60,
                "Serial urn:epc:id:sgtin:4150012.034567.ABC seen at two places at once",
                map("rawSerial", "(01)04150012345675(21)ABC")));
        alerts.add(alert("alert-delay", "SHP-000007", "DELAY", "LOW", "OPEN", 200, 200, "Expected 45 min late", map()));
    }

    private static Map<String, Object> position(final double lat, final double lon, final Instant at) {
        return map("lat", lat, "lon", lon, "at", at.toString(), "atMs", at.toEpochMilli());
    }

    static Map<String, Object> alert(final String id, final String shipment, final String type, final String severity,
                                     final String status, final int firstMinute, final int lastMinute, final String message,
                                     final Map<String, Object> evidence) {
        final Instant first = DEPARTURE.plus(Duration.ofMinutes(firstMinute));
        final Instant last = DEPARTURE.plus(Duration.ofMinutes(lastMinute));
        return map("alertId", id, "shipmentId", shipment, "type", type, "ruleId", type.toLowerCase(), "severity", severity,
                "status", status, "detectedAt", first.toString(), "detectedAtMs", first.toEpochMilli(),
                "lastEvidenceAt", last.toString(), "lastEvidenceAtMs", last.toEpochMilli(),
                "summary", message, "evidence", evidence, "ack", null);
    }

    /** Builds a map from name, value pairs, keeping their order and nulls. */
    static Map<String, Object> map(final Object... pairs) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The URL the console answers at. */
    String serve() throws Exception {
        server = new Server();
        final ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(new ConsoleHandler(), this));
        server.setStopTimeout(0);
        server.start();
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    int subscribers() {
        return subscribers.size();
    }

    /** Sends one event to every console following /api/events. */
    void push(final String event, final Object body) throws Exception {
        if ("alert".equals(event)) {
            @SuppressWarnings("unchecked")
            final Map<String, Object> alert = (Map<String, Object>) body;
            alerts.add(alert);
        }
        final byte[] bytes = ("event: " + event + "\ndata: " + JSON.writeValueAsString(body) + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (final Response subscriber : subscribers) {
            final FutureCallback sent = new FutureCallback();
            subscriber.write(false, ByteBuffer.wrap(bytes), sent);
            try {
                sent.get(5, TimeUnit.SECONDS);
            } catch (Exception gone) {
                subscribers.remove(subscriber);
            }
        }
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) throws Exception {
        final String path = Request.getPathInContext(request);
        if (!path.startsWith("/api/")) {
            return false;
        }
        if (token != null && !("Bearer " + token).equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            send(response, callback, 401, map("error", "token needed"));
            return true;
        }
        final Fields query = Request.extractQueryParameters(request);
        final String[] parts = path.substring("/api/".length()).split("/");
        if (HttpMethod.POST.is(request.getMethod()) && parts.length == 3 && "alerts".equals(parts[0]) && "ack".equals(parts[2])) {
            ack(parts[1], JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8)), response, callback);
        } else if ("events".equals(parts[0])) {
            follow(response, callback);
        } else if ("shipments".equals(parts[0]) && parts.length == 1) {
            final int page = Integer.parseInt(query.getValue("page") == null ? "0" : query.getValue("page"));
            final int size = Math.min(1000, Integer.parseInt(query.getValue("size") == null ? "100" : query.getValue("size")));
            final int from = Math.min(shipments.size(), page * size);
            send(response, callback, 200, map("page", page, "size", size, "total", shipments.size(),
                    "items", shipments.subList(from, Math.min(shipments.size(), from + size))));
        } else if ("shipments".equals(parts[0]) && FOCUS.equals(parts[1])) {
            send(response, callback, 200, parts.length == 2 ? focus()
                    : "track".equals(parts[2]) ? map("shipmentId", FOCUS, "points", track())
                    : map("shipmentId", FOCUS, "points", temperatures()));
        } else if ("alerts".equals(parts[0]) && parts.length == 1) {
            final boolean open = !"all".equals(query.getValue("status"));
            send(response, callback, 200, map("items", alerts.stream()
                    .filter(a -> !open || !"RESOLVED".equals(a.get("status")))
                    .filter(a -> query.getValue("shipment") == null || query.getValue("shipment").equals(a.get("shipmentId")))
                    .toList()));
        } else {
            send(response, callback, 404, map("error", "no such fixture: " + path));
        }
        return true;
    }

    private void ack(final String alertId, final JsonNode body, final Response response, final Callback callback) throws Exception {
        acks.add(body);
        final Instant now = Instant.now();
        final Map<String, Object> ack = map("by", body.path("by").asText(), "comment", body.path("comment").asText(),
                "at", now.toString(), "atMs", now.toEpochMilli());
        alerts.stream().filter(a -> alertId.equals(a.get("alertId"))).forEach(a -> a.put("ack", ack));
        send(response, callback, 202, map("alertId", alertId));
        final Map<String, Object> event = map("alertId", alertId);
        event.putAll(ack);
        push("ack", event);
    }

    private void follow(final Response response, final Callback callback) throws Exception {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        final FutureCallback opened = new FutureCallback();
        response.write(false, ByteBuffer.wrap(": following\n\n".getBytes(StandardCharsets.UTF_8)), opened);
        opened.get(5, TimeUnit.SECONDS);
        subscribers.add(response);
        // The callback stays open: the stream ends when the server stops or the page goes.
    }

    private Map<String, Object> focus() {
        return map("shipmentId", FOCUS, "status", "IN_TRANSIT",
                "product", map("name", "Comirnaty", "gtin", "04150012345675", "lot", "LOT1", "expiryDate", "2027-06-30"),
                "profile", map("name", "refrigerated-2-8", "minCelsius", 2.0, "maxCelsius", 8.0),
                "origin", map("name", "Basel DC", "lat", 47.56, "lon", 7.59),
                "destination", map("name", "Frankfurt DC", "lat", 50.11, "lon", 8.68),
                "plannedDeparture", DEPARTURE.toString(), "plannedDepartureMs", DEPARTURE.toEpochMilli(),
                "plannedArrival", DEPARTURE.plus(Duration.ofHours(5)).toString(),
                "plannedArrivalMs", DEPARTURE.plus(Duration.ofHours(5)).toEpochMilli(),
                "route", map("waypoints", List.of(List.of(47.56, 7.59), List.of(48.0, 7.85), List.of(49.0, 8.40),
                        List.of(50.11, 8.68)), "corridorHalfWidthMeters", 2000.0),
                "plannedStops", List.of(map("name", "Rastplatz Bruchsal", "lat", 49.12, "lon", 8.58, "radiusMeters", 500.0)),
                "lastPosition", position(49.6, 8.55, DEPARTURE.plus(Duration.ofMinutes(200))),
                "temperature", map("currentCelsius", 9.1, "at", DEPARTURE.plus(Duration.ofMinutes(200)).toString(),
                        "atMs", DEPARTURE.plus(Duration.ofMinutes(200)).toEpochMilli(), "minCelsius", 2.0, "maxCelsius", 8.0,
                        "timeOutOfRangeSeconds", 2400, "budgetUsedFraction", 0.55, "mktCelsius", 6.12),
                "custody", List.of(
                        map("at", DEPARTURE.toString(), "atMs", DEPARTURE.toEpochMilli(), "bizStep", "shipping",
                                "party", map("gln", "7612345000015", "name", "Basel DC"), "location", map("gln", "7612345000015",
                                        "lat", 47.56, "lon", 7.59)),
                        map("at", DEPARTURE.plus(Duration.ofMinutes(5)).toString(),
                                "atMs", DEPARTURE.plus(Duration.ofMinutes(5)).toEpochMilli(), "bizStep", "departing",
                                "party", map("gln", "4012345000016", "name", "Rhein Kühllogistik"),
                                "location", map("gln", "7612345000015", "lat", 47.56, "lon", 7.59))),
                "alerts", alerts.stream().filter(a -> FOCUS.equals(a.get("shipmentId"))).toList());
    }

    /** Along the route, a stop 20 km off it (minutes 100 to 130), then back on it. */
    private static List<Map<String, Object>> track() {
        final List<Map<String, Object>> points = new ArrayList<>();
        for (int minute = 0; minute <= 200; minute += 5) {
            final double lat;
            final double lon;
            if (minute < 80) {
                lat = 47.56 + (48.0 - 47.56) * minute / 80.0;
                lon = 7.59 + (7.85 - 7.59) * minute / 80.0;
            } else if (minute <= 135) {
                lat = 48.30;
                lon = minute < 100 ? 7.85 + (7.95 - 7.85) * (minute - 80) / 20.0 : 7.95;
            } else {
                // Back on the route (48.30, 8.015) and along it to (49.6, 8.55).
                final double f = (minute - 135) / 65.0;
                lat = 48.30 + (49.6 - 48.30) * f;
                lon = lat <= 49.0 ? 7.85 + (8.40 - 7.85) * (lat - 48.0) : 8.40 + (8.68 - 8.40) * (lat - 49.0) / 1.11;
            }
            points.add(position(lat, lon, DEPARTURE.plus(Duration.ofMinutes(minute))));
        }
        return points;
    }

    /** 5 °C with an excursion to 10.4 °C between minutes 150 and 190. */
    private static List<Map<String, Object>> temperatures() {
        final List<Map<String, Object>> points = new ArrayList<>();
        for (int minute = 0; minute <= 200; minute += 2) {
            final double celsius = minute >= 150 && minute < 190 ? 8.5 + 1.9 * Math.sin(Math.PI * (minute - 150) / 40.0)
                    : 5.0 + 0.6 * Math.sin(minute / 15.0);
            final Instant at = DEPARTURE.plus(Duration.ofMinutes(minute));
            points.add(map("celsius", Math.round(celsius * 100) / 100.0, "at", at.toString(), "atMs", at.toEpochMilli()));
        }
        return points;
    }

    private static void send(final Response response, final Callback callback, final int status, final Object body)
            throws JsonProcessingException {
        final byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
