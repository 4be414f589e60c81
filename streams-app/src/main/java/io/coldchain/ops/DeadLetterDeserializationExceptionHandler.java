package io.coldchain.ops;

import io.coldchain.serde.SchemaRegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka's log-and-continue deserialization handler with the built-in dead-letter queue, whose records are made
 * to fit and to survive ({@link DeadLetters}): records that are not Avro of a known schema.
 *
 * <p>A record that cannot be read because the schema registry is down is not bad input: it fails the stream
 * thread without committing past it, and {@link StreamsRuntime} replaces the thread, which reads the same record
 * again once the registry answers. Not one valid record is dead-lettered for an outage.
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
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return Response.fail();
        }
        final Response response = super.handleError(context, record, exception);
        return Response.resume(deadLetters.bound(response.deadLetterQueueRecords(), DeadLetters.NOT_DESERIALIZABLE,
                System.currentTimeMillis()));
    }
}
