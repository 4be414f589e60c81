package io.coldchain.cli.notify;

import io.coldchain.cli.jsonl.JsonLines;
import io.coldchain.errors.UserError;
import io.coldchain.schemas.Alert;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The request of one delivery: {@code POST url}, the alert as {@code alerts --json} and {@code export} write it
 * (one JSON object, {@code "type":"alert"} first), and the headers {@code Content-Type: application/json},
 * {@code Idempotency-Key} ({@link IdempotencyKey}), {@code X-Coldchain-Alert-Id} and those of {@code --header}.
 * Holds no Kafka types.
 */
public final class WebhookRequests {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String ALERT_ID = "X-Coldchain-Alert-Id";
    public static final String USER_AGENT = "coldchain-notify";

    private final URI url;
    private final Duration timeout;
    private final List<Header> headers;
    private final JsonLines json = new JsonLines();

    /**
     * @param timeout how long one request may take, from sending to the end of the answer's headers
     */
    public WebhookRequests(final URI url, final Duration timeout, final List<Header> headers) {
        this.url = url;
        this.timeout = timeout;
        this.headers = List.copyOf(headers);
    }

    /**
     * The {@code --url}: absolute http or https, with a host and without credentials (give those with
     * {@code --header}).
     *
     * @throws UserError otherwise
     */
    public static URI url(final String text) {
        final URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new UserError("--url is not a URL: " + e.getMessage());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new UserError("--url must be an http:// or https:// address with a host, such as "
                    + "https://ops.example.com/hooks/coldchain, got '" + text + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UserError("--url must not carry credentials: pass them as a header, e.g. "
                    + "--header 'Authorization: Basic ...'");
        }
        return uri;
    }

    /** The body: the alert's JSON line. */
    public String body(final Alert alert) {
        return json.write(alert);
    }

    public HttpRequest request(final Alert alert) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(IDEMPOTENCY_KEY, IdempotencyKey.of(alert))
                .header(ALERT_ID, alert.getAlertId())
                .POST(HttpRequest.BodyPublishers.ofString(body(alert), StandardCharsets.UTF_8));
        headers.forEach(h -> request.header(h.name(), h.value()));
        return request.build();
    }

    /** The URL and the names of the extra headers, for the start line (values left out: they may be secrets). */
    public String describe() {
        return "POST " + url + ", timeout " + timeout.toMillis() + " ms"
                + (headers.isEmpty() ? "" : ", headers " + String.join(", ", headers.stream().map(Header::toString)
                .toList()));
    }
}
