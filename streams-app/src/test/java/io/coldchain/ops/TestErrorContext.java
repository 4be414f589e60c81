package io.coldchain.ops;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** The context Kafka Streams hands an exception handler, for one record on {@code topic}-1@17. */
record TestErrorContext(String topic, int partition, long offset, Headers headers, String processorNodeId,
                     TaskId taskId, long timestamp, byte[] sourceRawKey, byte[] sourceRawValue)
        implements ErrorHandlerContext {

    static final long TIMESTAMP = 1_700_000_000_000L;

    static TestErrorContext of(final String topic, final String node, final String key, final byte[] value,
                            final Headers headers) {
        return new TestErrorContext(topic, 1, 17L, headers, node, new TaskId(0, 1), TIMESTAMP,
                key.getBytes(StandardCharsets.UTF_8), value);
    }

    static TestErrorContext of(final String topic, final String node, final String key, final byte[] value) {
        return of(topic, node, key, value, new RecordHeaders());
    }
}
