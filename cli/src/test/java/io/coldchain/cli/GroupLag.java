package io.coldchain.cli;

import io.coldchain.topics.TopicCatalogue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the ITs watch to know an application has settled: records written to topics, and its input lag. */
final class GroupLag {

    private GroupLag() {
    }

    /** Records in {@code topics} (end offsets summed over their partitions). */
    static long records(final Admin admin, final Set<String> topics) throws Exception {
        return endOffsets(admin, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Input records of the catalogue not yet committed by consumer group {@code groupId} (the application id). */
    static long inputLag(final Admin admin, final String groupId, final TopicCatalogue topics) throws Exception {
        final Map<TopicPartition, Long> end = endOffsets(admin, Set.of(topics.shipmentPlans().name(),
                topics.temperatureReadings().name(), topics.locationFixes().name(), topics.custodyEvents().name()));
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            final OffsetAndMetadata offset = committed.get(e.getKey());
            lag += e.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final Set<String> topics) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest())));
        final Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }
}
