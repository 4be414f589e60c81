package io.coldchain.ops;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka's log-and-continue deserialization handler with the built-in dead-letter queue, whose records are made
 * to fit and to survive ({@link DeadLetters}): records that are not Avro of a known schema.
 */
public class DeadLetterDeserializationExceptionHandler extends LogAndContinueExceptionHandler {

    private DeadLetters deadLetters = DeadLetters.from(Map.of());

    @Override
    public void configure(final Map<String, ?> configs) {
        super.configure(configs);
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        final Response response = super.handleError(context, record, exception);
        return Response.resume(deadLetters.bound(response.deadLetterQueueRecords(), DeadLetters.NOT_DESERIALIZABLE,
                System.currentTimeMillis()));
    }
}
