package io.coldchain.cli.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.coldchain.errors.UserError;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.incidents.JsonFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the scorecard's files: ground-truth labels ({@code simulate --labels}) and alerts exported as JSON
 * Lines. Errors name the file and line and say what is wrong, in one line.
 *
 * <p>Alert lines are accepted in two shapes: the {@code export} form ({@code "type": "alert"}, the alert's
 * own type in {@code "alertType"}) and a bare alert ({@code "type"} holding the alert type). Lines of other
 * record types ({@code plan}, {@code temperature}, {@code location}, {@code custody}) are skipped, so an export
 * of several topics can be scored as it is.
 */
public final class ScoreInputs {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> OTHER_RECORD_TYPES = Set.of("plan", "temperature", "location", "custody");

    private ScoreInputs() {
    }

    /** The labels in {@code file}. */
    public static List<IncidentLabel> labels(final Path file) {
        final List<IncidentLabel> labels = new ArrayList<>();
        forEachLine(file, "labels", (line, number) -> {
            try {
                labels.add(IncidentLabel.fromJson(line));
            } catch (IllegalArgumentException e) {
                throw new UserError("labels file " + file + " line " + number + ": " + e.getMessage());
            }
        });
        return labels;
    }

    /** The alerts in {@code file}. */
    public static List<ObservedAlert> alerts(final Path file) {
        final List<ObservedAlert> alerts = new ArrayList<>();
        forEachLine(file, "alerts", (line, number) -> {
            try {
                final ObservedAlert alert = alert(line);
                if (alert != null) {
                    alerts.add(alert);
                }
            } catch (IllegalArgumentException e) {
                throw new UserError("alerts file " + file + " line " + number + ": " + e.getMessage());
            }
        });
        return alerts;
    }

    /** One alert line; null for a line of another record type. */
    static ObservedAlert alert(final String line) {
        final JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UserError("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new UserError("not a JSON object");
        }
        final String recordType = JsonFields.text(node, "type", false);
        if (recordType != null && OTHER_RECORD_TYPES.contains(recordType)) {
            return null;
        }
        final String alertType = "alert".equals(recordType) ? JsonFields.text(node, "alertType", true)
                : recordType != null ? recordType : JsonFields.text(node, "alertType", true);
        final JsonNode last = node.get("lastEvidenceTime");
        if (last == null || !last.isIntegralNumber()) {
            throw new UserError("\"lastEvidenceTime\" must be epoch milliseconds (an integer)");
        }
        return new ObservedAlert(JsonFields.text(node, "alertId", true),
                symbol(AlertType.class, alertType, "alert type"),
                symbol(AlertStatus.class, JsonFields.text(node, "status", true), "alert status"),
                JsonFields.text(node, "shipmentId", true), JsonFields.text(node, "serial", false),
                JsonFields.text(node, "ruleId", false), last.asLong());
    }

    private static <E extends Enum<E>> E symbol(final Class<E> type, final String value, final String what) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new UserError("'" + value + "' is not an " + what);
        }
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(String line, int number);
    }

    private static void forEachLine(final Path file, final String what, final LineConsumer consumer) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    consumer.accept(line, number);
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserError(what + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
