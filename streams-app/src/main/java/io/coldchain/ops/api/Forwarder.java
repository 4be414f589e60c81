package io.coldchain.ops.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks another instance of the application over HTTP: the request it was asked, with {@code local=true} so the other
 * answers from its own stores and never forwards again. The bearer token, when one is configured, is the same for
 * every instance.
 */
public final class Forwarder {

    /** The other instance answers from memory; a slow one is a failing one. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final String token;

    /** @param token the bearer token of every instance, or null for none */
    public Forwarder(final String token) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = token;
    }

    /** An answer of another instance: its status and JSON body. */
    public record Answer(int status, byte[] body) {
    }

    /**
     * @param instance     {@code host:port}
     * @param pathAndQuery e.g. {@code /api/shipments/SHP-1}, with or without a query
     * @throws LocalStores.Unavailable when the instance cannot be reached or does not answer in time
     */
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
