package io.coldchain.cli;

import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/**
 * The Kafka options of the commands that read or write topics ({@code publish}, {@code export}, {@code score}), as a
 * picocli mixin, and what they make: client config, catalogue, a cluster check with one-line errors.
 */
public final class KafkaOptions {

    private static final Set<String> SERDE_KEYS = Set.of(AvroSerdes.REGISTRY_URL, AvroSerdes.AUTO_REGISTER,
            AvroSerdes.BASIC_AUTH_USER_INFO);
    private static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            defaultValue = "${env:COLDCHAIN_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP_SERVERS + "}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, or env COLDCHAIN_BOOTSTRAP_SERVERS).")
    public String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicCatalogue.DEFAULT_PREFIX,
            description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry; without it, schema ids derive from the shipped schemas.")
    String schemaRegistryUrl;

    @Option(names = "--client-config", paramLabel = "KEY=VALUE",
            description = "Kafka client setting, repeatable: security, timeouts, ... Also auto.register.schemas and "
                    + "basic.auth.user.info for the registry.")
    public Map<String, String> clientConfig = new LinkedHashMap<>();

    /** How long the broker may take to answer the checks before reading or writing. */
    public Duration clusterTimeout = Duration.ofSeconds(10);

    public TopicCatalogue catalogue() {
        final Map<String, Object> serdeConfig = new LinkedHashMap<>();
        clientConfig.forEach((k, v) -> {
            if (SERDE_KEYS.contains(k)) {
                serdeConfig.put(k, v);
            }
        });
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            serdeConfig.put(AvroSerdes.REGISTRY_URL, schemaRegistryUrl);
        }
        return new TopicCatalogue(topicPrefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.fromConfig(serdeConfig));
    }

    /** {@code defaults}, then the bootstrap servers, then {@code --client-config} (registry keys left out). */
    public Map<String, Object> clientConfig(final Map<String, Object> defaults) {
        final Map<String, Object> config = new HashMap<>(defaults);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        clientConfig.forEach((k, v) -> {
            if (!SERDE_KEYS.contains(k)) {
                config.put(k, v);
            }
        });
        return config;
    }

    /**
     * Fails with one line when the cluster does not answer or one of {@code topics} is missing.
     *
     * @throws TopicAdmin.ClusterUnavailableException if the cluster does not answer
     * @throws UserError                              if a topic is missing or no address resolves
     */
    public void checkCluster(final TopicCatalogue catalogue, final List<String> topics) {
        final Map<String, Object> adminConfig = clientConfig(Map.of());
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        try (TopicAdmin admin = new TopicAdmin(adminConfig, clusterTimeout)) {
            admin.ensureReachable();
            final List<String> missing = admin.missing(catalogue).stream().filter(topics::contains).toList();
            if (!missing.isEmpty()) {
                throw new UserError("topics missing on " + bootstrapServers + ": " + String.join(", ", missing)
                        + "; check --topic-prefix, or create them with './coldchain streams --create-topics'");
            }
        } catch (KafkaException e) {
            // Admin.create fails this way when no bootstrap address resolves.
            throw new UserError("cannot reach Kafka at " + bootstrapServers + " (" + rootMessage(e)
                    + "): start a local broker with './coldchain broker' or pass --bootstrap-server", e);
        }
    }

    /** One line for the start of a run; registry credentials masked. */
    public String describe() {
        return "kafka " + bootstrapServers + ", topic prefix " + topicPrefix + ", schema registry "
                + (schemaRegistryUrl == null || schemaRegistryUrl.isBlank() ? "none (local schema ids)"
                : mask(schemaRegistryUrl));
    }

    /**
     * The flags of this run that differ from the defaults, to repeat in a suggested command: e.g.
     * {@code " --bootstrap-server kafka:9092 --topic-prefix acme."}, empty with the defaults. Registry URL masked.
     */
    public String nonDefaultFlags() {
        return (DEFAULT_BOOTSTRAP_SERVERS.equals(bootstrapServers) ? "" : " --bootstrap-server " + bootstrapServers)
                + (TopicCatalogue.DEFAULT_PREFIX.equals(topicPrefix) ? "" : " --topic-prefix " + topicPrefix)
                + (schemaRegistryUrl == null || schemaRegistryUrl.isBlank() ? ""
                : " --schema-registry-url " + mask(schemaRegistryUrl));
    }

    /** Hides credentials in URLs ({@code https://user:secret@host} → {@code https://****@host}). */
    public static String mask(final String text) {
        return text == null ? null : text.replaceAll("//[^/@\\s]*@", "//****@");
    }

    public static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** A mistake the user can fix (wrong address, missing topics), said in one line. */
    public static final class UserError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UserError(final String message) {
            super(message);
        }

        UserError(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
