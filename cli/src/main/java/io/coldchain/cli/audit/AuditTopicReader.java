package io.coldchain.cli.audit;

import io.coldchain.errors.UserError;
import io.coldchain.rules.audit.ChainVerifier;
import io.coldchain.schemas.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka seam of {@code audit verify}: every partition of the audit topic, without a group ({@code assign()}),
 * from the beginning (or the first offset at {@code from}) up to its end offset as it was at the start, in offset
 * order, into a {@link ChainVerifier}. A partition stops at its first record stamped after {@code to}. A record
 * that cannot be read breaks its partition's chain. Stops at the first broken link.
 */
final class AuditTopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Deserializer<AuditRecord> values;
    private final Duration timeout;

    AuditTopicReader(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                     final Deserializer<AuditRecord> values, final Duration timeout) {
        this.consumer = consumer;
        this.values = values;
        this.timeout = timeout;
    }

    /**
     * @param copy receives every record read, in the order read (for {@code --save})
     * @throws UserError if the topic does not exist or reading makes no progress for the timeout
     */
    ChainVerifier verify(final String topic, final Instant from, final Instant to, final Consumer<AuditRecord> copy) {
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new UserError("topic " + topic + " does not exist; check --topic-prefix");
        }
        final List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        final Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
        seek(partitions, from, end);
        final ChainVerifier verifier = new ChainVerifier();
        final Set<TopicPartition> remaining = new LinkedHashSet<>(partitions);
        long lastProgress = System.nanoTime();
        long lastPositions = -1;
        while (!finished(remaining, end) && verifier.firstBreak().isEmpty()) {
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (!remaining.contains(partition) || record.offset() >= end.get(partition)) {
                    continue;
                }
                if (to != null && record.timestamp() > to.toEpochMilli()) {
                    end.put(partition, record.offset()); // --to: this partition's walk ends here
                    continue;
                }
                final AuditRecord value;
                try {
                    value = values.deserialize(record.topic(), record.value());
                } catch (SerializationException e) {
                    verifier.unreadable(record.partition(), record.offset(), e.getMessage());
                    break;
                }
                if (value == null) {
                    verifier.unreadable(record.partition(), record.offset(), "a record without a value");
                    break;
                }
                copy.accept(value);
                if (verifier.accept(record.partition(), record.offset(), value).isPresent()) {
                    break;
                }
            }
            final long positions = remaining.stream().mapToLong(p -> consumer.position(p, timeout)).sum();
            if (positions != lastPositions) {
                lastPositions = positions;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new UserError("reading " + topic + " made no progress for " + timeout.toSeconds()
                        + " s: is the broker still running?");
            }
        }
        return verifier;
    }

    private void seek(final List<TopicPartition> partitions, final Instant from, final Map<TopicPartition, Long> end) {
        if (from == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        final Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        for (final TopicPartition partition : partitions) {
            final OffsetAndTimestamp at = found.get(partition);
            consumer.seek(partition, at == null ? end.get(partition) : at.offset());
        }
    }

    private boolean finished(final Set<TopicPartition> remaining, final Map<TopicPartition, Long> end) {
        remaining.removeIf(partition -> {
            if (consumer.position(partition, timeout) >= end.get(partition)) {
                consumer.pause(List.of(partition));
                return true;
            }
            return false;
        });
        return remaining.isEmpty();
    }
}
