package io.coldchain.sim.incidents;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading fields of the simulator's JSON Lines (labels) and of the files scored against them, with one-line errors. */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * The string {@code field} of {@code node}; null when absent or JSON null and not {@code required}.
     *
     * @throws IllegalArgumentException if it is required and missing, or not a string
     */
    public static String text(final JsonNode node, final String field, final boolean required) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + field + "\"");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText();
    }
}
