package io.coldchain.ops.api;

import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query parameters of the list endpoints, checked, and what they select: plain functions over the views, so
 * the merge of several instances' answers is tested without HTTP or Kafka.
 */
final class Queries {

    /** Shipment ids as the plans carry them; anything else is refused before it reaches a store or a log. */
    static final Pattern SHIPMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Alert ids are UUIDs today; the same alphabet as shipment ids leaves room. */
    static final Pattern ALERT_ID = SHIPMENT_ID;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1_000;
    static final int DEFAULT_ALERT_LIMIT = 200;
    static final int MAX_ALERT_LIMIT = 10_000;

    private Queries() {
    }

    /** A parameter a caller got wrong: answered 400 with this message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(final String message) {
            super(message);
        }
    }

    /** {@code page}, {@code size} and {@code status} of {@code GET /api/shipments}. */
    record ShipmentsQuery(int page, int size, String status) {

        static ShipmentsQuery parse(final Map<String, String> params) {
            final int page = integer(params, "page", 0, 0, Integer.MAX_VALUE);
            final int size = integer(params, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
            final String status = params.get("status");
            if (status != null && !List.of("PLANNED", "IN_TRANSIT", "DELIVERED").contains(status.toUpperCase(Locale.ROOT))) {
                throw new BadRequest("status is one of PLANNED, IN_TRANSIT, DELIVERED");
            }
            return new ShipmentsQuery(page, size, status == null ? null : status.toUpperCase(Locale.ROOT));
        }

        /** The page of the items (all instances' together), sorted by shipment id, with their open alerts. */
        ApiViews.ShipmentPage select(final List<ApiViews.ShipmentItem> items, final List<ApiViews.AlertView> alerts) {
            final List<ApiViews.ShipmentItem> selected = withOpenAlerts(items, alerts).stream()
                    .filter(item -> status == null || status.equals(item.status()))
                    .sorted(Comparator.comparing(ApiViews.ShipmentItem::shipmentId))
                    .toList();
            final long from = Math.min((long) page * size, selected.size());
            final int to = (int) Math.min(from + size, selected.size());
            return new ApiViews.ShipmentPage(page, size, selected.size(), selected.subList((int) from, to));
        }
    }

    /** Each item with its worst open alert (highest severity, then the latest) and its count of open alerts. */
    static List<ApiViews.ShipmentItem> withOpenAlerts(final List<ApiViews.ShipmentItem> items,
                                                      final List<ApiViews.AlertView> alerts) {
        final Map<String, List<ApiViews.AlertView>> open = new HashMap<>();
        for (final ApiViews.AlertView alert : alerts) {
            if (isOpen(alert)) {
                open.computeIfAbsent(alert.shipmentId(), id -> new ArrayList<>()).add(alert);
            }
        }
        return items.stream().map(item -> {
            final List<ApiViews.AlertView> mine = open.getOrDefault(item.shipmentId(), List.of());
            final ApiViews.AlertView worst = mine.stream().max(WORST_FIRST.reversed()).orElse(null);
            return item.withAlerts(worst == null ? null
                    : new ApiViews.AlertRef(worst.alertId(), worst.type(), worst.severity()), mine.size());
        }).toList();
    }

    /** Highest severity first, then the latest change, then the id (for a stable order). */
    static final Comparator<ApiViews.AlertView> WORST_FIRST = Comparator
            .comparingInt((ApiViews.AlertView alert) -> severityRank(alert.severity())).reversed()
            .thenComparing(Comparator.comparingLong(ApiViews.AlertView::lastEvidenceAtMs).reversed())
            .thenComparing(ApiViews.AlertView::alertId);

    /** Latest change first, then the id. */
    static final Comparator<ApiViews.AlertView> NEWEST_FIRST = Comparator
            .comparingLong(ApiViews.AlertView::lastEvidenceAtMs).reversed()
            .thenComparing(ApiViews.AlertView::alertId);

    static boolean isOpen(final ApiViews.AlertView alert) {
        return alert.status() != null && !"RESOLVED".equals(alert.status());
    }

    static int severityRank(final String severity) {
        try {
            return severity == null ? -1 : Severity.valueOf(severity).ordinal();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The parameters of {@code GET /api/alerts}. */
    record AlertsQuery(boolean openOnly, Severity minSeverity, String shipment, AlertType type, int limit) {

        static final AlertsQuery ALL = new AlertsQuery(false, Severity.NOTIFICATION, null, null, MAX_ALERT_LIMIT);

        static AlertsQuery parse(final Map<String, String> params) {
            final String status = params.getOrDefault("status", "all").toLowerCase(Locale.ROOT);
            if (!status.equals("open") && !status.equals("all")) {
                throw new BadRequest("status is open or all");
            }
            final Severity min = enumValue(Severity.class, params.get("minSeverity"), Severity.NOTIFICATION, "minSeverity");
            final AlertType type = enumValue(AlertType.class, params.get("type"), null, "type");
            final String shipment = params.get("shipment");
            if (shipment != null && !SHIPMENT_ID.matcher(shipment).matches()) {
                throw new BadRequest("shipment: a shipment id is 1 to 128 letters, digits, '.', '_', ':' or '-'");
            }
            return new AlertsQuery(status.equals("open"), min, shipment, type,
                    integer(params, "limit", DEFAULT_ALERT_LIMIT, 1, MAX_ALERT_LIMIT));
        }

        boolean matches(final ApiViews.AlertView alert) {
            return alert.status() != null
                    && (!openOnly || isOpen(alert))
                    && severityRank(alert.severity()) >= minSeverity.ordinal()
                    && (shipment == null || shipment.equals(alert.shipmentId()))
                    && (type == null || type.name().equals(alert.type()));
        }

        /** The alerts it selects from all instances' answers, newest first, at most {@code limit}. */
        ApiViews.Alerts select(final List<ApiViews.AlertView> alerts) {
            return new ApiViews.Alerts(alerts.stream().filter(this::matches).sorted(NEWEST_FIRST).limit(limit).toList());
        }

        /** The same selection as query parameters, for asking another instance. */
        String toQueryString() {
            return "status=" + (openOnly ? "open" : "all") + "&minSeverity=" + minSeverity.name()
                    + (shipment == null ? "" : "&shipment=" + shipment) + (type == null ? "" : "&type=" + type.name())
                    + "&limit=" + limit;
        }
    }

    private static int integer(final Map<String, String> params, final String name, final int fallback, final int min,
                               final int max) {
        final String text = params.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            final int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new BadRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number");
        }
    }

    private static <E extends Enum<E>> E enumValue(final Class<E> type, final String text, final E fallback,
                                                   final String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(name + " is one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
