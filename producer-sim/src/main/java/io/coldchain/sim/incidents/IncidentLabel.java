package io.coldchain.sim.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coldchain.schemas.AlertType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ground truth about one injected incident or confounder: one JSON object per line of the labels file
 * ({@code simulate --labels FILE}), which {@code score} compares with the alerts.
 *
 * <pre>
 * {"type":"THEFT_STOP","expectedAlertTypes":["UNSCHEDULED_STOP"],"shipmentId":"SHP-000007","serial":null,
 *  "start":1741000000000,"end":1741002400000,"sideEffectAlertTypes":["ROUTE_DEVIATION","DELAY"],
 *  "relatedShipmentId":null,"confounder":false}
 * </pre>
 *
 * @param type                 what was injected ({@link IncidentType} name); free text for the scorecard
 * @param expectedAlertTypes   an alert of one of these types detects it; empty for a confounder
 * @param shipmentId           the shipment it was injected into
 * @param serial               the SGTIN concerned, for serial incidents; else null
 * @param start                event time it starts, epoch millis UTC
 * @param end                  event time it ends, epoch millis UTC ({@code >= start})
 * @param sideEffectAlertTypes alert types it may also cause: true alerts that do not count as detecting it
 * @param relatedShipmentId    the other shipment involved (the genuine pack's, for a cloned serial); alerts on it
 *                             match too; else null
 * @param confounder           true when it must stay silent
 */
public record IncidentLabel(String type, List<AlertType> expectedAlertTypes, String shipmentId, String serial,
                            long start, long end, List<AlertType> sideEffectAlertTypes, String relatedShipmentId,
                            boolean confounder) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public IncidentLabel {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shipmentId, "shipmentId");
        expectedAlertTypes = List.copyOf(expectedAlertTypes);
        sideEffectAlertTypes = List.copyOf(sideEffectAlertTypes);
        if (end < start) {
            throw new IllegalArgumentException("label of " + shipmentId + " ends (" + end + ") before it starts ("
                    + start + ")");
        }
    }

    public static IncidentLabel of(final IncidentType type, final String shipmentId, final String serial, final long start,
                            final long end, final String relatedShipmentId) {
        return new IncidentLabel(type.name(), type.expectedAlertTypes(), shipmentId, serial, start, end,
                type.sideEffectAlertTypes(), relatedShipmentId, type.confounder());
    }

    /** The label as one line of JSON (no line break). */
    public String toJson() {
        final ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        types(node.putArray("expectedAlertTypes"), expectedAlertTypes);
        node.put("shipmentId", shipmentId);
        node.put("serial", serial);
        node.put("start", start);
        node.put("end", end);
        types(node.putArray("sideEffectAlertTypes"), sideEffectAlertTypes);
        node.put("relatedShipmentId", relatedShipmentId);
        node.put("confounder", confounder);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a label as JSON", e);
        }
    }

    /**
     * Reads one line written by {@link #toJson()}. {@code sideEffectAlertTypes}, {@code relatedShipmentId},
     * {@code serial} and {@code confounder} may be missing (defaults: none, null, null, no expected types);
     * unknown fields are ignored.
     *
     * @throws IllegalArgumentException with a one-line reason when the line is not a label
     */
    public static IncidentLabel fromJson(final String line) {
        final JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        final List<AlertType> expected = alertTypes(node, "expectedAlertTypes", true);
        final boolean confounder = node.has("confounder") ? node.get("confounder").asBoolean() : expected.isEmpty();
        return new IncidentLabel(JsonFields.text(node, "type", true), expected,
                JsonFields.text(node, "shipmentId", true), JsonFields.text(node, "serial", false),
                number(node, "start"), number(node, "end"), alertTypes(node, "sideEffectAlertTypes", false),
                JsonFields.text(node, "relatedShipmentId", false), confounder);
    }

    private static void types(final ArrayNode array, final List<AlertType> types) {
        types.forEach(t -> array.add(t.name()));
    }

    private static long number(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be epoch milliseconds (an integer)");
        }
        return value.asLong();
    }

    private static List<AlertType> alertTypes(final JsonNode node, final String field, final boolean required) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + field + "\"");
            }
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array of alert types");
        }
        final List<AlertType> types = new ArrayList<>();
        for (final JsonNode item : value) {
            try {
                types.add(AlertType.valueOf(item.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + field + "\" holds '" + item.asText()
                        + "', which is not an alert type");
            }
        }
        return types;
    }
}
