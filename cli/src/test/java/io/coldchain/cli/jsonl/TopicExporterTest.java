package io.coldchain.cli.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicExporterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TopicCatalogue catalogue = TopicCatalogue.defaults();
    private final TopicSpec<String, TemperatureReading> topic = catalogue.temperatureReadings();
    private final ExportFormat records = ExportFormat.records(topic);
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
        partitions(topic.name(), 2);
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

        final ExportReport report = exporter.export(records, null, null, out, problems::add);

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
        final ExportReport report = exporter.export(records, null, Instant.ofEpochMilli(Records.T0 + 3_000), out,
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

        final ExportReport report = exporter.export(records, null, null, out, problems::add);

        assertThat(report).isEqualTo(new ExportReport(1, 0, 1, 1));
        assertThat(out.toString().lines()).containsExactly(line(3_000));
        assertThat(problems).singleElement().asString()
                .startsWith("partition 0 offset 1: cannot read the value: Not Confluent wire format");
    }

    @Test
    void shouldFinishAtOnceOnAnEmptyTopic() throws Exception {
        consumer.updateEndOffsets(Map.of(p0, 0L, p1, 0L));

        assertThat(exporter.export(records, null, null, out, problems::add)).isEqualTo(new ExportReport(0, 0, 0, 0));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldGiveUpWhenReadingMakesNoProgress() {
        consumer.updateEndOffsets(Map.of(p0, 2L, p1, 0L));

        assertThatThrownBy(() -> exporter.export(records, null, null, out, problems::add))
                .isInstanceOf(JsonLinesException.class)
                .hasMessage("reading coldchain.telemetry.temperature made no progress for 5 s (partition, offset, end "
                        + "offset: [0 0 2]): is the broker still running?");
    }

    @Test
    void shouldSayWhenTheTopicDoesNotExist() {
        final TopicSpec<String, TemperatureReading> other = new TopicCatalogue("acme.", 3,
                io.coldchain.serde.AvroSerdes.local()).temperatureReadings();

        assertThatThrownBy(() -> exporter.export(ExportFormat.records(other), null, null, out, problems::add))
                .isInstanceOf(JsonLinesException.class)
                .hasMessage("topic acme.telemetry.temperature does not exist; check --topic and --topic-prefix");
    }

    @Test
    void shouldWriteWhatThePipelineSetAsideAsTheRecordsLinesWithWhyAndWhen() throws Exception {
        final TopicPartition late = partitions(catalogue.lateData().name(), 1).get(0);
        final LocationFix fix = Records.fullFix();
        consumer.updateEndOffsets(Map.of(late, 2L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(lateRecord(late, 0, reading(1_000), "event time is 7200000 ms behind stream time",
                    "1740816001000"));
            consumer.addRecord(lateRecord(late, 1, fix, "no shipment plan for 'SHP-000001'", null));
        });

        final ExportReport report = exporter.export(ExportFormat.of("late-data", catalogue, false).orElseThrow(), null,
                null, out, problems::add);

        assertThat(report).isEqualTo(new ExportReport(2, 0, 0, 0));
        assertThat(out.toString().lines()).containsExactly(
                withoutLastBrace(line(1_000)) + ",\"setAside\":{\"reason\":\"event time is 7200000 ms behind stream "
                        + "time\",\"streamTime\":1740816001000}}",
                withoutLastBrace(jsonLines.write(fix)) + ",\"setAside\":{\"reason\":\"no shipment plan for "
                        + "'SHP-000001'\",\"streamTime\":null}}");
        assertThat(ExportFormat.of(catalogue.lateData().name(), catalogue, false)).get()
                .extracting(ExportFormat::topic).isEqualTo("coldchain.errors.late-data");
    }

    @Test
    void shouldWriteADeadLetterWithWhereItCameFromWhyTheBytesAndTheRecordWhenItStillDecodes() throws Exception {
        final TopicPartition dead = partitions(catalogue.deadLetters().name(), 1).get(0);
        final byte[] garbage = {0x01, (byte) 0xff, 0x02};
        consumer.updateEndOffsets(Map.of(dead, 3L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(deadLetter(dead, 0, topic.name(), garbage,
                    new SerializationException("Not Confluent wire format")));
            consumer.addRecord(deadLetter(dead, 1, topic.name(), value(reading(2_000)),
                    new IllegalStateException("rule failed")));
            consumer.addRecord(deadLetter(dead, 2, "coldchain-app-repartition", null, new NullPointerException()));
        });

        final ExportReport report = exporter.export(ExportFormat.of("dead-letter", catalogue, false).orElseThrow(),
                null, null, out, problems::add);

        assertThat(report).isEqualTo(new ExportReport(3, 0, 0, 0));
        final String key = Base64.getEncoder().encodeToString(Records.SHIPMENT.getBytes(StandardCharsets.UTF_8));
        assertThat(out.toString().lines()).containsExactly(
                "{\"type\":\"dead-letter\",\"topic\":\"coldchain.telemetry.temperature\",\"partition\":2,"
                        + "\"offset\":40,\"timestamp\":" + (Records.T0 + 1_000) + ",\"exception\":"
                        + "\"org.apache.kafka.common.errors.SerializationException\",\"message\":\"Not Confluent wire "
                        + "format\",\"key\":\"SHP-000001\",\"keyBase64\":\"" + key + "\",\"valueBase64\":\"Af8C\","
                        + "\"record\":null}",
                "{\"type\":\"dead-letter\",\"topic\":\"coldchain.telemetry.temperature\",\"partition\":2,"
                        + "\"offset\":41,\"timestamp\":" + (Records.T0 + 1_000) + ",\"exception\":"
                        + "\"java.lang.IllegalStateException\",\"message\":\"rule failed\",\"key\":\"SHP-000001\","
                        + "\"keyBase64\":\"" + key + "\",\"valueBase64\":\""
                        + Base64.getEncoder().encodeToString(value(reading(2_000))) + "\",\"record\":" + line(2_000)
                        + "}",
                "{\"type\":\"dead-letter\",\"topic\":\"coldchain-app-repartition\",\"partition\":2,\"offset\":42,"
                        + "\"timestamp\":" + (Records.T0 + 1_000) + ",\"exception\":\"java.lang.NullPointerException\","
                        + "\"message\":null,\"key\":\"SHP-000001\",\"keyBase64\":\"" + key + "\",\"valueBase64\":null,"
                        + "\"record\":null}");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldAddTheStackTraceOfADeadLetterOnlyWhenAskedTo() throws Exception {
        final TopicPartition dead = partitions(catalogue.deadLetters().name(), 1).get(0);
        consumer.updateEndOffsets(Map.of(dead, 1L));
        consumer.schedulePollTask(() -> consumer.addRecord(deadLetter(dead, 0, topic.name(), new byte[] {1},
                new SerializationException("Not Confluent wire format"))));

        exporter.export(ExportFormat.of("coldchain.errors.dead-letter", catalogue, true).orElseThrow(), null, null,
                out, problems::add);

        final JsonNode line = new ObjectMapper().readTree(out.toString());
        assertThat(line.get("stacktrace").textValue())
                .startsWith("org.apache.kafka.common.errors.SerializationException: Not Confluent wire format");
        assertThat(line.get("record").isNull()).isTrue();
    }

    @Test
    void shouldKnowTheErrorTopicsByShortAndFullNameOnly() {
        assertThat(ExportFormat.of("errors.dead-letter", catalogue, false)).isEmpty();
        assertThat(ExportFormat.shortNames()).containsExactly("plans", "temperature", "location", "custody", "alerts",
                "late-data", "dead-letter");
    }

    /** Makes {@code name} a topic of {@code count} partitions, each starting at offset 0. */
    private List<TopicPartition> partitions(final String name, final int count) {
        final Node node = new Node(1, "localhost", 9092);
        final List<PartitionInfo> infos = new ArrayList<>();
        final Map<TopicPartition, Long> beginning = new HashMap<>();
        for (int i = 0; i < count; i++) {
            infos.add(new PartitionInfo(name, i, node, new Node[] {node}, new Node[] {node}));
            beginning.put(new TopicPartition(name, i), 0L);
        }
        consumer.updatePartitions(name, infos);
        consumer.updateBeginningOffsets(beginning);
        return infos.stream().map(i -> new TopicPartition(name, i.partition())).toList();
    }

    /** A record set aside as the streams app does it: the value unchanged, stamped with its event time, two headers. */
    private ConsumerRecord<byte[], byte[]> lateRecord(final TopicPartition partition, final long offset,
                                                      final SpecificRecord value, final String reason,
                                                      final String streamTime) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add("coldchain.late.reason", reason.getBytes(StandardCharsets.UTF_8));
        if (streamTime != null) {
            headers.add("coldchain.late.stream-time", streamTime.getBytes(StandardCharsets.UTF_8));
        }
        final byte[] bytes = catalogue.lateData().valueSerde().serializer().serialize(partition.topic(), value);
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, Records.T0,
                TimestampType.CREATE_TIME, -1, bytes.length, Records.SHIPMENT.getBytes(StandardCharsets.UTF_8), bytes,
                headers, Optional.empty());
    }

    /**
     * A dead letter as Kafka Streams builds it (its own code, so the headers are the real ones) for a record at
     * partition 2, offset 40 + {@code offset} of {@code source}.
     */
    private static ConsumerRecord<byte[], byte[]> deadLetter(final TopicPartition partition, final long offset,
                                                             final String source, final byte[] value,
                                                             final Exception exception) {
        final byte[] key = Records.SHIPMENT.getBytes(StandardCharsets.UTF_8);
        final ProducerRecord<byte[], byte[]> built = ExceptionHandlerUtils.buildDeadLetterQueueRecord(partition.topic(),
                key, value, new DefaultErrorHandlerContext(null, source, 2, 40 + offset, new RecordHeaders(),
                        "detect-temperature-excursions", new TaskId(0, 2), Records.T0 + 1_000, key, value), exception);
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, built.timestamp(),
                TimestampType.CREATE_TIME, -1, value == null ? -1 : value.length, built.key(), built.value(),
                built.headers(), Optional.empty());
    }

    private static String withoutLastBrace(final String line) {
        return line.substring(0, line.length() - 1);
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
