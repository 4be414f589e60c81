package io.coldchain.sim.publish;

import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where the simulator publishes: the cluster, the topics and how values are serialized.
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param topicPrefix       prefix of the catalogue's topic names
 * @param schemaRegistryUrl Confluent-compatible schema registry, or null (or blank): schema ids derive from the
 *                          shipped schemas
 * @param clientSettings    producer (and admin) settings as given, the registry's ({@link AvroSerdes#AUTO_REGISTER},
 *                          {@link AvroSerdes#BASIC_AUTH_USER_INFO}) among them
 * @param createTopics      create the catalogue's missing topics instead of failing
 * @param clusterTimeout    how long the broker may take to answer the checks before publishing
 */
public record KafkaTarget(String bootstrapServers, String topicPrefix, String schemaRegistryUrl,
                          Map<String, String> clientSettings, boolean createTopics, Duration clusterTimeout) {

    /** Settings for the registry's serdes, not for the Kafka clients. */
    private static final Set<String> SERDE_KEYS = Set.of(AvroSerdes.REGISTRY_URL, AvroSerdes.AUTO_REGISTER,
            AvroSerdes.BASIC_AUTH_USER_INFO);

    public KafkaTarget {
        clientSettings = Collections.unmodifiableMap(new LinkedHashMap<>(clientSettings));
    }

    public boolean hasSchemaRegistry() {
        return schemaRegistryUrl != null && !schemaRegistryUrl.isBlank();
    }

    /** The topic catalogue, its serdes configured from the client settings and the registry URL. */
    public TopicCatalogue catalogue() {
        final Map<String, Object> serdeConfig = new LinkedHashMap<>(clientSettings);
        if (hasSchemaRegistry()) {
            serdeConfig.put(AvroSerdes.REGISTRY_URL, schemaRegistryUrl);
        }
        return new TopicCatalogue(topicPrefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.fromConfig(serdeConfig));
    }

    /** The producer settings: the simulator's defaults, the bootstrap servers, then the client settings. */
    public Map<String, Object> producerConfig() {
        final Map<String, Object> config = Publisher.producerDefaults();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        clientSettings.forEach((k, v) -> {
            if (!SERDE_KEYS.contains(k)) {
                config.put(k, v);
            }
        });
        return config;
    }

    /** The catalogue's topics the simulator writes to. */
    public static List<TopicSpec<?, ?>> topics(final TopicCatalogue catalogue) {
        return List.of(catalogue.shipmentPlans(), catalogue.temperatureReadings(), catalogue.locationFixes(),
                catalogue.custodyEvents());
    }
}
