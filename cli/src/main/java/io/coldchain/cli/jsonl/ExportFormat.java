package io.coldchain.cli.jsonl;

import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * How the records of one topic become JSON lines: the topics of {@link RecordType} (one record per line),
 * the late-data topic ({@link LateDataLines}) and the dead-letter topic ({@link DeadLetterLines}).
 */
public interface ExportFormat {

    /** The full topic name. */
    String topic();

    /** Whether a record without a value is a tombstone, skipped and counted, rather than a line. */
    default boolean skipsTombstones() {
        return true;
    }

    /**
     * The line of {@code record}, without a line break.
     *
     * @throws SerializationException if the value cannot be read with the topic's schema
     */
    String line(ConsumerRecord<byte[], byte[]> record);

    /**
     * The format of {@code topic}: a short name ({@code plans}, ..., {@code late-data}, {@code dead-letter}) or a
     * full name in {@code catalogue}.
     *
     * @param stackTraces whether dead-letter lines carry the stack trace
     */
    static Optional<ExportFormat> of(final String topic, final TopicCatalogue catalogue, final boolean stackTraces) {
        final Optional<RecordType> type = RecordType.ofTopic(topic, catalogue);
        if (type.isPresent()) {
            return Optional.of(records(type.get().topic(catalogue)));
        }
        if (LateDataLines.SHORT_NAME.equals(topic) || catalogue.lateData().name().equals(topic)) {
            return Optional.of(new LateDataLines(catalogue.lateData()));
        }
        if (DeadLetterLines.SHORT_NAME.equals(topic) || catalogue.deadLetters().name().equals(topic)) {
            return Optional.of(new DeadLetterLines(catalogue, stackTraces));
        }
        return Optional.empty();
    }

    /** The last header called {@code name} as UTF-8 text; null when there is none. */
    static String headerText(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The short names {@link #of} takes, for messages. */
    static List<String> shortNames() {
        final List<String> names = new ArrayList<>();
        for (final RecordType type : RecordType.values()) {
            names.add(type.topicShortName());
        }
        names.add(LateDataLines.SHORT_NAME);
        names.add(DeadLetterLines.SHORT_NAME);
        return names;
    }

    /** The full names {@link #of} takes in {@code catalogue}, for messages. */
    static List<String> fullNames(final TopicCatalogue catalogue) {
        final List<String> names = new ArrayList<>();
        for (final RecordType type : RecordType.values()) {
            names.add(type.topic(catalogue).name());
        }
        names.add(catalogue.lateData().name());
        names.add(catalogue.deadLetters().name());
        return names;
    }

    /** One record of the topic's value type per line, as {@code publish} reads it. */
    static ExportFormat records(final TopicSpec<String, ? extends SpecificRecord> topic) {
        final Deserializer<? extends SpecificRecord> deserializer = topic.valueSerde().deserializer();
        final JsonLines jsonLines = new JsonLines();
        return new ExportFormat() {
            @Override
            public String topic() {
                return topic.name();
            }

            @Override
            public String line(final ConsumerRecord<byte[], byte[]> record) {
                return jsonLines.write(deserializer.deserialize(record.topic(), record.value()));
            }
        };
    }
}
