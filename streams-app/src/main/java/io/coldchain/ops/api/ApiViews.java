package io.coldchain.ops.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the query API (docs/QUERY-API.md), as records Jackson writes and reads (an instance reads the
 * answers of the others with them). Every time is given twice: ISO-8601 UTC ({@code at}) beside epoch ms
 * ({@code atMs}).
 */
public final class ApiViews {

    private ApiViews() {
    }

    static String iso(final long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A double the JSON can carry: null for NaN and infinities (a profile without a band has infinite limits). */
    static Double finite(final double value) {
        return Double.isFinite(value) ? value : null;
    }

    public record Position(double lat, double lon, String at, long atMs) {
        static Position of(final double lat, final double lon, final long atMs) {
            return new Position(lat, lon, iso(atMs), atMs);
        }
    }

    public record Product(String name, String gtin, String lot, @JsonInclude(JsonInclude.Include.NON_NULL) String expiryDate) {
    }

    public record AlertRef(String alertId, String type, String severity) {
    }

    /** One row of {@code GET /api/shipments}. */
    public record ShipmentItem(String shipmentId, Product product, String status, Position lastPosition,
                               AlertRef worstOpenAlert, int openAlerts) {

        ShipmentItem withAlerts(final AlertRef worst, final int open) {
            return new ShipmentItem(shipmentId, product, status, lastPosition, worst, open);
        }
    }

    public record ShipmentPage(int page, int size, int total, List<ShipmentItem> items) {
    }

    public record Ack(String by, String comment, String at, long atMs) {
    }

    /**
     * One alert as the audit state holds it: its latest record and latest acknowledgement.
     *
     * @param detectedAt     first evidence of the episode
     * @param lastEvidenceAt evidence time of its latest record (OPEN, UPDATED or RESOLVED)
     */
    public record AlertView(String alertId, String shipmentId, String type, String ruleId, String severity, String status,
                            String detectedAt, long detectedAtMs, String lastEvidenceAt, long lastEvidenceAtMs,
                            String summary, Map<String, String> evidence, Ack ack) {
    }

    public record Alerts(List<AlertView> items) {
    }

    public record Place(String name, double lat, double lon) {
    }

    public record Profile(String name, Double minCelsius, Double maxCelsius) {
    }

    /** @param waypoints [lat, lon] pairs */
    public record Route(List<double[]> waypoints, double corridorHalfWidthMeters) {
    }

    public record Stop(String name, double lat, double lon, double radiusMeters) {
    }

    /**
     * The temperature condition in an operator's terms.
     *
     * @param minCelsius            lowest reading seen, °C
     * @param maxCelsius            highest reading seen, °C
     * @param timeOutOfRangeSeconds time outside the profile's band over the whole shipment
     * @param budgetUsedFraction    that time over the profile's stability budget (1.0 = exhausted), null without one
     * @param mktCelsius            rolling mean kinetic temperature, null while its window is not covered
     */
    public record Temperature(Double currentCelsius, String at, Long atMs, Double minCelsius, Double maxCelsius,
                              long timeOutOfRangeSeconds, Double budgetUsedFraction, Double mktCelsius) {
    }

    public record Party(String gln, String name) {
    }

    public record Location(String gln, Double lat, Double lon) {
    }

    public record Custody(String at, long atMs, String bizStep, Party party, Location location) {
    }

    /** {@code GET /api/shipments/{id}}. */
    public record ShipmentDetail(String shipmentId, String status, Product product, Profile profile, Place origin,
                                 Place destination, String plannedDeparture, long plannedDepartureMs,
                                 String plannedArrival, long plannedArrivalMs, String deliveredAt, Long deliveredAtMs,
                                 Route route, List<Stop> plannedStops, Position lastPosition, Temperature temperature,
                                 List<Custody> custody, List<AlertView> alerts) {

        ShipmentDetail withAlerts(final List<AlertView> value) {
            return new ShipmentDetail(shipmentId, status, product, profile, origin, destination, plannedDeparture,
                    plannedDepartureMs, plannedArrival, plannedArrivalMs, deliveredAt, deliveredAtMs, route, plannedStops,
                    lastPosition, temperature, custody, value);
        }
    }

    public record TrackPoint(double lat, double lon, String at, long atMs) {
    }

    public record Track(String shipmentId, List<TrackPoint> points) {
    }

    public record TemperaturePoint(double celsius, String at, long atMs) {
    }

    public record Temperatures(String shipmentId, List<TemperaturePoint> points) {
    }

    /** {@code POST /api/alerts/{id}/ack}: what was written. */
    public record AckAccepted(String alertId, String shipmentId, String by, String at, long atMs) {
    }
}
