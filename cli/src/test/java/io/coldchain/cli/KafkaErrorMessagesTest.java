package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.topics.TopicAdminErrors;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

/** The mapping of Kafka client failures to one line naming the principal and the operation. */
class KafkaErrorMessagesTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"integrator\" password=\"s3cret\";";
    private static final Map<String, Object> INTEGRATOR = Map.of("bootstrap.servers", "kafka:9092",
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS);

    @Test
    void shouldTakeThePrincipalFromTheJaasUsername() {
        assertThat(TopicAdminErrors.principal(INTEGRATOR)).hasValue("User:integrator");
        assertThat(TopicAdminErrors.principal(Map.of("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=alice password=x;")))
                .hasValue("User:alice");
        assertThat(TopicAdminErrors.principal(Map.of())).hasValue("User:ANONYMOUS");
        assertThat(TopicAdminErrors.principal(Map.of("security.protocol", "SSL"))).isEmpty();
    }

    @Test
    void shouldNameTheTopicOperationAndPrincipalOfADenial() {
        final String line = TopicAdminErrors.explain(new KafkaException("send failed",
                new TopicAuthorizationException(Set.of("coldchain.shipment.plans"))), INTEGRATOR, "WRITE").orElseThrow();

        assertThat(line).isEqualTo("not authorized to WRITE topic coldchain.shipment.plans as User:integrator: ask "
                + "the cluster admin for WRITE on it");
    }

    @Test
    void shouldNameEveryTopicRefusedInOrder() {
        assertThat(TopicAdminErrors.notAuthorized("read", "topic", List.of("b", "a"), Map.of(), "; or else"))
                .isEqualTo("not authorized to READ topics a, b as User:ANONYMOUS: ask the cluster admin for READ on "
                        + "them; or else");
    }

    @Test
    void shouldNameGroupsAndTransactionalIds() {
        assertThat(TopicAdminErrors.explain(new GroupAuthorizationException("denied", "ops-centre-1"), INTEGRATOR,
                "READ")).hasValue("not authorized to READ group ops-centre-1 as User:integrator: ask the cluster "
                + "admin for READ on it");
        assertThat(TopicAdminErrors.explain(new TransactionalIdAuthorizationException("denied"), Map.of(
                "transactional.id", "app-1", "sasl.jaas.config", JAAS), "WRITE")).hasValue("not authorized to "
                + "WRITE transactional id app-1 as User:integrator: ask the cluster admin for WRITE on it");
    }

    @Test
    void shouldReportAFailedAuthenticationAsSuchNotAsAnUnreachableBroker() {
        final String line = TopicAdminErrors.explain(new SaslAuthenticationException("Authentication failed during "
                + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"), INTEGRATOR, "WRITE")
                .orElseThrow();

        assertThat(line).startsWith("authentication failed at kafka:9092 as User:integrator (Authentication failed")
                .contains("sasl.jaas.config").doesNotContain("s3cret").doesNotContain("start a local broker");
    }

    @Test
    void shouldLeaveOtherFailuresAlone() {
        assertThat(TopicAdminErrors.explain(new TimeoutException("slow"), INTEGRATOR, "READ")).isEmpty();
    }

    @Test
    void shouldFindWhatIsWrongWithABootstrapAddress() {
        assertThat(TopicAdminErrors.bootstrapProblem("localhost", false)).hasValue("bootstrap server 'localhost' has "
                + "no port: write HOST:PORT, e.g. localhost:9092");
        assertThat(TopicAdminErrors.bootstrapProblem("localhost:90x", false)).hasValueSatisfying(
                m -> assertThat(m).contains("port '90x' is not a number"));
        assertThat(TopicAdminErrors.bootstrapProblem("localhost:0", false)).hasValueSatisfying(
                m -> assertThat(m).contains("outside 1..65535"));
        assertThat(TopicAdminErrors.bootstrapProblem(" , ", false)).hasValueSatisfying(
                m -> assertThat(m).startsWith("no bootstrap server given"));
        assertThat(TopicAdminErrors.bootstrapProblem("no-such-host.invalid:9092", true)).hasValueSatisfying(
                m -> assertThat(m).startsWith("cannot resolve host no-such-host.invalid"));
        assertThat(TopicAdminErrors.bootstrapProblem("no-such-host.invalid:9092,127.0.0.1:9092", true)).isEmpty();
        assertThat(TopicAdminErrors.bootstrapProblem("SASL_SSL://127.0.0.1:9093,[::1]:9092", true)).isEmpty();
    }
}
