package io.coldchain.cli.jsonl;

/** A JSON line that is not a valid record; the message is the reason, ready to follow "line N: ". */
public final class InvalidLineException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidLineException(final String reason) {
        super(reason, null, false, false);
    }
}
