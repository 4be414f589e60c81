package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final int MAX = 1024 * 1024;
    private final DeadLetters deadLetters = DeadLetters.from(Map.of());

    @Test
    void shouldLeaveASmallRecordAsItIsButStampItWithTheWallClockAndTheReason() {
        final ProducerRecord<byte[], byte[]> out = deadLetters.bound(record(bytes(10), bytes(100), new RecordHeaders(),
                "boom"), "not-finite", 1_000L);

        assertThat(out.value()).isEqualTo(bytes(100));
        assertThat(out.key()).isEqualTo(bytes(10));
        assertThat(out.timestamp()).isEqualTo(1_000L);
        assertThat(text(out, DeadLetters.REASON_HEADER)).isEqualTo("not-finite");
        assertThat(text(out, DeadLetters.ORIGINAL_TIMESTAMP_HEADER)).isEqualTo("4102444800000");
        assertThat(out.headers().lastHeader(DeadLetters.ORIGINAL_SIZE_HEADER)).isNull();
    }

    @Test
    void shouldCutAHugeStackTraceTo4KiB() {
        final ProducerRecord<byte[], byte[]> out = deadLetters.bound(record(null, bytes(100), new RecordHeaders(),
                "x".repeat(100_000)), "processing-error", 1L);

        assertThat(out.headers().lastHeader("__streams.errors.stacktrace").value().length).isLessThanOrEqualTo(4096);
        assertThat(text(out, "__streams.errors.stacktrace")).endsWith("[cut: 100000 bytes]");
    }

    @Test
    void shouldFitARecordWithin1KiBOfTheLimitKeepingAPrefixAndTheOriginalsSizeAndHash() {
        final byte[] value = bytes(MAX - 1000);
        final ProducerRecord<byte[], byte[]> out = deadLetters.bound(record(bytes(20), value, new RecordHeaders(),
                "y".repeat(20_000)), "not-deserializable", 1L);

        assertThat(DeadLetters.size(out.key(), out.value(), (RecordHeaders) out.headers()))
                .isLessThanOrEqualTo(deadLetters.budget()).isLessThan(MAX);
        assertThat(Arrays.equals(out.value(), 0, out.value().length, value, 0, out.value().length)).isTrue();
        assertThat(text(out, DeadLetters.ORIGINAL_SIZE_HEADER)).isEqualTo(Integer.toString(value.length));
        assertThat(text(out, DeadLetters.ORIGINAL_SHA256_HEADER)).isEqualTo(DeadLetters.sha256(value));
    }

    @Test
    void shouldDropHugeOriginalHeadersAndCutAHugeKey() {
        final RecordHeaders original = new RecordHeaders();
        original.add("trace", bytes(600_000));
        final ProducerRecord<byte[], byte[]> out = deadLetters.bound(record(bytes(1_100_000), bytes(10), original, "z"),
                "missing-key", 1L);

        assertThat(DeadLetters.size(out.key(), out.value(), (RecordHeaders) out.headers()))
                .isLessThanOrEqualTo(deadLetters.budget());
        assertThat(out.headers().lastHeader("trace")).isNull();
        assertThat(text(out, DeadLetters.DROPPED_HEADERS_HEADER)).isEqualTo("1");
        assertThat(out.key()).hasSize(1024);
        assertThat(text(out, DeadLetters.ORIGINAL_KEY_SIZE_HEADER)).isEqualTo("1100000");
        assertThat(out.value()).isEqualTo(bytes(10));
    }

    @Test
    void shouldReadTheBudgetFromTheProducersMaxRequestSize() {
        assertThat(DeadLetters.from(Map.of("producer.max.request.size", "2097152")).budget()).isEqualTo(2097152 - 4096);
        assertThat(DeadLetters.from(Map.of()).budget()).isEqualTo(MAX - 4096);
    }

    private static ProducerRecord<byte[], byte[]> record(final byte[] key, final byte[] value,
                                                         final RecordHeaders original, final String stackTrace) {
        final RecordHeaders headers = new RecordHeaders(original.toArray());
        headers.add("__streams.errors.exception", utf8("java.lang.RuntimeException"));
        headers.add("__streams.errors.message", utf8("boom"));
        headers.add("__streams.errors.stacktrace", utf8(stackTrace));
        headers.add("__streams.errors.topic", utf8("coldchain.telemetry.temperature"));
        return new ProducerRecord<>("coldchain.errors.dead-letter", null, 4102444800000L, key, value, headers);
    }

    private static String text(final ProducerRecord<byte[], byte[]> record, final String header) {
        final Header h = record.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final int n) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
