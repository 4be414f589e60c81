package io.coldchain.cli.score;

import io.coldchain.schemas.Alert;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the alerts topic once, as an operations centre sees it: {@code read_committed} (alerts of committed
 * transactions only), every partition from the beginning to the end offsets at the time of the call. No
 * consumer group: nothing is committed.
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
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-score");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final List<ObservedAlert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                topic.valueSerde().deserializer())) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist on "
                        + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": pass --alerts FILE or the right "
                        + "--topic-prefix");
            }
            final List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed these are the last stable offsets: what a committed reader can reach.
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long lastProgress = System.nanoTime();
            while (!reached(consumer, end, timeout)) {
                int got = 0;
                for (final ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        alerts.add(ObservedAlert.of(record.value()));
                    }
                    got++;
                }
                if (got > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new IllegalStateException("reading " + topic.name() + " made no progress for "
                            + timeout.toSeconds() + " s; is the broker still running?");
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " (no answer within " + timeout.toSeconds() + " s): start a broker or pass --bootstrap-server, "
                    + "or score a file with --alerts FILE", e);
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot read " + topic.name() + ": " + e.getMessage(), e);
        }
        return alerts;
    }

    private static boolean reached(final KafkaConsumer<String, Alert> consumer, final Map<TopicPartition, Long> end,
                                   final Duration timeout) {
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
