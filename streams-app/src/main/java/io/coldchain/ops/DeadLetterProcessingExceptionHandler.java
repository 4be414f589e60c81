package io.coldchain.ops;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka's log-and-continue processing handler with the built-in dead-letter queue, whose records are made to
 * fit and to survive ({@link DeadLetters}): records refused by validation and records a processor failed on.
 */
public class DeadLetterProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    private DeadLetters deadLetters = DeadLetters.from(Map.of());

    @Override
    public void configure(final Map<String, ?> configs) {
        super.configure(configs);
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
                                final Exception exception) {
        final Response response = super.handleError(context, record, exception);
        return Response.resume(deadLetters.bound(response.deadLetterQueueRecords(), DeadLetters.reasonOf(exception),
                System.currentTimeMillis()));
    }
}
