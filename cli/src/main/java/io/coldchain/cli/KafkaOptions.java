package io.coldchain.cli;

import io.coldchain.config.ClientOptions;
import io.coldchain.config.ConfigFile;
import io.coldchain.config.ConfigNames;
import io.coldchain.logging.Secrets;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicAdminErrors;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;

/**
 * The Kafka options of the commands that read or write topics ({@code publish}, {@code export}, {@code alerts},
 * {@code score}, ...), as a picocli mixin: the connection every command shares ({@link ClientOptions}: bootstrap
 * servers, topic prefix, registry, client properties of {@code --config-file} and {@code --client-config}) and what
 * they make: client config, catalogue, a check of the cluster and of this client's access to the topics it uses, with
 * one-line errors.
 */
public final class KafkaOptions extends ClientOptions {

    private static final Set<String> SERDE_KEYS = Set.of(AvroSerdes.REGISTRY_URL, AvroSerdes.AUTO_REGISTER,
            AvroSerdes.BASIC_AUTH_USER_INFO);

    /** How long the broker may take to answer the checks before reading or writing. */
    public Duration clusterTimeout = Duration.ofSeconds(10);

    public TopicCatalogue catalogue() {
        final Map<String, Object> serdeConfig = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> {
            if (SERDE_KEYS.contains(k)) {
                serdeConfig.put(k, v);
            }
        });
        if (schemaRegistryUrl() != null) {
            serdeConfig.put(AvroSerdes.REGISTRY_URL, schemaRegistryUrl());
        }
        return new TopicCatalogue(topicPrefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.fromConfig(serdeConfig));
    }

    /**
     * {@code defaults}, then the client properties of {@code --config-file} and {@code --client-config} (registry keys
     * left out), with the bootstrap servers of {@link #bootstrapServers()}.
     */
    public Map<String, Object> clientConfig(final Map<String, Object> defaults) {
        final Map<String, Object> config = new HashMap<>(defaults);
        clientProperties().forEach((k, v) -> {
            if (!SERDE_KEYS.contains(k)) {
                config.put(k, v);
            }
        });
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * Fails with one line unless the cluster answers, each of {@code topics} exists and this client may
     * {@code operation} it. Only these topics are looked at: a client with least privilege may not see others.
     *
     * @param alternative given the topics refused, what else the user could do, appended to the message as it
     *                    stands (e.g. "; or publish only the temperature lines"), or ""
     * @throws TopicAdmin.ClusterUnavailableException if the cluster does not answer or refuses the client
     * @throws UserError                              if a topic is missing or refused
     */
    public void checkAccess(final List<String> topics, final AclOperation operation,
                            final Function<List<String>, String> alternative) {
        final Map<String, Object> adminConfig = adminConfig();
        try (TopicAdmin admin = new TopicAdmin(adminConfig, clusterTimeout)) {
            admin.ensureReachable();
            final Map<String, TopicAdmin.TopicAccess> access = admin.access(topics);
            final List<String> missing = topics.stream()
                    .filter(t -> access.get(t).state() == TopicAdmin.TopicAccess.State.MISSING).toList();
            if (!missing.isEmpty()) {
                throw new UserError("topic" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                        + " missing on " + bootstrapServers()
                        + ": check --topic-prefix, or create them with './coldchain streams --create-topics'");
            }
            final List<String> refused = topics.stream().filter(t -> !access.get(t).allows(operation)).toList();
            if (!refused.isEmpty()) {
                throw new UserError(TopicAdminErrors.notAuthorized(operation.name(), "topic", refused, adminConfig,
                        alternative.apply(refused)));
            }
        }
    }

    /**
     * The one line for a failure of this run's producer or consumer: authentication, authorization (of
     * {@code topicOperation} on the topics it names), or the failure's own message, credentials masked.
     */
    public String explain(final KafkaException error, final String topicOperation) {
        return TopicAdminErrors.explain(error, clientConfig(Map.of()), topicOperation)
                .orElseGet(() -> Secrets.mask(error.getMessage()));
    }

    /** Fails with one line when {@code --bootstrap-server} is malformed; checked before anything starts. */
    public void checkBootstrapServers() {
        TopicAdminErrors.bootstrapProblem(bootstrapServers(), false).ifPresent(problem -> {
            throw new UserError(problem);
        });
    }

    private Map<String, Object> adminConfig() {
        final Map<String, Object> adminConfig = clientConfig(Map.of());
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        return adminConfig;
    }

    /** One line for the start of a run; registry credentials masked. */
    public String describe() {
        return "kafka " + bootstrapServers() + principal() + ", topic prefix " + topicPrefix() + ", schema registry "
                + (schemaRegistryUrl() == null ? "none (local schema ids)" : Secrets.mask(schemaRegistryUrl()));
    }

    /**
     * The flags of this run that differ from the defaults, to repeat in a suggested command: e.g.
     * {@code " --bootstrap-server kafka:9092 --topic-prefix acme."}, empty with the defaults. Registry URL masked.
     */
    public String nonDefaultFlags() {
        final Optional<Path> file = mixee == null ? Optional.empty() : ConfigFile.path(mixee, Map.of());
        final boolean bootstrapFlag = mixee == null || mixee.commandLine() == null
                || mixee.commandLine().getParseResult() == null
                || mixee.commandLine().getParseResult().hasMatchedOption("--bootstrap-server");
        return file.map(f -> " " + ConfigNames.CONFIG_FILE + " " + f).orElse("")
                + (DEFAULT_BOOTSTRAP_SERVERS.equals(bootstrapServers()) || file.isPresent() && !bootstrapFlag ? ""
                : " --bootstrap-server " + bootstrapServers())
                + (TopicCatalogue.DEFAULT_PREFIX.equals(topicPrefix()) ? "" : " --topic-prefix " + topicPrefix())
                + (schemaRegistryUrl() == null ? "" : " --schema-registry-url " + Secrets.mask(schemaRegistryUrl()));
    }

    /** " as User:alice" when the client settings authenticate, else "". */
    private String principal() {
        final Map<String, Object> config = clientConfig(Map.of());
        return config.containsKey("sasl.jaas.config") ? TopicAdminErrors.as(config) : "";
    }

    /** A mistake the user can fix (wrong address, missing topics, missing permission), said in one line. */
    public static final class UserError extends io.coldchain.errors.UserError {

        private static final long serialVersionUID = 1L;

        UserError(final String message) {
            super(message);
        }
    }
}
