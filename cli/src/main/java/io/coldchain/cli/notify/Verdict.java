package io.coldchain.cli.notify;

/**
 * What a receiver's answer means for one delivery. 2xx: delivered. 408, 429 and every 5xx, like a connection
 * error or a timeout: the receiver cannot take it now, retry. Any other answer (a 4xx such as 400, 401, 403,
 * 404, 422; a redirect, which is not followed; an informational or unknown code): the receiver refuses this
 * request, and sending it again would not change that.
 */
public enum Verdict {
    DELIVERED, RETRY, REFUSED;

    /** The verdict of an HTTP status code. */
    public static Verdict of(final int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500 && status < 600) {
            return RETRY;
        }
        return REFUSED;
    }
}
