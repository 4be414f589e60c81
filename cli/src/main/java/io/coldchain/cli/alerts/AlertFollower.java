package io.coldchain.cli.alerts;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.schemas.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the alerts topic for an operator: from a point in time, the beginning, the end, or where a consumer group
 * stopped; up to the end as it was at the start ({@code follow = false}) or on until {@link #stop()}. Each record
 * goes through an {@link AlertSelection}; what it selects goes to a sink. The Kafka seam of the {@code alerts}
 * command and of the demo: the selection and the formatting hold no Kafka types.
 *
 * <p>Without a group the partitions are assigned and nothing is committed, so no consumer group is left behind.
 * With a group, the topic is subscribed and the offsets of what was shown are committed after each poll, so the
 * next run resumes after it.
 */
public final class AlertFollower {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Where to start without {@code since}, when a group has no committed offset or there is no group. */
    public enum Start { BEGINNING, END }

    /**
     * What to read.
     *
     * @param since     start each partition at its first record stamped at or after this, or null
     * @param otherwise where to start without {@code since} (and with a group, without a committed offset)
     * @param follow    whether to go on reading after the end as it was at the start
     * @param group     whether the consumer has a group id: subscribe and commit instead of assign
     */
    public record Plan(String topic, Instant since, Start otherwise, boolean follow, boolean group) {
    }

    /** What a run read: alerts shown, and records skipped because their value could not be read. */
    public record Result(long shown, long unreadable) {
    }

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Deserializer<Alert> values;
    private final Duration timeout;
    private long shown;
    private volatile boolean stopping;

    /**
     * @param consumer configured with {@link #consumerConfig} (the caller closes it)
     * @param values   reads an alert from a record value
     * @param timeout  how long a metadata request may take
     */
    public AlertFollower(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                         final Deserializer<Alert> values, final Duration timeout) {
        this.consumer = consumer;
        this.values = values;
        this.timeout = timeout;
    }

    /**
     * The consumer settings a follower needs, over {@code base}: only alerts of committed transactions, nothing
     * committed automatically, and the group id given or none.
     *
     * @param group the consumer group, or null for none
     * @param start where a group without a committed offset starts
     */
    public static Map<String, Object> consumerConfig(final Map<String, Object> base, final String group,
                                                     final Start start) {
        final Map<String, Object> config = BoundedRead.readerConfig(base);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, start == Start.END ? "latest" : "earliest");
        }
        return config;
    }

    /**
     * Reads until the end as it was at the start (without {@code follow}) or until {@link #stop()}.
     *
     * @param selected receives each alert the selection shows, on the calling thread
     * @param live     called once, when the records on the topic at the start have been read
     * @param problems receives one line per record whose value cannot be read (it is skipped)
     * @throws KafkaException when the consumer fails (authorization, ...)
     */
    public Result run(final Plan plan, final AlertSelection selection, final Consumer<Alert> selected,
                      final Runnable live, final Consumer<String> problems) {
        final Map<TopicPartition, Long> backlogEnd = new HashMap<>();
        long unreadable = 0;
        boolean backlogRead = false;
        try {
            if (plan.group()) {
                consumer.subscribe(List.of(plan.topic()), new Seeker(plan, backlogEnd, selection));
            } else {
                final List<TopicPartition> partitions = BoundedRead.partitions(consumer, plan.topic(), timeout);
                consumer.assign(partitions);
                backlogEnd.putAll(consumer.endOffsets(partitions, timeout));
                seekToStart(partitions, plan, backlogEnd);
            }
            while (!stopping) {
                boolean read = false;
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    read = true;
                    if (record.value() == null) {
                        continue; // a tombstone: no alert
                    }
                    final Alert alert;
                    try {
                        alert = values.deserialize(record.topic(), record.value());
                    } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
                        unreadable++;
                        problems.accept("partition " + record.partition() + " offset " + record.offset()
                                + ": cannot read the alert, skipped: " + e.getMessage());
                        continue;
                    }
                    show(selection.accept(alert, !backlogRead), selected);
                }
                if (!backlogRead && reachedEnd(backlogEnd)) {
                    backlogRead = true;
                    show(selection.backlogRead(), selected);
                    live.run();
                    if (!plan.follow()) {
                        break;
                    }
                }
                if (plan.group() && read && !selection.holding()) {
                    consumer.commitSync(timeout);
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            if (plan.group() && !selection.holding()) {
                commitOnce();
            }
        }
        return new Result(shown, unreadable);
    }

    /** Ends {@link #run} from another thread (Ctrl-C): the run commits what it showed, with a group, and returns. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private void show(final List<Alert> alerts, final Consumer<Alert> selected) {
        for (final Alert alert : alerts) {
            selected.accept(alert);
            shown++;
        }
    }

    /** A stop may have left a wakeup pending: it interrupts the first commit, not the second. */
    private void commitOnce() {
        try {
            consumer.commitSync(timeout);
        } catch (WakeupException e) {
            consumer.commitSync(timeout);
        }
    }

    private void seekToStart(final Collection<TopicPartition> partitions, final Plan plan,
                             final Map<TopicPartition, Long> end) {
        if (plan.since() != null) {
            BoundedRead.seekToTime(consumer, partitions, plan.since(), end, timeout);
        } else if (plan.otherwise() == Start.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            partitions.forEach(p -> consumer.seek(p, end.get(p)));
        }
    }

    /** Whether every partition assigned is read up to its end as it was when it was assigned. */
    private boolean reachedEnd(final Map<TopicPartition, Long> backlogEnd) {
        final Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false; // a group not joined yet
        }
        for (final TopicPartition partition : assigned) {
            final Long end = backlogEnd.get(partition);
            if (end == null || consumer.position(partition, timeout) < end) {
                return false;
            }
        }
        return true;
    }

    /** With a group: notes each partition's end when it is first assigned, and applies {@code since} to it once. */
    private final class Seeker implements ConsumerRebalanceListener {

        private final Plan plan;
        private final Map<TopicPartition, Long> backlogEnd;
        private final AlertSelection selection;
        private final Set<TopicPartition> started = new HashSet<>();

        Seeker(final Plan plan, final Map<TopicPartition, Long> backlogEnd, final AlertSelection selection) {
            this.plan = plan;
            this.backlogEnd = backlogEnd;
            this.selection = selection;
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            final List<TopicPartition> fresh = partitions.stream().filter(started::add).toList();
            if (fresh.isEmpty()) {
                return;
            }
            final Map<TopicPartition, Long> end = consumer.endOffsets(fresh, timeout);
            fresh.forEach(p -> backlogEnd.put(p, end.get(p)));
            if (plan.since() != null) {
                seekToStart(fresh, plan, end); // --since wins over the group's committed offsets
            }
        }

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            if (!selection.holding() && !partitions.isEmpty()) {
                consumer.commitSync(timeout);
            }
        }
    }
}
