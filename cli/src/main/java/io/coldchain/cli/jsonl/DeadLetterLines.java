package io.coldchain.cli.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coldchain.topics.TopicCatalogue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * Lines of the dead-letter topic, where Kafka Streams puts the records it could not deserialize or process:
 * their original key and value bytes, unchanged, with {@code __streams.errors.*} headers. One line per record:
 *
 * <pre>{"type":"dead-letter","topic":...,"partition":...,"offset":...,"timestamp":...,"exception":...,
 * "message":...,"key":...,"keyBase64":...,"valueBase64":...,"record":{...} or null[,"stacktrace":...]}</pre>
 *
 * <p>{@code topic}, {@code partition} and {@code offset} say where the record was read; {@code timestamp} is its
 * timestamp (Kafka Streams keeps it); {@code key} is the key as text when it is UTF-8; {@code record} is the
 * value as the line of its original topic's type when it decodes with that topic's schema (a record that
 * failed in processing), null otherwise (often the reason it is here). The stack trace is long and only
 * written when asked for. Every line is written, even one without a value.
 */
final class DeadLetterLines implements ExportFormat {

    static final String SHORT_NAME = "dead-letter";
    static final String TOPIC_HEADER = "__streams.errors.topic";
    static final String PARTITION_HEADER = "__streams.errors.partition";
    static final String OFFSET_HEADER = "__streams.errors.offset";
    static final String EXCEPTION_HEADER = "__streams.errors.exception";
    static final String MESSAGE_HEADER = "__streams.errors.message";
    static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";

    private final TopicCatalogue catalogue;
    private final boolean stackTraces;
    private final JsonLines jsonLines = new JsonLines();

    /**
     * @param catalogue   the topics (and serdes) the dead letters may come from
     * @param stackTraces whether to write the {@code stacktrace} field
     */
    DeadLetterLines(final TopicCatalogue catalogue, final boolean stackTraces) {
        this.catalogue = catalogue;
        this.stackTraces = stackTraces;
    }

    @Override
    public String topic() {
        return catalogue.deadLetters().name();
    }

    @Override
    public boolean skipsTombstones() {
        return false; // a record without a value can fail too: it is a dead letter like any other
    }

    @Override
    public String line(final ConsumerRecord<byte[], byte[]> record) {
        final Headers headers = record.headers();
        final String source = ExportFormat.headerText(headers, TOPIC_HEADER);
        final ObjectNode line = jsonLines.object();
        line.put(JsonLines.TYPE_FIELD, JsonLines.DEAD_LETTER_TYPE);
        line.put("topic", source);
        putNumber(line, "partition", ExportFormat.headerText(headers, PARTITION_HEADER));
        putNumber(line, "offset", ExportFormat.headerText(headers, OFFSET_HEADER));
        line.put("timestamp", record.timestamp());
        line.put("exception", ExportFormat.headerText(headers, EXCEPTION_HEADER));
        line.put("message", ExportFormat.headerText(headers, MESSAGE_HEADER));
        line.put("key", utf8(record.key()));
        line.put("keyBase64", base64(record.key()));
        line.put("valueBase64", base64(record.value()));
        line.set("record", decode(source, record.value()).map(jsonLines::tree).orElse(null));
        if (stackTraces) {
            line.put("stacktrace", ExportFormat.headerText(headers, STACKTRACE_HEADER));
        }
        return jsonLines.write(line);
    }

    /** The value as a record of its source topic's type, if it is one of ours and the value decodes. */
    private Optional<SpecificRecord> decode(final String source, final byte[] value) {
        if (source == null || value == null) {
            return Optional.empty();
        }
        return RecordType.ofTopicName(source, catalogue).flatMap(type -> {
            try {
                return Optional.of(type.topic(catalogue).valueSerde().deserializer().deserialize(source, value));
            } catch (SerializationException e) {
                return Optional.empty();
            }
        });
    }

    private static void putNumber(final ObjectNode line, final String field, final String text) {
        if (text != null && text.matches("-?\\d{1,18}")) {
            line.put(field, Long.parseLong(text));
        } else {
            line.put(field, text); // not written by Kafka Streams: shown as it is
        }
    }

    private static String base64(final byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static String utf8(final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
