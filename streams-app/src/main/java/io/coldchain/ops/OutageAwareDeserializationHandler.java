package io.coldchain.ops;

import io.coldchain.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record that cannot be read goes to the dead-letter topic and processing continues, as with
 * {@link LogAndContinueExceptionHandler}; but a record that cannot be read because the schema registry is
 * down is not bad input: it fails the stream thread without committing past it, and {@link StreamsRuntime}
 * replaces the thread, which reads the same record again once the registry answers. Not one valid record is
 * dead-lettered for an outage.
 */
public final class OutageAwareDeserializationHandler extends LogAndContinueExceptionHandler {

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}
