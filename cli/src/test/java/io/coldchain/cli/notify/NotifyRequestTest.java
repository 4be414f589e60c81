package io.coldchain.cli.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.cli.alerts.Alerts;
import io.coldchain.cli.jsonl.JsonLines;
import io.coldchain.errors.UserError;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.Severity;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyRequestTest {

    private static final URI URL = URI.create("https://ops.example.com/hooks/coldchain");

    @Test
    void shouldKeyEachChangeOfAnAlertApartAndARedeliveryAlike() {
        final Alert open = Alerts.alert().setSeverity(Severity.HIGH).build();
        final Alert escalated = Alerts.alert().setSeverity(Severity.HIGH).setStatus(AlertStatus.UPDATED).setSeverity(Severity.CRITICAL)
                .setLastEvidenceTime(Alerts.T0 + 60_000).build();
        final Alert resolved = Alerts.alert().setSeverity(Severity.HIGH).setStatus(AlertStatus.RESOLVED)
                .setLastEvidenceTime(Alerts.T0 + 120_000).build();

        assertThat(IdempotencyKey.of(open)).isEqualTo("9ac3ce2a4f1e6b70:OPEN:HIGH:1772532900000");
        assertThat(IdempotencyKey.of(Alerts.alert().setSeverity(Severity.HIGH).build())).as("a redelivery").isEqualTo(IdempotencyKey.of(open));
        assertThat(List.of(IdempotencyKey.of(open), IdempotencyKey.of(escalated), IdempotencyKey.of(resolved)))
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @CsvSource({"200,DELIVERED", "201,DELIVERED", "202,DELIVERED", "204,DELIVERED", "299,DELIVERED",
        "408,RETRY", "429,RETRY", "500,RETRY", "502,RETRY", "503,RETRY", "504,RETRY", "599,RETRY",
        "400,REFUSED", "401,REFUSED", "403,REFUSED", "404,REFUSED", "409,REFUSED", "410,REFUSED", "422,REFUSED",
        "301,REFUSED", "302,REFUSED", "307,REFUSED", "100,REFUSED", "600,REFUSED"})
    void shouldRetryOnlyWhatTheReceiverMayTakeLater(final int status, final Verdict verdict) {
        assertThat(Verdict.of(status)).isEqualTo(verdict);
    }

    @Test
    void shouldPostTheAlertsJsonLineWithTheKeysAndTheExtraHeaders() throws Exception {
        final Alert alert = Alerts.alert().setSeverity(Severity.HIGH).build();
        final WebhookRequests requests = new WebhookRequests(URL, Duration.ofSeconds(3),
                List.of(Header.parse("Authorization: Bearer s3cret"), Header.parse("X-Team:  cold-room ")));

        final HttpRequest request = requests.request(alert);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URL);
        assertThat(request.timeout()).contains(Duration.ofSeconds(3));
        assertThat(request.headers().map()).containsEntry("Content-Type", List.of("application/json"))
                .containsEntry("Idempotency-Key", List.of("9ac3ce2a4f1e6b70:OPEN:HIGH:1772532900000"))
                .containsEntry("X-Coldchain-Alert-Id", List.of("9ac3ce2a4f1e6b70"))
                .containsEntry("Authorization", List.of("Bearer s3cret"))
                .containsEntry("X-Team", List.of("cold-room"));
        final String body = body(request);
        assertThat(body).as("what alerts --json writes").isEqualTo(new JsonLines().write(alert))
                .startsWith("{\"type\":\"alert\",\"alertId\":\"9ac3ce2a4f1e6b70\",\"alertType\":\"TEMPERATURE_EXCURSION\"");
        assertThat(request.bodyPublisher().orElseThrow().contentLength())
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldNeverShowAHeadersValue() {
        final WebhookRequests requests = new WebhookRequests(URL, Duration.ofSeconds(3),
                List.of(Header.parse("Authorization: Bearer s3cret")));

        assertThat(requests.describe()).contains("Authorization: ****").doesNotContain("s3cret");
        assertThat(Header.parse("Authorization: Bearer s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseHeadersItCannotOrMustNotSend() {
        assertThatThrownBy(() -> Header.parse("no colon here")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--header expects 'Name: value'");
        assertThatThrownBy(() -> Header.parse("Idempotency-Key: mine")).isInstanceOf(UserError.class)
                .hasMessage("--header Idempotency-Key is set by the notifier itself and cannot be given");
        assertThatThrownBy(() -> Header.parse("host: example.com")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> Header.parse("Bad Name: x")).isInstanceOf(UserError.class)
                .hasMessageContaining("is not a header name");
    }

    @Test
    void shouldTakeOnlyAnHttpUrlWithAHostAndNoCredentials() {
        assertThat(WebhookRequests.url(" http://localhost:8085/alerts ")).isEqualTo(URI.create("http://localhost:8085/alerts"));
        assertThatThrownBy(() -> WebhookRequests.url("ftp://example.com/x")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--url must be an http:// or https:// address");
        assertThatThrownBy(() -> WebhookRequests.url("localhost:8085")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> WebhookRequests.url("http://bad host/")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--url is not a URL");
        assertThatThrownBy(() -> WebhookRequests.url("https://user:pw@example.com/x")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--url must not carry credentials").message().doesNotContain("pw");
    }

    /** Reads a request's body as the HTTP client would. */
    private static String body(final HttpRequest request) throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        request.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(final Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(final ByteBuffer item) {
                final byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(final Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
