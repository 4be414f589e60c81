package io.coldchain.config;

import io.coldchain.topics.TopicCatalogue;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Kafka connection of every command that talks to Kafka ({@code streams}, {@code simulate} and the tools), as a
 * picocli mixin, defined once: bootstrap servers, topic prefix, schema registry and the client properties (those of
 * the {@code --config-file} not naming an option, then {@code --client-config}).
 */
public class ClientOptions {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String CLIENT_CONFIG = "--client-config";
    static final String LEGACY_CLIENT_CONFIG = "-D";

    @Spec(Spec.Target.MIXEE)
    protected CommandSpec mixee;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", defaultValue = DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = "bootstrap.servers", env = "COLDCHAIN_BOOTSTRAP_SERVERS")
    protected String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicCatalogue.DEFAULT_PREFIX,
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
    @ConfigName(key = "coldchain.topic.prefix", env = "COLDCHAIN_TOPIC_PREFIX")
    protected String topicPrefix;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry; without it, schema ids derive from the shipped schemas.")
    @ConfigName(key = "schema.registry.url", env = "COLDCHAIN_SCHEMA_REGISTRY_URL")
    protected String schemaRegistryUrl;

    @Option(names = CLIENT_CONFIG, paramLabel = "KEY=VALUE",
            description = "Kafka client property, repeatable (security, timeouts, compression, ...), over those of "
                    + "--config-file; auto.register.schemas and basic.auth.user.info go to the schema registry client.")
    protected Map<String, String> clientConfig = new LinkedHashMap<>();

    /** The former names: streams' {@code -D} and {@code --streams-config}, simulate's {@code --producer-config}. */
    @Option(names = {LEGACY_CLIENT_CONFIG, "--streams-config", "--producer-config"}, paramLabel = "KEY=VALUE", hidden = true)
    protected Map<String, String> legacyClientConfig = new LinkedHashMap<>();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** The registry URL, or null for the built-in deterministic schema ids. */
    public String schemaRegistryUrl() {
        return schemaRegistryUrl == null || schemaRegistryUrl.isBlank() ? null : schemaRegistryUrl.strip();
    }

    /** The client properties: the {@code --config-file}'s, then the old flags', then {@code --client-config}. */
    public Map<String, String> clientProperties() {
        final Map<String, String> properties = new LinkedHashMap<>();
        if (mixee != null) {
            properties.putAll(ConfigFile.clientProperties(mixee));
        }
        properties.putAll(legacyClientConfig);
        properties.putAll(clientConfig);
        return properties;
    }
}
