package io.coldchain.cli.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicExporterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TopicSpec<String, TemperatureReading> topic = TopicCatalogue.defaults().temperatureReadings();
    private final TopicPartition p0 = new TopicPartition(topic.name(), 0);
    private final TopicPartition p1 = new TopicPartition(topic.name(), 1);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong nanos = new AtomicLong();
    private final TopicExporter exporter = new TopicExporter(consumer, TIMEOUT, () -> nanos.addAndGet(1_000_000_000L));
    private final JsonLines jsonLines = new JsonLines();
    private final StringWriter out = new StringWriter();
    private final List<String> problems = new ArrayList<>();

    @BeforeEach
    void twoPartitions() {
        final Node node = new Node(1, "localhost", 9092);
        consumer.updatePartitions(topic.name(), List.of(
                new PartitionInfo(topic.name(), 0, node, new Node[] {node}, new Node[] {node}),
                new PartitionInfo(topic.name(), 1, node, new Node[] {node}, new Node[] {node})));
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    }

    @Test
    void shouldWriteEveryPartitionUpToItsEndAsItWasWhenTheExportStarted() throws Exception {
        consumer.updateEndOffsets(Map.of(p0, 2L, p1, 1L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(p0, 0, 1_000, value(reading(1_000))));
            consumer.addRecord(record(p0, 1, 2_000, value(reading(2_000))));
            consumer.addRecord(record(p1, 0, 1_500, value(reading(1_500))));
            // Published after the export started: left for the next export.
            consumer.addRecord(record(p0, 2, 3_000, value(reading(3_000))));
        });

        final ExportReport report = exporter.export(topic, null, null, out, problems::add);

        assertThat(report).isEqualTo(new ExportReport(3, 0, 0, 0));
        assertThat(out.toString().lines()).containsExactlyInAnyOrder(line(1_000), line(2_000), line(1_500));
        assertThat(out.toString()).endsWith("\n");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldKeepOnlyRecordsStampedFromTheStartUpToButExcludingTheEnd() throws Exception {
        consumer.updateEndOffsets(Map.of(p0, 3L, p1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(p0, 0, 1_000, value(reading(1_000))));
            consumer.addRecord(record(p0, 1, 2_000, value(reading(2_000))));
            consumer.addRecord(record(p0, 2, 3_000, value(reading(3_000))));
        });

        // --from is applied by offsetsForTimes on a broker (see PublishExportIT); --to here.
        final ExportReport report = exporter.export(topic, null, Instant.ofEpochMilli(Records.T0 + 3_000), out,
                problems::add);

        assertThat(report.written()).isEqualTo(2);
        assertThat(report.outside()).isOne();
        assertThat(out.toString().lines()).containsExactly(line(1_000), line(2_000));
    }

    @Test
    void shouldSkipTombstonesAndReportRecordsItCannotRead() throws Exception {
        consumer.updateEndOffsets(Map.of(p0, 3L, p1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(p0, 0, 1_000, null));
            consumer.addRecord(record(p0, 1, 2_000, "{\"not\":\"avro\"}".getBytes()));
            consumer.addRecord(record(p0, 2, 3_000, value(reading(3_000))));
        });

        final ExportReport report = exporter.export(topic, null, null, out, problems::add);

        assertThat(report).isEqualTo(new ExportReport(1, 0, 1, 1));
        assertThat(out.toString().lines()).containsExactly(line(3_000));
        assertThat(problems).singleElement().asString()
                .startsWith("partition 0 offset 1: cannot read the value: Not Confluent wire format");
    }

    @Test
    void shouldFinishAtOnceOnAnEmptyTopic() throws Exception {
        consumer.updateEndOffsets(Map.of(p0, 0L, p1, 0L));

        assertThat(exporter.export(topic, null, null, out, problems::add)).isEqualTo(new ExportReport(0, 0, 0, 0));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldGiveUpWhenReadingMakesNoProgress() {
        consumer.updateEndOffsets(Map.of(p0, 2L, p1, 0L));

        assertThatThrownBy(() -> exporter.export(topic, null, null, out, problems::add))
                .isInstanceOf(JsonLinesException.class)
                .hasMessage("reading coldchain.telemetry.temperature made no progress for 5 s (partition, offset, end "
                        + "offset: [0 0 2]): is the broker still running?");
    }

    @Test
    void shouldSayWhenTheTopicDoesNotExist() {
        final TopicSpec<String, TemperatureReading> other = new TopicCatalogue("acme.", 3,
                io.coldchain.serde.AvroSerdes.local()).temperatureReadings();

        assertThatThrownBy(() -> exporter.export(other, null, null, out, problems::add))
                .isInstanceOf(JsonLinesException.class)
                .hasMessage("topic acme.telemetry.temperature does not exist; check --topic and --topic-prefix");
    }

    private static TemperatureReading reading(final long offsetMillis) {
        return TemperatureReading.newBuilder(Records.reading(null)).setEventTime(Records.T0 + offsetMillis).build();
    }

    private String line(final long offsetMillis) {
        return jsonLines.write(reading(offsetMillis));
    }

    private byte[] value(final TemperatureReading reading) {
        return topic.valueSerde().serializer().serialize(topic.name(), reading);
    }

    private static ConsumerRecord<byte[], byte[]> record(final TopicPartition partition, final long offset,
                                                         final long offsetMillis, final byte[] value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, Records.T0 + offsetMillis,
                TimestampType.CREATE_TIME, -1, value == null ? -1 : value.length, Records.SHIPMENT.getBytes(), value,
                new RecordHeaders(), Optional.empty());
    }
}
