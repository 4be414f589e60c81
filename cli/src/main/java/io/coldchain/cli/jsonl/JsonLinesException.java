package io.coldchain.cli.jsonl;

import io.coldchain.errors.UserError;

/** A failure the user can act on (unreadable input, missing topic, ...); the message says what and what to do. */
public final class JsonLinesException extends UserError {

    private static final long serialVersionUID = 1L;

    public JsonLinesException(final String message) {
        super(message);
    }

    public JsonLinesException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
