package io.coldchain.ops.api;

/**
 * Asks another instance of the application: the request it was asked, with {@code local=true} so the other answers
 * from its own stores and never forwards again.
 */
@FunctionalInterface
public interface Forwarder {

    /** An answer of another instance: its status and JSON body. */
    record Answer(int status, byte[] body) {
    }

    /**
     * @param instance     {@code host:port}
     * @param pathAndQuery e.g. {@code /api/shipments/SHP-1}, with or without a query
     * @throws LocalStores.Unavailable when the instance cannot be reached or does not answer in time
     */
    Answer get(String instance, String pathAndQuery);
}
