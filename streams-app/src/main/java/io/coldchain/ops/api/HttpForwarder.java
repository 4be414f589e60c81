package io.coldchain.ops.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link Forwarder} over the JDK's HTTP client. The bearer token, when one is configured, is the same for every
 * instance.
 */
public final class HttpForwarder implements Forwarder {

    /** The other instance answers from memory; a slow one is a failing one. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final String token;

    /** @param token the bearer token of every instance, or null for none */
    public HttpForwarder(final String token) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = token;
    }

    @Override
    public Answer get(final String instance, final String pathAndQuery) {
        final String local = pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "local=true";
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + instance + local))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            final HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new LocalStores.Unavailable("instance " + instance + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStores.Unavailable("interrupted while asking instance " + instance, e);
        }
    }
}
