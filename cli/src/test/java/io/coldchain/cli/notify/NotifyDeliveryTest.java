package io.coldchain.cli.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.alerts.Alerts;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.Severity;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One delivery against a scripted receiver: what is retried, how long it waits, what ends it. */
class NotifyDeliveryTest {

    private static final Alert ALERT = Alerts.alert().setSeverity(Severity.HIGH).build();

    private final List<HttpRequest> sent = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /** A receiver that answers from a script: a status, or an exception for "no answer". */
    private WebhookDelivery.Transport receiver(final Object... script) {
        final Deque<Object> answers = new ArrayDeque<>(List.of(script));
        return request -> {
            sent.add(request);
            final Object next = answers.removeFirst();
            if (next instanceof IOException e) {
                throw e;
            }
            if (next instanceof WebhookDelivery.Answer answer) {
                return answer;
            }
            return new WebhookDelivery.Answer((Integer) next, Optional.empty(), "");
        };
    }

    private WebhookDelivery delivery(final WebhookDelivery.Transport transport) {
        return new WebhookDelivery(new WebhookRequests(URI.create("http://localhost:1/hook"), Duration.ofSeconds(2),
                List.of()), transport, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30),
                new SplittableRandom(3)), Clock.fixed(Instant.parse("2026-03-03T10:15:00Z"), ZoneOffset.UTC), log::add);
    }

    private boolean record(final Duration wait) {
        waits.add(wait);
        return true;
    }

    @Test
    void shouldRetryFailuresWithTheBackoffScheduleUntilTheReceiverTakesIt() throws Exception {
        final WebhookDelivery.Outcome outcome = delivery(receiver(503, new ConnectException("refused"),
                new HttpTimeoutException("timed out"), 500, 408, 202)).deliver(ALERT, this::record);

        assertThat(outcome.result()).isEqualTo(WebhookDelivery.Result.DELIVERED);
        assertThat(outcome.attempts()).isEqualTo(6);
        final Backoff same = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(3));
        assertThat(waits).containsExactly(same.delay(1), same.delay(2), same.delay(3), same.delay(4), same.delay(5));
        assertThat(sent).extracting(r -> r.headers().firstValue("Idempotency-Key").orElseThrow())
                .as("every attempt carries the same key").containsOnly(IdempotencyKey.of(ALERT)).hasSize(6);
        assertThat(log).first().asString().isEqualTo("attempt 1 for " + IdempotencyKey.of(ALERT)
                + " failed (HTTP 503), retrying in " + waits.get(0).toMillis() + " ms");
        assertThat(log).last().asString().isEqualTo("delivered " + IdempotencyKey.of(ALERT) + " at attempt 6");
    }

    @Test
    void shouldWaitAsLongAsRetryAfterAsks() throws Exception {
        final WebhookDelivery.Outcome outcome = delivery(receiver(
                new WebhookDelivery.Answer(429, Optional.of("20"), "slow down"),
                new WebhookDelivery.Answer(503, Optional.of("Tue, 03 Mar 2026 10:16:00 GMT"), ""), 200))
                .deliver(ALERT, this::record);

        assertThat(outcome.result()).isEqualTo(WebhookDelivery.Result.DELIVERED);
        assertThat(waits).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    @Test
    void shouldStopAtARefusalWithoutRetrying() throws Exception {
        final WebhookDelivery.Outcome outcome = delivery(receiver(503,
                new WebhookDelivery.Answer(422, Optional.empty(), "unknown\nshipment"), 200))
                .deliver(ALERT, this::record);

        assertThat(outcome.result()).isEqualTo(WebhookDelivery.Result.REFUSED);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.detail()).isEqualTo("HTTP 422: unknown shipment");
        assertThat(sent).hasSize(2);
    }

    @Test
    void shouldAbandonWhenTheWaitIsCutShort() throws Exception {
        final WebhookDelivery.Outcome outcome = delivery(receiver(503, 200)).deliver(ALERT, wait -> false);

        assertThat(outcome.result()).isEqualTo(WebhookDelivery.Result.ABANDONED);
        assertThat(sent).as("no attempt after the stop").hasSize(1);
    }
}
