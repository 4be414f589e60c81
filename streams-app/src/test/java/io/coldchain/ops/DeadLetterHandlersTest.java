package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.contract.validation.Reason;
import io.coldchain.contract.validation.Validation;
import io.coldchain.streams.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bad records: one masked WARN line each (rate-limited) and a dead letter with no secret in it")
class DeadLetterHandlersTest {

    private static final String TOPIC = "coldchain.telemetry.temperature";
    private static final String DLQ = "coldchain.errors.dead-letter";
    private static final byte[] VALUE = {0, 0, 0, 0, 42, 1, 2, 3};
    private static final long NOW = 1_800_000_000_000L;
    /** A message as a client library might write it, quoting a URL with its credentials. */
    private static final String LEAKY = "cannot fetch schema 42 from https://svc-user:Sup3rS3cret@registry.example:8081/"
            + "schemas/ids/42 (sasl.jaas.config=x required username=\"alice\" password=\"Al1ceJaas\";)";

    private final AtomicLong clock = new AtomicLong(NOW);
    private final List<String> warnings = new ArrayList<>();
    private final List<String> debugs = new ArrayList<>();
    private boolean debug;
    private final RateLimitedLog log = new RateLimitedLog(new RateLimitedLog.Sink() {
        @Override
        public void warn(final String line) {
            warnings.add(line);
        }

        @Override
        public boolean debugEnabled() {
            return debug;
        }

        @Override
        public void debug(final String text) {
            debugs.add(text);
        }
    }, 2, Duration.ofMinutes(1), clock::get);

    private final DeadLetterDeserializationExceptionHandler deserialization =
            new DeadLetterDeserializationExceptionHandler(log, clock::get);
    private final DeadLetterProcessingExceptionHandler processing = new DeadLetterProcessingExceptionHandler(log,
            clock::get);

    @BeforeEach
    void configure() {
        deserialization.configure(Map.of("errors.dead.letter.queue.topic.name", DLQ));
        processing.configure(Map.of("errors.dead.letter.queue.topic.name", DLQ));
    }

    @Test
    void shouldDeadLetterTheOriginalBytesHeadersAndWhereItCameFromAsKafkaDoes() {
        final RecordHeaders original = new RecordHeaders();
        original.add("traceparent", utf8("00-abc-01"));

        final DeserializationExceptionHandler.Response response = deserialization.handleError(
                TestErrorContext.of(TOPIC, "read-temperature-readings", "SHP-1", VALUE, original), consumed(),
                new SerializationException("Not Confluent wire format"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        final ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(DLQ);
        assertThat(dead.key()).isEqualTo(utf8("SHP-1"));
        assertThat(dead.value()).isEqualTo(VALUE);
        assertThat(dead.timestamp()).isEqualTo(NOW);
        assertThat(text(dead, "traceparent")).isEqualTo("00-abc-01");
        assertThat(text(dead, "__streams.errors.exception")).isEqualTo(SerializationException.class.getName());
        assertThat(text(dead, "__streams.errors.message")).isEqualTo("Not Confluent wire format");
        assertThat(text(dead, "__streams.errors.stacktrace")).startsWith(SerializationException.class.getName()
                + ": Not Confluent wire format").contains("\tat ");
        assertThat(text(dead, "__streams.errors.topic")).isEqualTo(TOPIC);
        assertThat(text(dead, "__streams.errors.partition")).isEqualTo("1");
        assertThat(text(dead, "__streams.errors.offset")).isEqualTo("17");
        assertThat(text(dead, DeadLetters.REASON_HEADER)).isEqualTo(DeadLetters.NOT_DESERIALIZABLE);
        assertThat(text(dead, DeadLetters.ORIGINAL_TIMESTAMP_HEADER)).isEqualTo(Long.toString(TestErrorContext.TIMESTAMP));
    }

    @Test
    void shouldCarryNoPasswordInTheDeadLettersHeadersWhenTheMessageQuotesCredentials() {
        final Exception failure = new SerializationException("wrapped", new IllegalStateException(LEAKY));
        final ProducerRecord<byte[], byte[]> fromDeserialization = deserialization.handleError(
                TestErrorContext.of(TOPIC, "read-temperature-readings", "SHP-1", VALUE), consumed(),
                new SerializationException(LEAKY, failure)).deadLetterQueueRecords().get(0);
        final ProducerRecord<byte[], byte[]> fromProcessing = processing.handleError(
                TestErrorContext.of(TOPIC, "detect-temperature-excursions", "SHP-1", VALUE), processed(),
                new IllegalStateException(LEAKY, failure)).deadLetterQueueRecords().get(0);

        for (final ProducerRecord<byte[], byte[]> dead : List.of(fromDeserialization, fromProcessing)) {
            final String headers = allHeaders(dead);
            assertThat(headers).doesNotContain("Sup3rS3cret", "svc-user:", "Al1ceJaas");
            assertThat(text(dead, "__streams.errors.message"))
                    .startsWith("cannot fetch schema 42 from https://****@registry.example:8081/schemas/ids/42")
                    .contains("password=\"****\"");
            assertThat(text(dead, "__streams.errors.stacktrace")).contains("https://****@registry.example:8081");
        }
    }

    @Test
    void shouldLogOneMaskedLineWithoutStackTraceNamingTheRecordAndTheReason() {
        processing.handleError(TestErrorContext.of(TOPIC, "validate-temperature-readings", "SHP-1", VALUE),
                processed(), new InvalidRecordException(Validation.invalid(Reason.NOT_FINITE, "celsius NaN")));
        deserialization.handleError(TestErrorContext.of(TOPIC, "read-temperature-readings", "SHP-1", VALUE),
                consumed(), new SerializationException(LEAKY, new IllegalStateException("root cause")));

        assertThat(warnings).containsExactly(
                "Bad record coldchain.telemetry.temperature-1@17 (not-finite) at validate-temperature-readings, "
                        + "dead-lettered to coldchain.errors.dead-letter: InvalidRecordException: not-finite: celsius NaN",
                "Bad record coldchain.telemetry.temperature-1@17 (not-deserializable) at read-temperature-readings, "
                        + "dead-lettered to coldchain.errors.dead-letter: SerializationException: cannot fetch schema "
                        + "42 from https://****@registry.example:8081/schemas/ids/42 (sasl.jaas.config=**** required "
                        + "username=\"alice\" password=\"****\";); cause: IllegalStateException: root cause");
        assertThat(warnings).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\tat "));
        assertThat(debugs).isEmpty();
    }

    @Test
    void shouldLimitTheLinesPerReasonAndSayHowManyWereLeftOutButDeadLetterEveryRecord() {
        int deadLettered = 0;
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(1_000L);
            deadLettered += deserialization.handleError(TestErrorContext.of(TOPIC, "read-temperature-readings",
                    "SHP-1", VALUE), consumed(), new SerializationException("garbage " + i))
                    .deadLetterQueueRecords().size();
            deadLettered += processing.handleError(TestErrorContext.of(TOPIC, "validate-temperature-readings",
                    "SHP-1", VALUE), processed(), new IllegalArgumentException("boom " + i))
                    .deadLetterQueueRecords().size();
        }
        clock.addAndGet(60_000L);
        deserialization.handleError(TestErrorContext.of(TOPIC, "read-temperature-readings", "SHP-1", VALUE),
                consumed(), new SerializationException("garbage again"));

        assertThat(deadLettered).isEqualTo(100);
        assertThat(warnings).filteredOn(line -> line.contains("(not-deserializable)")).hasSize(4);
        assertThat(warnings).filteredOn(line -> line.contains("(processing-error)")).hasSize(2);
        assertThat(warnings).contains("… and 48 more (not-deserializable) since 2027-01-15T08:00:03Z, not logged");
        assertThat(warnings.get(warnings.size() - 1)).endsWith("SerializationException: garbage again");
    }

    @Test
    void shouldPutTheMaskedStackTraceAtDebug() {
        debug = true;

        processing.handleError(TestErrorContext.of(TOPIC, "detect-temperature-excursions", "SHP-1", VALUE),
                processed(), new IllegalStateException(LEAKY));

        assertThat(debugs).singleElement().satisfies(text -> assertThat(text)
                .contains("IllegalStateException: cannot fetch schema 42 from https://****@", "\tat ")
                .doesNotContain("Sup3rS3cret", "Al1ceJaas"));
    }

    @Test
    void shouldFailOnARegistryOutageWithoutLoggingOrDeadLettering() {
        final DeserializationExceptionHandler.Response response = deserialization.handleError(
                TestErrorContext.of(TOPIC, "read-temperature-readings", "SHP-1", VALUE), consumed(),
                new SerializationException("wrapped", new io.coldchain.serde.SchemaRegistryUnavailableException(
                        "Schema registry at http://registry:8081 is unavailable (HTTP 503)")));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldOnlyLogWithoutADeadLetterTopic() {
        final DeadLetterProcessingExceptionHandler unconfigured = new DeadLetterProcessingExceptionHandler(log,
                clock::get);
        unconfigured.configure(Map.of());

        final ProcessingExceptionHandler.Response response = unconfigured.handleError(TestErrorContext.of(TOPIC,
                "detect-temperature-excursions", "SHP-1", VALUE), processed(), new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("(processing-error)", ", skipped: ");
    }

    private static ConsumerRecord<byte[], byte[]> consumed() {
        return new ConsumerRecord<>(TOPIC, 1, 17L, utf8("SHP-1"), VALUE);
    }

    private static Record<String, String> processed() {
        return new Record<>("SHP-1", "reading", TestErrorContext.TIMESTAMP);
    }

    private static String text(final ProducerRecord<byte[], byte[]> record, final String header) {
        final Header h = record.headers().lastHeader(header);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String allHeaders(final ProducerRecord<byte[], byte[]> record) {
        final StringBuilder all = new StringBuilder();
        record.headers().forEach(h -> all.append(h.key()).append('=')
                .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
        return all.toString();
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
