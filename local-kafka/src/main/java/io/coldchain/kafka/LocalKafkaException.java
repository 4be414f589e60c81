package io.coldchain.kafka;

/**
 * The local broker could not be started (or formatted). The message is one sentence meant for the person
 * running the command; the cause, when there is one, carries the detail.
 */
public class LocalKafkaException extends RuntimeException {

    public LocalKafkaException(final String message) {
        super(message);
    }

    public LocalKafkaException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
