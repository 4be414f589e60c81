package io.coldchain.cli.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coldchain.topics.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Lines of the late-data topic: the record the pipeline set aside (a temperature reading or location fix,
 * unchanged, each with its own schema), as its own type's line, plus {@code "setAside": {"reason": ...,
 * "streamTime": ...}} from the headers the streams app adds. {@code publish} refuses such a line rather than
 * drop the field silently (see {@link JsonLines#read}).
 */
final class LateDataLines implements ExportFormat {

    static final String SHORT_NAME = "late-data";
    /** The headers as the streams app's ReorderingDetectorProcessor writes them: UTF-8 text. */
    static final String REASON_HEADER = "coldchain.late.reason";
    static final String STREAM_TIME_HEADER = "coldchain.late.stream-time";

    private final TopicSpec<String, SpecificRecord> topic;
    private final Deserializer<SpecificRecord> deserializer;
    private final JsonLines jsonLines = new JsonLines();

    LateDataLines(final TopicSpec<String, SpecificRecord> topic) {
        this.topic = topic;
        this.deserializer = topic.valueSerde().deserializer();
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public String line(final ConsumerRecord<byte[], byte[]> record) {
        final ObjectNode line = jsonLines.tree(deserializer.deserialize(record.topic(), record.value()));
        final ObjectNode setAside = line.putObject(JsonLines.SET_ASIDE_FIELD);
        setAside.put("reason", ExportFormat.headerText(record.headers(), REASON_HEADER));
        final String streamTime = ExportFormat.headerText(record.headers(), STREAM_TIME_HEADER);
        if (streamTime != null && streamTime.matches("-?\\d{1,18}")) {
            setAside.put("streamTime", Long.parseLong(streamTime));
        } else {
            setAside.put("streamTime", streamTime); // not written by the streams app: shown as it is
        }
        return jsonLines.write(line);
    }
}
