package io.coldchain.errors;

/**
 * A mistake the user can fix (a bad flag or setting value, an unreadable settings file, an unknown profile), with a
 * message that says what is wrong and what to do. The command line prints it as one line and exits with code 2; any
 * other exception that reaches it is a bug and is reported with its stack trace.
 *
 * <p>It is an {@link IllegalArgumentException} because that is what it is to the code that validates an input: the
 * argument was not acceptable. Code that rejects a value only a bug can produce keeps throwing the plain
 * {@code IllegalArgumentException} or {@code IllegalStateException}.
 */
public class UserError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UserError(final String message) {
        super(message);
    }

    public UserError(final String message, final Throwable cause) {
        super(message, cause);
    }
}
