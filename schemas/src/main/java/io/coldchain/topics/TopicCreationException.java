package io.coldchain.topics;

/** Topics could not be created, or did not become available in time. The message is one sentence. */
public class TopicCreationException extends RuntimeException {

    public TopicCreationException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
