package io.coldchain.rules.serial;

/**
 * A pack identifier that is not a valid SGTIN. The message names the value and what is wrong with
 * it; {@link #reason()} is the part without the value, for alert evidence.
 */
public final class InvalidSgtinException extends IllegalArgumentException {

    private final String value;
    private final String reason;

    public InvalidSgtinException(final String value, final String reason) {
        super("'" + value + "' is not a valid SGTIN: " + reason);
        this.value = value;
        this.reason = reason;
    }

    /** The identifier as it was given. */
    public String value() {
        return value;
    }

    /** What is wrong with it, e.g. "GTIN check digit is 3, expected 2". */
    public String reason() {
        return reason;
    }
}
