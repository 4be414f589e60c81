package io.coldchain.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The README's ACLs, as the secured local broker creates them. */
class LeastPrivilegeTest {

    private static final TopicCatalogue TOPICS = new TopicCatalogue("acme.", 3, AvroSerdes.local());

    private static List<String> describe(final List<AclBinding> acls) {
        return acls.stream().map(a -> {
            assertThat(a.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(a.entry().host()).isEqualTo("*");
            return a.entry().principal() + " " + a.entry().operation() + " " + a.pattern().resourceType() + " "
                    + a.pattern().patternType() + " " + a.pattern().name();
        }).toList();
    }

    @Test
    void shouldGiveTheStreamsAppItsPrefixItsInputsAndItsOutputs() {
        assertThat(describe(LeastPrivilege.streamsApp(TOPICS, "cc-app", "User:app"))).containsExactly(
                "User:app ALL TOPIC PREFIXED cc-app",
                "User:app READ GROUP PREFIXED cc-app",
                "User:app WRITE TRANSACTIONAL_ID PREFIXED cc-app",
                "User:app DESCRIBE TRANSACTIONAL_ID PREFIXED cc-app",
                "User:app READ TOPIC LITERAL acme.shipment.plans",
                "User:app READ TOPIC LITERAL acme.telemetry.temperature",
                "User:app READ TOPIC LITERAL acme.telemetry.location",
                "User:app READ TOPIC LITERAL acme.custody.events",
                "User:app READ TOPIC LITERAL acme.alerts",
                "User:app READ TOPIC LITERAL acme.alerts.acknowledgements",
                "User:app WRITE TOPIC LITERAL acme.alerts",
                "User:app WRITE TOPIC LITERAL acme.alerts.acknowledgements",
                "User:app WRITE TOPIC LITERAL acme.audit",
                "User:app WRITE TOPIC LITERAL acme.errors.dead-letter",
                "User:app WRITE TOPIC LITERAL acme.errors.late-data");
    }

    @Test
    void shouldLetTheIntegratorWriteTelemetryOnly() {
        assertThat(describe(LeastPrivilege.integrator(TOPICS, "User:i"))).containsExactly(
                "User:i WRITE TOPIC LITERAL acme.telemetry.temperature",
                "User:i WRITE TOPIC LITERAL acme.telemetry.location");
    }

    @Test
    void shouldLetTheOpsCentreReadAlertsAcknowledgeThemAndReadTheAuditOnly() {
        assertThat(describe(LeastPrivilege.opsCentre(TOPICS, "User:o", "ops"))).containsExactly(
                "User:o READ TOPIC LITERAL acme.alerts",
                "User:o WRITE TOPIC LITERAL acme.alerts.acknowledgements",
                "User:o READ TOPIC LITERAL acme.audit",
                "User:o READ GROUP PREFIXED ops");
    }

    @Test
    void shouldNeedNoClusterPermission() {
        assertThat(LocalUsers.acls(TOPICS, LocalUsers.STREAMS))
                .noneMatch(a -> a.pattern().resourceType() == ResourceType.CLUSTER);
    }
}
