package io.coldchain.cli.score;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.TopicExporter;
import io.coldchain.errors.UserError;
import io.coldchain.schemas.Alert;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the alerts topic once, as an operations centre sees it: {@code read_committed} (alerts of committed
 * transactions only), every partition from the beginning to the end offsets at the time of the call. No
 * consumer group: nothing is committed. The reading is {@code export}'s ({@link TopicExporter#read}).
 */
public final class AlertsTopic {

    private AlertsTopic() {
    }

    /**
     * @param clientConfig consumer settings; must hold {@code bootstrap.servers}
     * @param timeout      how long the broker may take to answer, and the longest wait without progress
     * @throws IllegalStateException with a one-line reason when the topic cannot be read
     */
    public static List<ObservedAlert> read(final Map<String, Object> clientConfig, final TopicSpec<String, Alert> topic,
                                           final Duration timeout) {
        final Map<String, Object> config = BoundedRead.readerConfig(clientConfig);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-score");
        final List<ObservedAlert> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new UserError("topic " + topic.name() + " does not exist on "
                        + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": pass --alerts FILE or the right "
                        + "--topic-prefix");
            }
            new TopicExporter(consumer, timeout).read(topic, null, null, alert -> alerts.add(ObservedAlert.of(alert)),
                    problem -> {
                        throw new UserError("cannot read " + topic.name() + ": " + problem);
                    });
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserError("cannot reach Kafka at " + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " (no answer within " + timeout.toSeconds() + " s): start a broker or pass --bootstrap-server, "
                    + "or score a file with --alerts FILE", e);
        } catch (KafkaException e) {
            throw new UserError("cannot read " + topic.name() + ": " + e.getMessage(), e);
        }
        return alerts;
    }
}
