package io.coldchain.cli.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Converts one generated Avro record type to and from plain JSON, driven by its schema: field names as in
 * the schema, a nullable union as the plain value or {@code null} (not Avro's {@code {"string": ...}}
 * wrapping), enums as their symbols, maps as objects, nested records as objects, longs as numbers. Reading
 * applies schema defaults to missing fields and rejects missing required fields, wrong types, unknown enum
 * symbols and unknown fields, naming the field path ({@code route.waypoints[2].lat}).
 *
 * <p>Floats and doubles that JSON cannot express as numbers are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}, and read back from them. Map entries are written in key
 * order, so the same record always gives the same line.
 */
final class RecordJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_QUOTED_VALUE = 40;

    private final Schema schema;
    private final SpecificData model;
    /** JSON names of top-level fields where they differ from the schema's. */
    private final Map<String, String> topLevelNames;
    /** Top-level JSON keys that belong to the line, not to the record. */
    private final Set<String> reservedKeys;

    /**
     * @param schema        the record schema of a generated class
     * @param topLevelNames JSON name of a top-level field, by schema name, where they differ
     * @param reservedKeys  top-level JSON keys to skip when reading (e.g. the line's {@code type})
     */
    RecordJson(final Schema schema, final Map<String, String> topLevelNames, final Set<String> reservedKeys) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        this.schema = schema;
        this.model = SpecificData.getForSchema(schema);
        this.topLevelNames = Map.copyOf(topLevelNames);
        this.reservedKeys = Set.copyOf(reservedKeys);
    }

    /** The JSON name of a top-level field. */
    String jsonName(final Schema.Field field) {
        return topLevelNames.getOrDefault(field.name(), field.name());
    }

    /** Builds the record from a JSON object; the result is an instance of the generated class and valid. */
    SpecificRecord read(final JsonNode json) throws InvalidLineException {
        final Object record = readRecord(json, schema, "", true);
        if (!(record instanceof SpecificRecord specific) || !model.validate(schema, record)) {
            throw new IllegalStateException("JSON decoded into an invalid " + schema.getName() + ": " + record);
        }
        return specific;
    }

    /** Adds the record's fields, in schema order, to {@code target}. */
    void write(final IndexedRecord record, final ObjectNode target) {
        for (final Schema.Field field : schema.getFields()) {
            target.set(jsonName(field), write(record.get(field.pos()), field.schema()));
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    private Object read(final JsonNode json, final Schema type, final String path) throws InvalidLineException {
        switch (type.getType()) {
            case NULL:
                if (!json.isNull()) {
                    throw mismatch(path, type, json);
                }
                return null;
            case BOOLEAN:
                if (!json.isBoolean()) {
                    throw mismatch(path, type, json);
                }
                return json.booleanValue();
            case INT:
                if (!json.isIntegralNumber() || !json.canConvertToInt()) {
                    throw mismatch(path, type, json);
                }
                return json.intValue();
            case LONG:
                if (!json.isIntegralNumber() || !json.canConvertToLong()) {
                    throw mismatch(path, type, json);
                }
                return json.longValue();
            case FLOAT:
                return readFloat(json, type, path);
            case DOUBLE:
                return readDouble(json, type, path);
            case STRING:
                if (!json.isTextual()) {
                    throw mismatch(path, type, json);
                }
                return json.textValue();
            case ENUM:
                if (!json.isTextual() || !type.hasEnumSymbol(json.textValue())) {
                    throw mismatch(path, type, json);
                }
                return model.createEnum(json.textValue(), type);
            case ARRAY:
                return readArray(json, type, path);
            case MAP:
                return readMap(json, type, path);
            case RECORD:
                return readRecord(json, type, path, false);
            case UNION:
                return readUnion(json, type, path);
            default:
                throw new IllegalStateException("Avro type " + type.getType() + " at '" + path
                        + "' is not supported by the JSON Lines codec");
        }
    }

    private Object readRecord(final JsonNode json, final Schema type, final String path, final boolean topLevel)
            throws InvalidLineException {
        if (!json.isObject()) {
            throw mismatch(path, type, json);
        }
        final Map<String, Schema.Field> byJsonName = new HashMap<>();
        for (final Schema.Field field : type.getFields()) {
            byJsonName.put(topLevel ? jsonName(field) : field.name(), field);
        }
        // Unknown names first: a misspelt field is better reported as such than as a missing one.
        final Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!byJsonName.containsKey(name) && !(topLevel && reservedKeys.contains(name))) {
                throw new InvalidLineException("field '" + child(path, name) + "': unknown field; " + type.getName()
                        + " has " + type.getFields().stream().map(f -> topLevel ? jsonName(f) : f.name())
                        .collect(Collectors.joining(", ")));
            }
        }
        final IndexedRecord record = (IndexedRecord) model.newRecord(null, type);
        for (final Schema.Field field : type.getFields()) {
            final String name = topLevel ? jsonName(field) : field.name();
            final JsonNode value = json.get(name);
            if (value != null) {
                record.put(field.pos(), read(value, field.schema(), child(path, name)));
            } else if (field.hasDefaultValue()) {
                // The default object is cached and shared by Avro: each record gets its own copy.
                record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
            } else {
                throw new InvalidLineException("field '" + child(path, name) + "': required, but missing");
            }
        }
        return record;
    }

    private List<Object> readArray(final JsonNode json, final Schema type, final String path)
            throws InvalidLineException {
        if (!json.isArray()) {
            throw mismatch(path, type, json);
        }
        final List<Object> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(read(json.get(i), type.getElementType(), path + "[" + i + "]"));
        }
        return items;
    }

    private Map<String, Object> readMap(final JsonNode json, final Schema type, final String path)
            throws InvalidLineException {
        if (!json.isObject()) {
            throw mismatch(path, type, json);
        }
        final Map<String, Object> map = new HashMap<>();
        for (final Map.Entry<String, JsonNode> entry : json.properties()) {
            map.put(entry.getKey(), read(entry.getValue(), type.getValueType(), child(path, entry.getKey())));
        }
        return map;
    }

    private Object readUnion(final JsonNode json, final Schema type, final String path) throws InvalidLineException {
        final List<Schema> branches = type.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (json.isNull() && branches.size() < type.getTypes().size()) {
            return null;
        }
        if (branches.size() == 1 && fitsKind(json, branches.get(0))) {
            // Inside the one record, array or map the union allows, the deeper message says more.
            return read(json, branches.get(0), path);
        }
        // Plain JSON does not say which branch it is: the first one that takes the value wins.
        for (final Schema branch : branches) {
            try {
                return read(json, branch, path);
            } catch (InvalidLineException e) {
                // try the next branch
            }
        }
        throw mismatch(path, type, json);
    }

    private static boolean fitsKind(final JsonNode json, final Schema type) {
        return switch (type.getType()) {
            case RECORD, MAP -> json.isObject();
            case ARRAY -> json.isArray();
            default -> false;
        };
    }

    private static Float readFloat(final JsonNode json, final Schema type, final String path)
            throws InvalidLineException {
        if (json.isTextual()) {
            return (float) nonFinite(json, type, path);
        }
        if (!json.isNumber()) {
            throw mismatch(path, type, json);
        }
        final float value = json.floatValue();
        if (Float.isInfinite(value)) {
            throw new InvalidLineException("field '" + path + "': " + json + " is out of the range of a float");
        }
        return value;
    }

    private static Double readDouble(final JsonNode json, final Schema type, final String path)
            throws InvalidLineException {
        if (json.isTextual()) {
            return nonFinite(json, type, path);
        }
        if (!json.isNumber()) {
            throw mismatch(path, type, json);
        }
        final double value = json.doubleValue();
        if (Double.isInfinite(value)) {
            throw new InvalidLineException("field '" + path + "': " + json + " is out of the range of a double");
        }
        return value;
    }

    private static double nonFinite(final JsonNode json, final Schema type, final String path)
            throws InvalidLineException {
        return switch (json.textValue()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw mismatch(path, type, json);
        };
    }

    private static InvalidLineException mismatch(final String path, final Schema type, final JsonNode json) {
        return new InvalidLineException("field '" + path + "': expected " + expected(type) + ", got " + shown(json));
    }

    /** What a schema type looks like in JSON, for messages. */
    static String expected(final Schema type) {
        return switch (type.getType()) {
            case NULL -> "null";
            case BOOLEAN -> "true or false";
            case INT -> "an integer (int)";
            case LONG -> "an integer (long)";
            case FLOAT, DOUBLE -> "a number";
            case STRING -> "a string";
            case ENUM -> "one of " + String.join(", ", type.getEnumSymbols());
            case ARRAY -> "an array";
            case MAP -> "an object (map)";
            case RECORD -> "an object (" + type.getName() + ")";
            // Nullable unions read "a number or null" rather than "null or a number".
            case UNION -> type.getTypes().stream().sorted(Comparator.comparing(s -> s.getType() == Schema.Type.NULL))
                    .map(RecordJson::expected).collect(Collectors.joining(" or "));
            default -> type.getType().getName();
        };
    }

    private static String shown(final JsonNode json) {
        if (json.isObject()) {
            return "an object";
        }
        if (json.isArray()) {
            return "an array";
        }
        final String text = json.toString();
        return text.length() <= MAX_QUOTED_VALUE ? text : text.substring(0, MAX_QUOTED_VALUE) + "...";
    }

    private static String child(final String path, final String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    // ---- writing ----------------------------------------------------------------------------------

    private JsonNode write(final Object datum, final Schema type) {
        switch (type.getType()) {
            case NULL:
                return NODES.nullNode();
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            case INT:
                return NODES.numberNode((Integer) datum);
            case LONG:
                return NODES.numberNode((Long) datum);
            case FLOAT: {
                final float value = (Float) datum;
                return Float.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(Float.toString(value));
            }
            case DOUBLE: {
                final double value = (Double) datum;
                return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(Double.toString(value));
            }
            case STRING:
            case ENUM:
                return NODES.textNode(datum.toString());
            case ARRAY: {
                final var array = NODES.arrayNode();
                for (final Object item : (Collection<?>) datum) {
                    array.add(write(item, type.getElementType()));
                }
                return array;
            }
            case MAP: {
                final ObjectNode object = NODES.objectNode();
                final Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) datum).forEach((k, v) -> sorted.put(k.toString(), v));
                sorted.forEach((k, v) -> object.set(k, write(v, type.getValueType())));
                return object;
            }
            case RECORD: {
                final ObjectNode object = NODES.objectNode();
                final IndexedRecord record = (IndexedRecord) datum;
                for (final Schema.Field field : type.getFields()) {
                    object.set(field.name(), write(record.get(field.pos()), field.schema()));
                }
                return object;
            }
            case UNION:
                return write(datum, type.getTypes().get(model.resolveUnion(type, datum)));
            default:
                throw new IllegalStateException("Avro type " + type.getType() + " is not supported by the JSON Lines codec");
        }
    }
}
