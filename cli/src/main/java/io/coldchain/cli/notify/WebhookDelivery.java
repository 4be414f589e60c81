package io.coldchain.cli.notify;

import io.coldchain.schemas.Alert;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Delivers one alert to the webhook: POSTs it until the receiver answers 2xx, waiting by the {@link Backoff}
 * between attempts for as long as it answers 408, 429, 5xx, times out or cannot be reached; stops at a refusal
 * ({@link Verdict#REFUSED}) or when the wait is cut short (the notifier is stopping, or its partition was taken
 * away). Holds no Kafka types.
 */
public final class WebhookDelivery {

    /** Sends one request; {@link #http} in production, a fake in tests. */
    @FunctionalInterface
    public interface Transport {
        /** The status code and {@code Retry-After} of the answer; an IOException when there is none. */
        Answer send(HttpRequest request) throws IOException, InterruptedException;
    }

    /** What a receiver answered: its status, {@code Retry-After} if any, and (the start of) its body. */
    public record Answer(int status, Optional<String> retryAfter, String body) {
    }

    /** Waits between attempts; false when the wait was cut short and the delivery must be abandoned. */
    @FunctionalInterface
    public interface Waiter {
        boolean await(Duration wait) throws InterruptedException;
    }

    /** How one delivery ended. */
    public enum Result { DELIVERED, REFUSED, ABANDONED }

    /**
     * @param attempts the requests sent (1 = delivered or refused at the first)
     * @param detail   for REFUSED, the receiver's answer: "HTTP 400: {body excerpt}"
     */
    public record Outcome(Result result, int attempts, String detail) {
    }

    private static final int BODY_EXCERPT = 200;
    /** Lines about one alert's failures: the first ones, then one every this many attempts. */
    private static final int REPORT_EVERY = 10;

    private final WebhookRequests requests;
    private final Transport transport;
    private final Backoff backoff;
    private final Clock clock;
    private final Consumer<String> log;

    public WebhookDelivery(final WebhookRequests requests, final Transport transport, final Backoff backoff,
                           final Clock clock, final Consumer<String> log) {
        this.requests = requests;
        this.transport = transport;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
    }

    /** The JDK's HTTP client: no redirects followed (a webhook that moved must be configured anew). */
    public static Transport http(final Duration connectTimeout) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return request -> {
            final HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After"),
                    excerpt(response.body()));
        };
    }

    /**
     * Delivers {@code alert}.
     *
     * @throws InterruptedException when the thread is interrupted
     */
    public Outcome deliver(final Alert alert, final Waiter waiter) throws InterruptedException {
        final String key = IdempotencyKey.of(alert);
        for (int attempt = 1; ; attempt++) {
            final HttpRequest request = requests.request(alert);
            String failure;
            Optional<String> retryAfter = Optional.empty();
            try {
                final Answer answer = transport.send(request);
                switch (Verdict.of(answer.status())) {
                    case DELIVERED:
                        if (attempt > 1) {
                            log.accept("delivered " + key + " at attempt " + attempt);
                        }
                        return new Outcome(Result.DELIVERED, attempt, "HTTP " + answer.status());
                    case REFUSED:
                        final String body = excerpt(answer.body());
                        return new Outcome(Result.REFUSED, attempt, "HTTP " + answer.status()
                                + (body.isEmpty() ? "" : ": " + body));
                    default:
                        failure = "HTTP " + answer.status();
                        retryAfter = answer.retryAfter();
                }
            } catch (HttpTimeoutException e) {
                failure = "no answer within " + request.timeout().map(Duration::toMillis).orElse(0L) + " ms";
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            final Duration wait = backoff.delay(attempt,
                    retryAfter.flatMap(value -> RetryAfter.parse(value, clock.instant())));
            if (attempt <= 3 || attempt % REPORT_EVERY == 0) {
                log.accept("attempt " + attempt + " for " + key + " failed (" + failure + "), retrying in "
                        + wait.toMillis() + " ms");
            }
            if (!waiter.await(wait)) {
                return new Outcome(Result.ABANDONED, attempt, failure);
            }
        }
    }

    private static String excerpt(final String body) {
        final String line = body == null ? "" : body.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        return line.length() <= BODY_EXCERPT ? line : line.substring(0, BODY_EXCERPT) + "…";
    }
}
