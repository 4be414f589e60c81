package io.coldchain.cli.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.topics.TopicCatalogue;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class JsonLinesPublisherTest {

    /** The publisher's clock: a day after the test records' times. */
    private static final long NOW = Records.T0 + 86_400_000L;

    private final TopicCatalogue catalogue = TopicCatalogue.defaults();
    private final JsonLines jsonLines = new JsonLines();
    private final RefusingProducer producer = new RefusingProducer();
    private final List<String> rejections = new ArrayList<>();

    @Test
    void shouldPublishEachLineToItsTopicKeyedByShipmentAndStampedWithItsEventTime() throws Exception {
        final List<SpecificRecord> records = List.of(Records.fullPlan(), Records.reading(87.5f), Records.fullFix(),
                Records.fullCustody(), Records.fullAlert());

        final PublishReport report = publish(records.stream().map(jsonLines::write).toList());

        assertThat(rejections).isEmpty();
        assertThat(report.rejected()).isZero();
        assertThat(report.accepted()).containsOnlyKeys(RecordType.values()).allSatisfy((type, n) -> assertThat(n).isOne());
        assertThat(report.summary()).isEqualTo("published 5 records (plan 1, temperature 1, location 1, custody 1, "
                + "alert 1), rejected 0 lines");
        final List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("coldchain.shipment.plans",
                "coldchain.telemetry.temperature", "coldchain.telemetry.location", "coldchain.custody.events",
                "coldchain.alerts");
        assertThat(sent).extracting(ProducerRecord::key).containsOnly(Records.SHIPMENT);
        assertThat(sent).extracting(ProducerRecord::timestamp).containsExactly(Records.ISSUED_AT, Records.T0 + 60_000L,
                Records.T0 + 120_000L, Records.T0 + 180_000L, Records.T0 + 240_000L);
        assertThat(report.earliestTimestamp()).hasValue(Records.ISSUED_AT);
        assertThat(report.issuedAtNote()).isEmpty();
        for (int i = 0; i < records.size(); i++) {
            final RecordType type = RecordType.values()[i];
            assertThat(type.topic(catalogue).valueSerde().deserializer().deserialize(sent.get(i).topic(),
                    sent.get(i).value())).isEqualTo(records.get(i));
        }
    }

    @Test
    void shouldStampAPlanWithoutIssuedAtWithTheEarlierOfItsDepartureAndNowAndSaySo() throws Exception {
        final ShipmentPlan departed = Records.minimalPlan();
        final ShipmentPlan departing = ShipmentPlan.newBuilder(departed).setShipmentId("SHP-000002")
                .setPlannedDeparture(NOW + 3_600_000L).setPlannedArrival(NOW + 7_200_000L).build();

        final PublishReport report = publish(List.of(jsonLines.write(Records.reading(null)),
                jsonLines.write(departed), jsonLines.write(departing)));

        assertThat(rejections).isEmpty();
        assertThat(producer.history()).extracting(ProducerRecord::timestamp)
                .containsExactly(Records.T0 + 60_000L, Records.T0, NOW);
        assertThat(report.plansWithoutIssuedAt()).containsExactly(2L, 3L);
        assertThat(report.earliestTimestamp()).hasValue(Records.T0);
        assertThat(report.issuedAtNote()).hasValue("2 plans without issuedAt (lines 2, 3): stamped with the earlier "
                + "of plannedDeparture and now; set issuedAt to when the plan was issued");
    }

    @Test
    void shouldNameOnlyTheFirstFivePlansWithoutIssuedAt() throws Exception {
        final PublishReport report = JsonLinesPublisher.dryRun().publish(reader(Collections.nCopies(7,
                jsonLines.write(Records.minimalPlan()))), rejections::add);

        assertThat(report.issuedAtNote()).hasValue("7 plans without issuedAt (lines 1, 2, 3, 4, 5, ...): would be "
                + "stamped with the earlier of plannedDeparture and now; set issuedAt to when the plan was issued");
        assertThat(report.earliestTimestamp()).isEmpty();
    }

    @Test
    void shouldReportEachBadLineWithItsNumberAndPublishTheOthers() throws Exception {
        final PublishReport report = publish(List.of(
                jsonLines.write(Records.reading(87.5f)),
                "{\"type\":\"temperature\",",
                "",
                jsonLines.write(Records.minimalFix()).replace("\"lat\":50.5", "\"lat\":\"north\""),
                "   ",
                "{\"type\":\"humidity\"}",
                jsonLines.write(Records.minimalCustody())));

        assertThat(rejections).containsExactly(
                "line 2: not valid JSON at column 23: Unexpected end-of-input within/between Object entries",
                "line 4: field 'lat': expected a number, got \"north\"",
                "line 6: field 'type': unknown record type \"humidity\"; expected one of plan, temperature, location, "
                        + "custody, alert");
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.acceptedTotal()).isEqualTo(2);
        assertThat(report.accepted().get(RecordType.TEMPERATURE)).isOne();
        assertThat(report.accepted().get(RecordType.CUSTODY)).isOne();
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void shouldReportALineKafkaRefusesAndResendTheNeighboursItsBatchTookDownWithIt() throws Exception {
        final TemperatureLine refused = new TemperatureLine(Records.T0 + 1);
        final TemperatureLine innocent = new TemperatureLine(Records.T0 + 2);
        final TemperatureLine twiceUnlucky = new TemperatureLine(Records.T0 + 3);
        producer.refuse(refused.time(), new InvalidTimestampException("Timestamp out of range"), Integer.MAX_VALUE);
        producer.refuse(innocent.time(), batchFailure(), 1);
        producer.refuse(twiceUnlucky.time(), batchFailure(), 2);

        final PublishReport report = publish(List.of(jsonLines.write(Records.reading(null)), refused.line(),
                innocent.line(), twiceUnlucky.line()));

        assertThat(rejections).containsExactly(
                "line 2: Kafka refused the record (InvalidTimestampException): Timestamp out of range. Brokers accept "
                        + "record timestamps up to message.timestamp.after.max.ms (1 h by default) ahead of their clock",
                "line 4: Kafka refused the record (KafkaException): Failed to append record because it was part of a "
                        + "batch which had one more more invalid records");
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(report.accepted().get(RecordType.TEMPERATURE)).isEqualTo(2);
        assertThat(producer.history()).extracting(ProducerRecord::timestamp)
                .containsExactly(Records.T0 + 60_000L, innocent.time());
    }

    @Test
    void shouldOnlyCheckTheLinesInADryRun() throws Exception {
        final PublishReport report = JsonLinesPublisher.dryRun().publish(reader(List.of(
                jsonLines.write(Records.fullPlan()), "nonsense", jsonLines.write(Records.minimalAlert()))),
                rejections::add);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.acceptedTotal()).isEqualTo(2);
        assertThat(rejections).hasSize(1).first().asString().startsWith("line 2: not valid JSON");
        assertThat(report.summary()).isEqualTo("valid 2 records (plan 1, temperature 0, location 0, custody 0, "
                + "alert 1), rejected 1 line; nothing published (--dry-run)");
    }

    @Test
    void shouldSkipAByteOrderMark() throws Exception {
        final PublishReport report = publish(List.of("\uFEFF" + jsonLines.write(Records.reading(null))));

        assertThat(rejections).isEmpty();
        assertThat(report.acceptedTotal()).isOne();
    }

    @Test
    void shouldStopAtInputThatIsNotUtf8() {
        final byte[] latin1 = (jsonLines.write(Records.reading(null)) + "\n{\"type\":\"temperature\",\"deviceId\":\"K\u00fchl\"}\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        final BufferedReader strict = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(latin1),
                StandardCharsets.UTF_8.newDecoder()));

        assertThatThrownBy(() -> JsonLinesPublisher.to(producer, catalogue).publish(strict, rejections::add))
                .isInstanceOf(JsonLinesException.class).hasMessageContaining("not UTF-8");
    }

    private PublishReport publish(final List<String> lines) throws Exception {
        return JsonLinesPublisher.to(producer, catalogue, () -> NOW).publish(reader(lines), rejections::add);
    }

    private static BufferedReader reader(final List<String> lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
    }

    private static KafkaException batchFailure() {
        return new KafkaException("Failed to append record because it was part of a batch which had one more more "
                + "invalid records");
    }

    /** A temperature reading at {@code time}, so that the producer can tell the records apart. */
    private record TemperatureLine(long time) {
        String line() {
            return new JsonLines().write(io.coldchain.schemas.TemperatureReading.newBuilder(Records.reading(null))
                    .setEventTime(time).build());
        }
    }

    /** Acknowledges every record at once, except those it was told to refuse (by timestamp), as often as told. */
    private static final class RefusingProducer extends MockProducer<String, byte[]> {

        private final Map<Long, RuntimeException> refusals = new HashMap<>();
        private final Map<Long, Integer> remaining = new HashMap<>();

        RefusingProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        void refuse(final long timestamp, final RuntimeException exception, final int times) {
            refusals.put(timestamp, exception);
            remaining.put(timestamp, times);
        }

        @Override
        public synchronized Future<RecordMetadata> send(final ProducerRecord<String, byte[]> record,
                                                        final Callback callback) {
            final Long timestamp = record.timestamp();
            if (timestamp != null && remaining.getOrDefault(timestamp, 0) > 0) {
                remaining.merge(timestamp, -1, Integer::sum);
                callback.onCompletion(null, refusals.get(timestamp));
                return CompletableFuture.failedFuture(refusals.get(timestamp));
            }
            return super.send(record, callback);
        }
    }
}
