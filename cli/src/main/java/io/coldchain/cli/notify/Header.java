package io.coldchain.cli.notify;

import io.coldchain.errors.UserError;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A header added to every request ({@code --header 'Authorization: Bearer ...'}). Its value may be a secret:
 * {@link #toString()} shows the name only.
 */
public record Header(String name, String value) {

    /** RFC 9110 token characters. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Set by the notifier itself, or by the HTTP client (which refuses them). */
    private static final Set<String> RESERVED = Set.of("content-type", "idempotency-key", "x-coldchain-alert-id",
            "content-length", "host", "connection", "expect", "upgrade", "transfer-encoding", "date", "from", "via",
            "warning");

    public Header {
        if (!TOKEN.matcher(name).matches()) {
            throw new UserError("--header name '" + name + "' is not a header name (letters, digits and -)");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new UserError("--header " + name + " is set by the notifier itself and cannot be given");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new UserError("--header " + name + ": the value must be on one line");
        }
    }

    /** {@code Name: value}, as curl takes it. */
    public static Header parse(final String text) {
        final int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new UserError("--header expects 'Name: value' (e.g. 'Authorization: Bearer TOKEN'), got a text "
                    + "without a name and a colon");
        }
        return new Header(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
    }

    /** The name only: header values are often credentials. */
    @Override
    public String toString() {
        return name + ": ****";
    }
}
