package io.coldchain.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalogue: its name, the serdes of its key and value, and how it is created.
 *
 * @param name        full topic name
 * @param keySerde    serde of the record key
 * @param valueSerde  serde of the record value
 * @param keyDoc      what the key is, for documentation
 * @param valueDoc    what the value is (schema name or format), for documentation
 * @param partitions  partition count at creation
 * @param configs     topic-level configs at creation ({@code cleanup.policy}, {@code retention.ms}, ...)
 * @param description what the topic carries and who writes it
 */
public record TopicSpec<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        String keyDoc,
        String valueDoc,
        int partitions,
        Map<String, String> configs,
        String description) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    public String cleanupPolicy() {
        return configs.getOrDefault("cleanup.policy", "delete");
    }
}
