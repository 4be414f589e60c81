package io.coldchain.cli.security;

import io.coldchain.topics.TopicCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of the README's security section, per role, built from the topic catalogue. No role
 * needs a cluster permission: an idempotent producer needs only WRITE on a topic (KIP-679), a consumer without a
 * group (export, score) no group permission.
 */
public final class LeastPrivilege {

    private LeastPrivilege() {
    }

    /**
     * The exactly-once streams application: everything on its own resources (internal topics, consumer group,
     * transactional ids, all prefixed by its application id), READ on the inputs, WRITE on the outputs and on the
     * acknowledgements (the query API's acknowledge endpoint).
     */
    public static List<AclBinding> streamsApp(final TopicCatalogue topics, final String applicationId,
                                              final String principal) {
        final List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(ResourceType.TOPIC, applicationId, PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.GROUP, applicationId, PatternType.PREFIXED, principal, AclOperation.READ));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, principal,
                AclOperation.WRITE));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, principal,
                AclOperation.DESCRIBE));
        // The alerts are read back by the audit (AlertAuditTopology), with the acknowledgements.
        Stream.of(topics.shipmentPlans(), topics.temperatureReadings(), topics.locationFixes(), topics.custodyEvents(),
                        topics.alerts(), topics.acknowledgements())
                .forEach(t -> acls.add(allow(ResourceType.TOPIC, t.name(), PatternType.LITERAL, principal,
                        AclOperation.READ)));
        // The query API's POST /api/alerts/{id}/ack writes acknowledgements as the ack command does.
        Stream.of(topics.alerts(), topics.acknowledgements(), topics.audit(), topics.deadLetters(), topics.lateData())
                .forEach(t -> acls.add(allow(ResourceType.TOPIC, t.name(), PatternType.LITERAL, principal,
                        AclOperation.WRITE)));
        return List.copyOf(acls);
    }

    /** A telemetry integrator: WRITE on the temperature and location topics, nothing else. */
    public static List<AclBinding> integrator(final TopicCatalogue topics, final String principal) {
        return Stream.of(topics.temperatureReadings(), topics.locationFixes())
                .map(t -> allow(ResourceType.TOPIC, t.name(), PatternType.LITERAL, principal, AclOperation.WRITE))
                .toList();
    }

    /**
     * An operations centre: READ on the alerts topic, WRITE on the acknowledgements ({@code ack}), READ on the audit
     * log ({@code audit verify}), and READ on the consumer groups named with {@code groupPrefix} for consumers that
     * commit their position.
     */
    public static List<AclBinding> opsCentre(final TopicCatalogue topics, final String principal,
                                             final String groupPrefix) {
        return List.of(
                allow(ResourceType.TOPIC, topics.alerts().name(), PatternType.LITERAL, principal, AclOperation.READ),
                allow(ResourceType.TOPIC, topics.acknowledgements().name(), PatternType.LITERAL, principal,
                        AclOperation.WRITE),
                allow(ResourceType.TOPIC, topics.audit().name(), PatternType.LITERAL, principal, AclOperation.READ),
                allow(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED, principal, AclOperation.READ));
    }

    private static AclBinding allow(final ResourceType type, final String name, final PatternType pattern,
                                    final String principal, final AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
