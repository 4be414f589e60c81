package io.coldchain.streams;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A minimal test-scope reader of the JSON Lines format (docs/JSON-LINES.md) for the input record types, driven
 * by the Avro schemas: {@code type} first names the record; optional fields hold the plain value or null;
 * enums are their symbols; longs are integers only; missing fields take the schema default; unknown fields and
 * duplicate keys are rejected. The cli module has the full codec, but streams-app cannot depend on it.
 */
final class FixtureJsonLines {

    /** One line: its record type, the record and its number in the file (1-based). */
    record Line(String type, SpecificRecord record, int number) {

        String shipmentId() {
            return record.get(record.getSchema().getField("shipmentId").pos()).toString();
        }

        /** Event time; for a plan, {@code issuedAt} (its event time in schema v2). */
        long time() {
            final Object t = record instanceof ShipmentPlan plan ? plan.getIssuedAt()
                    : record.get(record.getSchema().getField("eventTime").pos());
            if (t == null) {
                throw new IllegalStateException("line " + number + ": a plan without issuedAt");
            }
            return (Long) t;
        }
    }

    private static final Map<String, Schema> SCHEMAS = Map.of(
            "plan", ShipmentPlan.getClassSchema(),
            "temperature", TemperatureReading.getClassSchema(),
            "location", LocationFix.getClassSchema(),
            "custody", CustodyEvent.getClassSchema());

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private FixtureJsonLines() {
    }

    static List<Line> read(final Path file) {
        final List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            final String raw = i == 0 ? text.get(i).replace("\uFEFF", "") : text.get(i);
            if (raw.isBlank()) {
                continue;
            }
            try {
                lines.add(parse(raw, i + 1));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return lines;
    }

    static Line parse(final String raw, final int number) throws IOException {
        final JsonNode node = MAPPER.readTree(raw);
        if (!node.isObject() || !node.hasNonNull("type")) {
            throw new IllegalArgumentException("field 'type': required, but missing");
        }
        final String type = node.get("type").asText();
        final Schema schema = SCHEMAS.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("field 'type': unknown record type \"" + type + "\"");
        }
        return new Line(type, (SpecificRecord) record(schema, node, "", Set.of("type")), number);
    }

    private static Object value(final Schema schema, final JsonNode node, final String path) {
        switch (schema.getType()) {
            case NULL:
                require(node == null || node.isNull(), path, "expected null");
                return null;
            case UNION: {
                if (node == null || node.isNull()) {
                    require(schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL), path,
                            "required, but null");
                    return null;
                }
                final List<Schema> branches = schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL).toList();
                require(branches.size() == 1, path, "unions other than [null, X] are not used here");
                return value(branches.get(0), node, path);
            }
            case RECORD:
                require(node != null && node.isObject(), path, "expected an object");
                return record(schema, node, path, Set.of());
            case ENUM:
                require(node != null && node.isTextual() && schema.getEnumSymbols().contains(node.asText()), path,
                        "expected one of " + schema.getEnumSymbols());
                return SpecificData.get().createEnum(node.asText(), schema);
            case ARRAY: {
                require(node != null && node.isArray(), path, "expected an array");
                final List<Object> out = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    out.add(value(schema.getElementType(), node.get(i), path + "[" + i + "]"));
                }
                return out;
            }
            case MAP: {
                require(node != null && node.isObject(), path, "expected an object");
                final Map<String, Object> out = new HashMap<>();
                node.fields().forEachRemaining(e -> out.put(e.getKey(),
                        value(schema.getValueType(), e.getValue(), path + "." + e.getKey())));
                return out;
            }
            case STRING:
                require(node != null && node.isTextual(), path, "expected a string");
                return node.asText();
            case LONG:
                require(node != null && node.isIntegralNumber() && node.canConvertToLong(), path,
                        "expected an integer");
                return node.asLong();
            case INT:
                require(node != null && node.isIntegralNumber() && node.canConvertToInt(), path, "expected an int");
                return node.asInt();
            case DOUBLE:
                return number(node, path);
            case FLOAT:
                return (float) number(node, path);
            case BOOLEAN:
                require(node != null && node.isBoolean(), path, "expected true or false");
                return node.asBoolean();
            default:
                throw new IllegalArgumentException(path + ": unsupported schema type " + schema.getType());
        }
    }

    private static double number(final JsonNode node, final String path) {
        if (node != null && node.isTextual()) {
            switch (node.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        require(node != null && node.isNumber(), path, "expected a number");
        return node.asDouble();
    }

    private static Object record(final Schema schema, final JsonNode node, final String path, final Set<String> skip) {
        final Set<String> known = new LinkedHashSet<>(skip);
        final SpecificRecord out = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (final Schema.Field field : schema.getFields()) {
            known.add(field.name());
            final String at = path.isEmpty() ? field.name() : path + "." + field.name();
            final JsonNode given = node.get(field.name());
            if (given == null) {
                require(field.hasDefaultValue(), at, "required, but missing");
                out.put(field.pos(), defaultValue(field, at));
            } else {
                out.put(field.pos(), value(field.schema(), given, at));
            }
        }
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            require(known.contains(name), path.isEmpty() ? name : path + "." + name,
                    "unknown field; " + schema.getName() + " has " + schema.getFields().stream().map(Schema.Field::name).toList());
        }
        return out;
    }

    private static Object defaultValue(final Schema.Field field, final String path) {
        final Object d = field.defaultVal();
        if (d == null || d == JsonProperties.NULL_VALUE) {
            return value(field.schema(), null, path);
        }
        return value(field.schema(), MAPPER.valueToTree(d), path);
    }

    private static void require(final boolean ok, final String path, final String message) {
        if (!ok) {
            throw new IllegalArgumentException("field '" + path + "': " + message);
        }
    }
}
