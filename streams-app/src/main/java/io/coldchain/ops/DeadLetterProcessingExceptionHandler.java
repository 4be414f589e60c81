package io.coldchain.ops;

import io.coldchain.logging.RateLimitedLog;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Records refused by validation and records a processor failed on: one log line each (rate-limited) and a dead
 * letter that fits and survives ({@link DeadLetterHandler}, {@link DeadLetters}); processing goes on.
 */
public class DeadLetterProcessingExceptionHandler extends DeadLetterHandler implements ProcessingExceptionHandler {

    public DeadLetterProcessingExceptionHandler() {
    }

    DeadLetterProcessingExceptionHandler(final RateLimitedLog log, final LongSupplier wallClock) {
        super(log, wallClock);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
                                final Exception exception) {
        return Response.resume(deadLetter(context, exception, DeadLetters.reasonOf(exception)));
    }
}
