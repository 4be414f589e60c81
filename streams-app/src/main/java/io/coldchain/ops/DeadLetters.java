package io.coldchain.ops;

import io.coldchain.hashing.Sha256;
import io.coldchain.logging.Secrets;
import io.coldchain.streams.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead-letter records the way Kafka Streams' own handlers do (the original key, value and headers, plus
 * {@code __streams.errors.*} headers: exception class, message, full stack trace, source topic, partition, offset),
 * with secrets in the message and stack trace masked ({@link Secrets}), and makes each one the producer may send
 * and the broker will keep. Kafka's record is timestamped with the failed record's timestamp. Near the size limit such a record is larger
 * than {@code max.request.size}, and a producer error on it stops the application; a timestamp from 2100 is refused
 * by the broker, one from 1970 deleted by retention at once. So:
 * <ul>
 *   <li>the stack trace and message headers are cut to {@value #MAX_TEXT_HEADER_BYTES} bytes;</li>
 *   <li>a record still larger than the budget ({@code max.request.size} less {@value #MARGIN_BYTES} bytes for the
 *       batch framing) loses the original headers, then keeps only a prefix of its key and value, with
 *       {@value #ORIGINAL_SIZE_HEADER}/{@value #ORIGINAL_SHA256_HEADER} (and {@code -key} variants) so the original
 *       can be found and verified at its source topic, partition and offset;</li>
 *   <li>the record is timestamped with the wall clock at dead-lettering, the original timestamp kept in
 *       {@value #ORIGINAL_TIMESTAMP_HEADER};</li>
 *   <li>{@value #REASON_HEADER} says why in one tag: a validation reason, {@value #NOT_DESERIALIZABLE} or
 *       {@value #PROCESSING_ERROR}.</li>
 * </ul>
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "coldchain.dlq.reason";
    public static final String ORIGINAL_TIMESTAMP_HEADER = "coldchain.dlq.original-timestamp";
    public static final String ORIGINAL_SIZE_HEADER = "coldchain.dlq.original-value-size";
    public static final String ORIGINAL_SHA256_HEADER = "coldchain.dlq.original-value-sha256";
    public static final String ORIGINAL_KEY_SIZE_HEADER = "coldchain.dlq.original-key-size";
    public static final String ORIGINAL_KEY_SHA256_HEADER = "coldchain.dlq.original-key-sha256";
    public static final String DROPPED_HEADERS_HEADER = "coldchain.dlq.dropped-original-headers";
    public static final String NOT_DESERIALIZABLE = "not-deserializable";
    public static final String PROCESSING_ERROR = "processing-error";
    static final int MAX_TEXT_HEADER_BYTES = 4096;
    static final int MARGIN_BYTES = 4096;
    static final int MAX_KEY_BYTES = 1024;
    private static final String STREAMS_HEADER_PREFIX = "__streams.errors.";
    static final String EXCEPTION_HEADER = STREAMS_HEADER_PREFIX + "exception";
    static final String MESSAGE_HEADER = STREAMS_HEADER_PREFIX + "message";
    static final String STACKTRACE_HEADER = STREAMS_HEADER_PREFIX + "stacktrace";
    static final String TOPIC_HEADER = STREAMS_HEADER_PREFIX + "topic";
    static final String PARTITION_HEADER = STREAMS_HEADER_PREFIX + "partition";
    static final String OFFSET_HEADER = STREAMS_HEADER_PREFIX + "offset";
    private static final List<String> TEXT_HEADERS = List.of(STACKTRACE_HEADER, MESSAGE_HEADER);
    /** Per-record framing in a batch (varints, attributes) and per header; generous. */
    private static final int RECORD_OVERHEAD = 64;
    private static final int HEADER_OVERHEAD = 16;

    private final int budget;

    DeadLetters(final int maxRequestSize) {
        this.budget = Math.max(maxRequestSize - MARGIN_BYTES, 16 * 1024);
    }

    /** The budget from the Streams configuration: the producer's {@code max.request.size}, 1 MiB by default. */
    static DeadLetters from(final Map<String, ?> configs) {
        Object value = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return new DeadLetters(value == null ? 1024 * 1024 : Integer.parseInt(value.toString().trim()));
    }

    int budget() {
        return budget;
    }

    /** The reason tag of an exception, for {@value #REASON_HEADER}. */
    static String reasonOf(final Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException invalid) {
                return invalid.reason().tag();
            }
        }
        return PROCESSING_ERROR;
    }

    /**
     * The dead letter of the record in {@code context}: its original bytes and headers, the failure in
     * {@code __streams.errors.*} headers with secrets masked (before they are cut, so no cut leaves half a secret),
     * bounded by {@link #bound}.
     */
    ProducerRecord<byte[], byte[]> deadLetter(final String topic, final ErrorHandlerContext context,
                                              final Exception exception, final String reason, final long now) {
        final RecordHeaders headers = new RecordHeaders();
        if (context.headers() != null) {
            context.headers().forEach(headers::add);
        }
        headers.add(EXCEPTION_HEADER, utf8(exception.getClass().getName()));
        headers.add(MESSAGE_HEADER, exception.getMessage() == null ? null : utf8(Secrets.mask(exception.getMessage())));
        headers.add(STACKTRACE_HEADER, utf8(Secrets.stackTrace(exception)));
        headers.add(TOPIC_HEADER, context.topic() == null ? null : utf8(context.topic()));
        headers.add(PARTITION_HEADER, utf8(Integer.toString(context.partition())));
        headers.add(OFFSET_HEADER, utf8(Long.toString(context.offset())));
        return bound(new ProducerRecord<>(topic, null, context.timestamp(), context.sourceRawKey(),
                context.sourceRawValue(), headers), reason, now);
    }

    ProducerRecord<byte[], byte[]> bound(final ProducerRecord<byte[], byte[]> record, final String reason,
                                         final long now) {
        final RecordHeaders streams = new RecordHeaders();
        final RecordHeaders original = new RecordHeaders();
        for (final Header header : record.headers()) {
            if (TEXT_HEADERS.contains(header.key())) {
                streams.add(header.key(), cut(header.value()));
            } else if (header.key().startsWith(STREAMS_HEADER_PREFIX)) {
                streams.add(header);
            } else {
                original.add(header);
            }
        }
        final RecordHeaders ours = new RecordHeaders();
        ours.add(REASON_HEADER, utf8(reason));
        if (record.timestamp() != null) {
            ours.add(ORIGINAL_TIMESTAMP_HEADER, utf8(Long.toString(record.timestamp())));
        }
        byte[] key = record.key();
        byte[] value = record.value();
        RecordHeaders kept = original;
        if (size(key, value, streams, ours, kept) > budget && kept.toArray().length > 0) {
            ours.add(DROPPED_HEADERS_HEADER, utf8(Integer.toString(kept.toArray().length)));
            kept = new RecordHeaders();
        }
        if (key != null && size(key, value, streams, ours, kept) > budget && key.length > MAX_KEY_BYTES) {
            ours.add(ORIGINAL_KEY_SIZE_HEADER, utf8(Integer.toString(key.length)));
            ours.add(ORIGINAL_KEY_SHA256_HEADER, utf8(sha256(key)));
            key = prefix(key, MAX_KEY_BYTES);
        }
        final int over = size(key, value, streams, ours, kept) - budget;
        if (value != null && over > 0) {
            ours.add(ORIGINAL_SIZE_HEADER, utf8(Integer.toString(value.length)));
            ours.add(ORIGINAL_SHA256_HEADER, utf8(sha256(value)));
            // The two headers just added cost their own bytes: take them off the value too.
            value = prefix(value, Math.max(0, value.length - (size(key, value, streams, ours, kept) - budget)));
        }
        final RecordHeaders headers = new RecordHeaders();
        kept.forEach(headers::add);
        streams.forEach(headers::add);
        ours.forEach(headers::add);
        return new ProducerRecord<>(record.topic(), record.partition(), now, key, value, headers);
    }

    /** An upper estimate of the record's size in a batch. */
    static int size(final byte[] key, final byte[] value, final RecordHeaders... headerSets) {
        long size = RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (final RecordHeaders headers : headerSets) {
            for (final Header header : headers) {
                size += HEADER_OVERHEAD + utf8(header.key()).length + (header.value() == null ? 0 : header.value().length);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static byte[] cut(final byte[] text) {
        if (text == null || text.length <= MAX_TEXT_HEADER_BYTES) {
            return text;
        }
        final String marker = "\n… [cut: " + text.length + " bytes]";
        final String kept = new String(text, 0, MAX_TEXT_HEADER_BYTES - 64, StandardCharsets.UTF_8);
        return utf8(kept + marker);
    }

    private static byte[] prefix(final byte[] bytes, final int length) {
        final byte[] out = new byte[Math.min(length, bytes.length)];
        System.arraycopy(bytes, 0, out, 0, out.length);
        return out;
    }

    static String sha256(final byte[] bytes) {
        return Sha256.hex(bytes);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
