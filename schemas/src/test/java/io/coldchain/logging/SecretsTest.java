package io.coldchain.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Secrets: what of a secret may be shown")
class SecretsTest {

    @Test
    void shouldMaskTheUserInfoOfEveryUrl() {
        assertThat(Secrets.mask("https://user:pw@registry:8081/apis")).isEqualTo("https://****@registry:8081/apis");
        assertThat(Secrets.mask("Schema registry at http://u:s@localhost:1 unreachable; see https://x.org/a"))
                .isEqualTo("Schema registry at http://****@localhost:1 unreachable; see https://x.org/a");
        assertThat(Secrets.mask("a http://a:1@h1 and b sasl_ssl://b:2@h2:9093, end"))
                .isEqualTo("a http://****@h1 and b sasl_ssl://****@h2:9093, end");
    }

    @Test
    void shouldMaskAUserInfoWhosePasswordHoldsAnAtSignOrAColon() {
        assertThat(Secrets.mask("http://alice:p@ss:w0rd@registry:8081/x")).isEqualTo("http://****@registry:8081/x");
        assertThat(Secrets.mask("\"http://token@registry\"")).isEqualTo("\"http://****@registry\"");
    }

    @Test
    void shouldLeaveUrlsWithoutUserInfoAndMailAddressesAlone() {
        final String text = "see http://registry:8081/subjects/a@b?x=1 or write to ops@acme.example";

        assertThat(Secrets.mask(text)).isEqualTo(text);
    }

    @Test
    void shouldMaskThePasswordInsideAJaasConfigurationButNotTheUser() {
        final String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"alice\" password=\"al1ce-s3cret\";";

        assertThat(Secrets.mask(jaas)).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"alice\" password=\"****\";").doesNotContain("al1ce-s3cret");
        assertThat(Secrets.mask("PlainLoginModule required username='bob' password='b0b';"))
                .isEqualTo("PlainLoginModule required username='bob' password='****';");
    }

    @Test
    void shouldMaskAQuotedPasswordThatHoldsQuotesAndSpaces() {
        assertThat(Secrets.mask("password=\"a \\\"quoted\\\" pass\" next")).isEqualTo("password=\"****\" next");
    }

    @Test
    void shouldMaskSecretPropertiesWrittenAsKeyEqualsValue() {
        assertThat(Secrets.mask("Invalid value: ssl.keystore.password = hunter2, acks=all"))
                .isEqualTo("Invalid value: ssl.keystore.password = ****, acks=all");
        assertThat(Secrets.mask("basic.auth.user.info=alice:pw sasl.jaas.config=x.Module"))
                .isEqualTo("basic.auth.user.info=**** sasl.jaas.config=****");
        assertThat(Secrets.mask("GET /cb?code=1&access_token=abc.def&state=2"))
                .isEqualTo("GET /cb?code=1&access_token=****&state=2");
        assertThat(Secrets.mask("COLDCHAIN_HTTP_TOKEN=t0ps3cret")).isEqualTo("COLDCHAIN_HTTP_TOKEN=****");
    }

    @Test
    void shouldMaskSecretMembersOfJson() {
        assertThat(Secrets.mask("{\"user\":\"alice\",\"password\": \"pw\",\"clientSecret\":\"cs\"}"))
                .isEqualTo("{\"user\":\"alice\",\"password\": \"****\",\"clientSecret\":\"****\"}");
    }

    @Test
    void shouldMaskAPemPrivateKeyEvenWhenCutShort() {
        final String pem = "ssl.keystore.key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w0B\n"
                + "-----END PRIVATE KEY----- rest";

        assertThat(Secrets.mask(pem)).isEqualTo("ssl.keystore.key: -----BEGIN PRIVATE KEY-----****"
                + "-----END PRIVATE KEY----- rest");
        assertThat(Secrets.mask("-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBg… [cut]"))
                .isEqualTo("-----BEGIN RSA PRIVATE KEY-----****");
    }

    @Test
    void shouldMaskBearerTokensAndAuthorizationHeadersButNotTheWordBasic() {
        assertThat(Secrets.mask("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"))
                .isEqualTo("Authorization: Bearer ****");
        assertThat(Secrets.mask("Authorization: Basic YWxpY2U6cHc=")).isEqualTo("Authorization: Basic ****");
        assertThat(Secrets.mask("Basic configuration is fine")).isEqualTo("Basic configuration is fine");
    }

    @Test
    void shouldLeaveOrdinaryMessagesAlone() {
        final String text = "Not Confluent wire format on coldchain.telemetry.temperature-1@17: magic byte 0x7b; "
                + "the token endpoint answered 401; tokens: 3; set COLDCHAIN_HTTP_TOKEN";

        assertThat(Secrets.mask(text)).isEqualTo(text);
    }

    @Test
    void shouldBeNullSafeAndIdempotent() {
        assertThat(Secrets.mask((String) null)).isNull();
        assertThat(Secrets.mask("")).isEmpty();
        final String once = Secrets.mask("http://u:p@h password=\"x\" Authorization: Bearer abcdefghij "
                + "-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----");
        assertThat(Secrets.mask(once)).isEqualTo(once);
    }
    @Test
    void shouldMaskTheMessagesOfEveryCauseInAStackTrace() {
        final Exception error = new IllegalStateException("outer at https://u:outerpw@registry",
                new RuntimeException("inner password=\"innerpw\""));

        assertThat(Secrets.stackTrace(error)).contains("IllegalStateException: outer at https://****@registry",
                "Caused by: java.lang.RuntimeException: inner password=\"****\"", "\tat ")
                .doesNotContain("outerpw", "innerpw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.keystore.password", "ssl.truststore.password",
            "ssl.key.password", "ssl.keystore.key", "basic.auth.user.info", "schema.registry.basic.auth.user.info",
            "bearer.auth.token", "coldchain.http.token", "sasl.oauthbearer.client.credentials.client.secret",
            "sasl.oauthbearer.assertion.private.key.passphrase", "SSL.KEYSTORE.PASSWORD", "producer.sasl.jaas.config"})
    void shouldTreatTheseKeysAsSecret(final String key) {
        assertThat(Secrets.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap.servers", "acks", "ssl.keystore.location", "ssl.keystore.type",
            "sasl.mechanism", "security.protocol", "sasl.oauthbearer.token.endpoint.url",
            "sasl.login.callback.handler.class", "schema.registry.url", "key.serializer"})
    void shouldShowTheseKeys(final String key) {
        assertThat(Secrets.isSecretKey(key)).isFalse();
    }

    @Test
    void shouldMaskSecretValuesAndUrlUserInfoAndSortByKey() {
        final Map<String, Object> config = new HashMap<>();
        config.put("sasl.jaas.config", "x required username=\"alice\" password=\"p\";");
        config.put("ssl.keystore.password", "p");
        config.put("schema.registry.url", "https://u:pw@registry:8081");
        config.put("acks", "all");
        config.put("linger.ms", 5);
        config.put("unset", null);

        final Map<String, String> shown = Secrets.maskConfig(config);

        assertThat(shown.keySet()).containsExactly("acks", "linger.ms", "sasl.jaas.config", "schema.registry.url",
                "ssl.keystore.password", "unset");
        assertThat(shown).containsEntry("acks", "all").containsEntry("linger.ms", "5")
                .containsEntry("sasl.jaas.config", "****")
                .containsEntry("schema.registry.url", "https://****@registry:8081")
                .containsEntry("ssl.keystore.password", "****").containsEntry("unset", null);
    }
}
