package io.coldchain.sim.publish;

import io.coldchain.sim.SimulatorException;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** What is checked before publishing: the broker answers and the simulator's topics exist. */
public final class ClusterCheck {

    private ClusterCheck() {
    }

    /**
     * Checks that the broker of {@code target} answers and that the simulator's topics exist; creates the missing
     * ones (broker-default replication factor) if {@link KafkaTarget#createTopics()}.
     *
     * @return the topics created; empty when none was missing
     * @throws SimulatorException                    if a topic is missing, or no bootstrap address resolves
     * @throws TopicAdmin.ClusterUnavailableException if the broker does not answer in time
     */
    public static List<String> ensureTopics(final KafkaTarget target, final TopicCatalogue catalogue) {
        // Producer-only keys would only draw "supplied but not used" notes from the admin client.
        final Map<String, Object> adminConfig = new HashMap<>(target.producerConfig());
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        try (TopicAdmin admin = new TopicAdmin(adminConfig, target.clusterTimeout())) {
            admin.ensureReachable();
            final List<String> needed = KafkaTarget.topics(catalogue).stream().map(TopicSpec::name).toList();
            final List<String> missing = admin.missing(catalogue).stream().filter(needed::contains).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            if (!target.createTopics()) {
                throw new SimulatorException("topics missing on " + target.bootstrapServers() + ": "
                        + String.join(", ", missing) + ". Pass --create-topics to create them from the topic "
                        + "catalogue, or start the streams application with --create-topics first");
            }
            // -1: the broker's default replication factor (KIP-464).
            return admin.createMissing(catalogue, (short) -1);
        } catch (KafkaException e) {
            // Admin.create fails this way when no bootstrap address resolves.
            throw new SimulatorException("cannot reach Kafka at " + target.bootstrapServers() + " (" + rootMessage(e)
                    + "): start a local broker with './coldchain broker' or pass --bootstrap-server", e);
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
