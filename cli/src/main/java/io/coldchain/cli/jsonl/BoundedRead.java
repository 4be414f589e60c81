package io.coldchain.cli.jsonl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * One read of a whole topic that ends: every partition assigned (no consumer group, nothing committed), from the
 * beginning or the first offset at {@code from}, up to its end offset as it was when the read started, so a topic
 * that keeps growing still ends. What the records are read with ({@code read_committed}, ...) is the consumer's
 * configuration. {@code export}, {@code epcis}, {@code ack}, {@code score} and {@code audit verify} read through it.
 *
 * <pre>
 * BoundedRead read = BoundedRead.open(consumer, topic, from, timeout, System::nanoTime);
 * while (read.hasMore()) {
 *     for (ConsumerRecord&lt;byte[], byte[]&gt; record : read.poll()) { ... }
 * }
 * </pre>
 */
public final class BoundedRead {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Map<TopicPartition, Long> end;
    private final Set<TopicPartition> remaining;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private long lastProgress;

    private BoundedRead(final Consumer<byte[], byte[]> consumer, final String topic, final Duration timeout,
                        final LongSupplier nanoTime, final List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.topic = topic;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.end = new HashMap<>(consumer.endOffsets(partitions, timeout));
        this.remaining = new LinkedHashSet<>(partitions);
        this.lastProgress = nanoTime.getAsLong();
    }

    /**
     * {@code clientConfig} made fit for a bounded read, whatever {@code --client-config} says: committed records only
     * ({@code read_committed}), no consumer group, nothing committed.
     */
    public static Map<String, Object> readerConfig(final Map<String, Object> clientConfig) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    /**
     * Assigns every partition of {@code topic} and seeks each to its start.
     *
     * @param from     first timestamp to read, or null for the beginning (a partition with no record at or after it
     *                 is not read at all)
     * @param timeout  how long a metadata request, or reading without progress, may take before giving up
     * @param nanoTime the clock that measures progress
     * @throws JsonLinesException if the topic does not exist
     */
    public static BoundedRead open(final Consumer<byte[], byte[]> consumer, final String topic, final Instant from,
                                   final Duration timeout, final LongSupplier nanoTime) {
        final List<TopicPartition> partitions = partitions(consumer, topic, timeout);
        consumer.assign(partitions);
        final BoundedRead read = new BoundedRead(consumer, topic, timeout, nanoTime, partitions);
        if (from == null) {
            consumer.seekToBeginning(partitions);
        } else {
            seekToTime(consumer, partitions, from, read.end, timeout);
        }
        return read;
    }

    /**
     * The partitions of {@code topic}, in partition order.
     *
     * @throws JsonLinesException if the topic does not exist
     */
    public static List<TopicPartition> partitions(final Consumer<byte[], byte[]> consumer, final String topic,
                                                  final Duration timeout) {
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new JsonLinesException("topic " + topic + " does not exist; check --topic and --topic-prefix");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /**
     * Seeks each partition to its first record stamped at or after {@code time}; a partition without one is
     * sought to its {@code end}: nothing of it is before, what comes next is after.
     */
    public static void seekToTime(final Consumer<byte[], byte[]> consumer, final Collection<TopicPartition> partitions,
                                  final Instant time, final Map<TopicPartition, Long> end, final Duration timeout) {
        final Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, time.toEpochMilli()));
        final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        for (final TopicPartition partition : partitions) {
            final OffsetAndTimestamp at = found.get(partition);
            consumer.seek(partition, at == null ? end.get(partition) : at.offset());
        }
    }

    /**
     * Whether a partition is left to read; pauses the partitions read up to their end.
     *
     * @throws JsonLinesException if no partition's position moved for longer than the timeout
     */
    public boolean hasMore() {
        remaining.removeIf(partition -> {
            if (consumer.position(partition, timeout) >= end.get(partition)) {
                consumer.pause(List.of(partition));
                return true;
            }
            return false;
        });
        if (remaining.isEmpty()) {
            return false;
        }
        final long now = nanoTime.getAsLong();
        if (moved()) {
            lastProgress = now;
        } else if (now - lastProgress > timeout.toNanos()) {
            throw new JsonLinesException("reading " + topic + " made no progress for " + timeout.toSeconds()
                    + " s (partition, offset, end offset: " + remaining.stream().map(p -> p.partition() + " "
                    + positions.get(p) + " " + end.get(p)).toList() + "): is the broker still running?");
        }
        return true;
    }

    /** The next records, in offset order within a partition, each before its partition's end. */
    public List<ConsumerRecord<byte[], byte[]>> poll() {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (remaining.contains(partition) && record.offset() < end.get(partition)) {
                records.add(record); // else: it arrived after the read started, or its partition was ended early
            }
        }
        return records;
    }

    /** Ends {@code partition}'s read before {@code offset} (a reader that found where its window ends). */
    public void endAt(final TopicPartition partition, final long offset) {
        end.merge(partition, offset, Math::min);
    }

    /** Whether a remaining partition's position changed since the last call; remembers the positions. */
    private boolean moved() {
        boolean moved = false;
        for (final TopicPartition partition : remaining) {
            final Long position = consumer.position(partition, timeout);
            moved |= !position.equals(positions.put(partition, position));
        }
        return moved;
    }
}
