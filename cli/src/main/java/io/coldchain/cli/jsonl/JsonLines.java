package io.coldchain.cli.jsonl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON Lines form of coldchain's records: one JSON object per line, {@code "type"} first ({@code plan},
 * {@code temperature}, {@code location}, {@code custody}, {@code alert}), then the record's fields in schema
 * order, converted by {@link RecordJson}. Holds no Kafka types.
 *
 * <p>Because {@code type} names the record type on every line, a record field that is itself called
 * {@code type} is written as {@code <record type>Type}: an alert's {@code type} is {@code alertType}.
 *
 * <p>Thread-safe.
 */
public final class JsonLines {

    /** The key of the record type on every line. */
    public static final String TYPE_FIELD = "type";
    /** The key of why and when the pipeline set a record aside, on lines exported from the late-data topic. */
    public static final String SET_ASIDE_FIELD = "setAside";
    /** The type of lines exported from the dead-letter topic. */
    public static final String DEAD_LETTER_TYPE = "dead-letter";

    private final JsonMapper mapper = JsonMapper.builder()
            // A key given twice or a second value on the line must not be silently dropped.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final Map<RecordType, RecordJson> codecs = new EnumMap<>(RecordType.class);

    public JsonLines() {
        for (final RecordType type : RecordType.values()) {
            final Schema schema = type.schema();
            final Map<String, String> renamed = schema.getField(TYPE_FIELD) == null ? Map.of()
                    : Map.of(TYPE_FIELD, type.jsonName() + "Type");
            codecs.put(type, new RecordJson(schema, renamed, Set.of(TYPE_FIELD)));
        }
    }

    /** A record read from a line, with its type. */
    public record Event(RecordType type, SpecificRecord record) {
    }

    /**
     * Reads one line.
     *
     * @throws InvalidLineException with the reason when the line is not JSON, has no known {@code type}, or
     *                              does not match the type's schema
     */
    public Event read(final String line) throws InvalidLineException {
        final JsonNode json = parse(line);
        if (!json.isObject()) {
            throw new InvalidLineException("expected a JSON object, got " + (json.isArray() ? "an array" : json));
        }
        final JsonNode typeName = json.get(TYPE_FIELD);
        if (typeName == null) {
            throw new InvalidLineException("field 'type': required, but missing; expected one of "
                    + RecordType.jsonNames());
        }
        // Lines of export's error topics carry what the pipeline did with a record: publishing one must be a choice.
        if (typeName.isTextual() && DEAD_LETTER_TYPE.equals(typeName.textValue())) {
            throw new InvalidLineException("field 'type': a dead-letter line (from export --topic dead-letter) cannot "
                    + "be published; its 'record', where not null, is a line publish reads: jq -c '.record // empty'");
        }
        if (json.has(SET_ASIDE_FIELD)) {
            throw new InvalidLineException("field '" + SET_ASIDE_FIELD + "': a line of the late-data topic (from "
                    + "export --topic late-data); to publish the record to its own topic again, drop the field: "
                    + "jq -c 'del(." + SET_ASIDE_FIELD + ")'");
        }
        final RecordType type = typeName.isTextual() ? RecordType.ofJsonName(typeName.textValue()).orElse(null) : null;
        if (type == null) {
            throw new InvalidLineException("field 'type': unknown record type " + typeName + "; expected one of "
                    + RecordType.jsonNames());
        }
        return new Event(type, codecs.get(type).read(json));
    }

    /** The line of {@code record} (without a line break). */
    public String write(final SpecificRecord record) {
        return write(tree(record));
    }

    /** The line of {@code record} as a tree: {@code type}, then the fields; export's other lines add to it. */
    ObjectNode tree(final SpecificRecord record) {
        final RecordType type = RecordType.ofRecordClass(record.getClass()).orElseThrow(
                () -> new IllegalArgumentException("no JSON Lines type for " + record.getClass().getName()));
        final ObjectNode line = mapper.createObjectNode();
        line.put(TYPE_FIELD, type.jsonName());
        codecs.get(type).write(record, line);
        return line;
    }

    /** An empty object, for lines that are not a record of {@link RecordType}. */
    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The line of {@code tree} (without a line break). */
    String write(final ObjectNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain nodes always serialises
        }
    }

    private JsonNode parse(final String line) throws InvalidLineException {
        try {
            final JsonNode json = mapper.readTree(line);
            if (json == null || json.isMissingNode()) {
                throw new InvalidLineException("empty line");
            }
            return json;
        } catch (JacksonException e) {
            final String where = e.getLocation() == null || e.getLocation().getColumnNr() < 1 ? ""
                    : " at column " + e.getLocation().getColumnNr();
            throw new InvalidLineException("not valid JSON" + where + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " ").strip());
        }
    }
}
