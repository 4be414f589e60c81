package io.coldchain.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not be asked (unreachable, timing out, or answering 5xx / 429): an outage, not bad
 * input. Whoever handles it must wait and retry the same record, never dead-letter it or commit past it.
 * Its message never carries credentials.
 */
public final class SchemaRegistryUnavailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }

    public SchemaRegistryUnavailableException(final String message) {
        super(message);
    }

    /** @return whether {@code error} or any of its causes is a registry outage */
    public static boolean isCauseOf(final Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
