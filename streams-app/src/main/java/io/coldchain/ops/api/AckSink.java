package io.coldchain.ops.api;

import io.coldchain.schemas.AlertAcknowledgement;

/** Where {@code POST /api/alerts/{id}/ack} writes: the acknowledgements topic, in production. */
public interface AckSink {

    /**
     * Writes the acknowledgement and waits for the broker to confirm it.
     *
     * @throws LocalStores.Unavailable when the broker does not confirm it
     */
    void write(AlertAcknowledgement ack);
}
