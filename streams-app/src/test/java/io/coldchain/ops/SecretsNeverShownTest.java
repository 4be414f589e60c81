package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application configured with every kind of secret (registry credentials in the URL, a JAAS password, a
 * truststore password, the ops token) never shows one: not in the configuration print-out, not in the settings'
 * {@code toString}, not in the suggested export command, not in a metric name or tag. The client is started against
 * a bootstrap address nothing listens on, so its clients register their metrics without a broker.
 */
class SecretsNeverShownTest {

    private static final List<String> SECRETS = List.of("RegPw", "JaasPw", "TrustPw", "T0kenValue");

    @TempDir
    Path stateDir;

    @Test
    void shouldShowNoSecretInThePrintOutTheExportHintOrTheMetrics() throws Exception {
        final StreamsSettings settings = StreamsSettings.builder().bootstrapServers("127.0.0.1:1").applicationId("secrets-test")
                .stateDir(stateDir).schemaRegistryUrl("https://reg-user:RegPw@127.0.0.1:1").httpPort(0)
                .httpToken("T0kenValue").overrides(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism",
                        "SCRAM-SHA-256", "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                                + "required username=\"alice\" password=\"JaasPw\";",
                        "ssl.truststore.password", "TrustPw"))
                .build();

        assertThat(settings.describe().toString()).doesNotContain(SECRETS).contains("https://****@127.0.0.1:1");
        assertThat(settings.toString()).doesNotContain(SECRETS);
        assertThat(StreamsRuntime.exportFlags(settings)).doesNotContain(SECRETS);

        try (StreamsRuntime runtime = new StreamsRuntime(settings, Duration.ofSeconds(5))) {
            runtime.start();
            final HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + runtime.httpPort() + "/metrics"))
                    .header("Authorization", "Bearer T0kenValue").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("client_id=\"secrets-test").doesNotContain(SECRETS)
                    .doesNotContain("reg-user", "alice");
        }
    }
}
