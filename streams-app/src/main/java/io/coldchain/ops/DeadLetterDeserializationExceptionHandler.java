package io.coldchain.ops;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.serde.SchemaRegistryUnavailableException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Records that are not Avro of a known schema: one log line each (rate-limited) and a dead letter that fits and
 * survives ({@link DeadLetterHandler}, {@link DeadLetters}); processing goes on.
 *
 * <p>A record that cannot be read because the schema registry is down is not bad input: it fails the stream
 * thread without committing past it, and {@link StreamsRuntime} replaces the thread, which reads the same record
 * again once the registry answers. Not one valid record is dead-lettered for an outage.
 */
public class DeadLetterDeserializationExceptionHandler extends DeadLetterHandler
        implements DeserializationExceptionHandler {

    public DeadLetterDeserializationExceptionHandler() {
    }

    DeadLetterDeserializationExceptionHandler(final RateLimitedLog log, final LongSupplier wallClock) {
        super(log, wallClock);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return Response.fail();
        }
        return Response.resume(deadLetter(context, exception, DeadLetters.NOT_DESERIALIZABLE));
    }
}
