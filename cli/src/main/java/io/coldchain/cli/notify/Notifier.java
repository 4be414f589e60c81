package io.coldchain.cli.notify;

import io.coldchain.cli.alerts.AlertFollower;
import io.coldchain.cli.alerts.AlertSelection;
import io.coldchain.schemas.Alert;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka seam of {@code notify}: reads the alerts topic as a consumer group ({@code read_committed}, no
 * auto-commit), hands each alert the {@link AlertSelection} lets through to the {@link WebhookDelivery}, and
 * commits a partition's offset only past records that were delivered (or not selected, or unreadable and
 * reported), in order, so a restart with the same group resumes at the first alert not yet delivered:
 * at-least-once.
 *
 * <p>While a delivery waits to be retried the partitions are paused and the consumer keeps polling, so a receiver
 * down for hours does not get this member thrown out of its group ({@code max.poll.interval.ms}). When partitions
 * are taken away by a rebalance, what was delivered on them is committed and the rest of the batch is left to
 * their new owner; records read but not handled are sought back to, so nothing is skipped.
 *
 * <p>The first time a group is assigned a partition (no committed offset), the start given by
 * {@code auto.offset.reset} is committed at once, so a run stopped before delivering anything does not move the
 * group's start to a later end of the topic.
 */
public final class Notifier {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WAIT_POLL = Duration.ofSeconds(1);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(5);

    /**
     * What a run did.
     *
     * @param delivered alerts the receiver took (2xx)
     * @param retried   requests sent again after a failed one
     * @param skipped   records the filter left out (committed, not sent)
     * @param refused   alerts the receiver refused and that were skipped ({@code --on-refusal skip})
     * @param unreadable records whose value could not be read (reported, committed)
     * @param refusal   the refusal that stopped the run ({@code --on-refusal stop}), if one did
     */
    public record Result(long delivered, long retried, long skipped, long refused, long unreadable,
                         Optional<String> refusal) {
    }

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Deserializer<Alert> values;
    private final AlertSelection selection;
    private final WebhookDelivery delivery;
    private final boolean skipRefused;
    private final Duration timeout;
    private final Duration reportEvery;
    private final Clock clock;
    private final Consumer<String> log;

    /** Offsets to commit: past what was handled, per partition still ours. */
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    private volatile boolean stopping;
    /** Partitions were revoked or lost since the batch in hand was polled: leave the rest of it. */
    private boolean rebalanced;
    private boolean waiting;
    private long delivered;
    private long retried;
    private long skipped;
    private long refused;
    private long unreadable;

    /**
     * @param consumer    configured by {@link #consumerConfig} (the caller closes it)
     * @param skipRefused whether a refused alert is reported and skipped; else the run stops before it
     * @param timeout     how long a commit or a metadata request may take
     * @param reportEvery how often to log the counts so far
     */
    public Notifier(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                    final Deserializer<Alert> values, final AlertSelection selection, final WebhookDelivery delivery,
                    final boolean skipRefused, final Duration timeout, final Duration reportEvery, final Clock clock,
                    final Consumer<String> log) {
        this.consumer = consumer;
        this.values = values;
        this.selection = selection;
        this.delivery = delivery;
        this.skipRefused = skipRefused;
        this.timeout = timeout;
        this.reportEvery = reportEvery;
        this.clock = clock;
        this.log = log;
    }

    /**
     * The consumer settings, over {@code base}: those of {@link AlertFollower#consumerConfig} (read_committed, no
     * auto-commit) with the group, and small batches (each record may take a while to deliver).
     */
    public static Map<String, Object> consumerConfig(final Map<String, Object> base, final String group,
                                                     final boolean fromBeginning) {
        final Map<String, Object> config = AlertFollower.consumerConfig(base, group,
                fromBeginning ? AlertFollower.Start.BEGINNING : AlertFollower.Start.END);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return config;
    }

    /** Runs until {@link #stop()}, or until a refusal when refused alerts are not skipped. */
    public Result run(final String topic) throws InterruptedException {
        Optional<String> refusal = Optional.empty();
        long nextReport = clock.millis() + reportEvery.toMillis();
        long nextCommit = clock.millis() + COMMIT_EVERY.toMillis();
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (!stopping && refusal.isEmpty()) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                rebalanced = false;
                batch:
                for (final TopicPartition partition : records.partitions()) {
                    for (final ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                        if (stopping || rebalanced) {
                            seekBack(records, partition, record.offset());
                            break batch;
                        }
                        final Optional<Step> step = handle(record);
                        if (step.isEmpty()) {
                            seekBack(records, partition, record.offset());
                            break batch;
                        }
                        if (step.get().refusal().isPresent()) {
                            refusal = step.get().refusal();
                            break batch;
                        }
                        if (!rebalanced || consumer.assignment().contains(partition)) {
                            handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        }
                        if (clock.millis() >= nextCommit) {
                            commit();
                            nextCommit = clock.millis() + COMMIT_EVERY.toMillis();
                        }
                    }
                }
                commit();
                if (clock.millis() >= nextReport) {
                    log.accept(counts() + " so far");
                    nextReport = clock.millis() + reportEvery.toMillis();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            commitOnce();
        }
        return new Result(delivered, retried, skipped, refused, unreadable, refusal);
    }

    /** Ends {@link #run} from another thread (Ctrl-C): a delivery under way ends, what was delivered is committed. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** "12 delivered (3 retries), 28 skipped by the filter", and refused or unreadable ones if any. */
    public String counts() {
        return delivered + " delivered (" + retried + " retr" + (retried == 1 ? "y" : "ies") + "), " + skipped
                + " skipped by the filter" + (refused > 0 ? ", " + refused + " refused and skipped" : "")
                + (unreadable > 0 ? ", " + unreadable + " unreadable" : "");
    }

    /** What became of one record: handled (it may be committed past), or a refusal that stops the run. */
    private record Step(Optional<String> refusal) {
    }

    /** Empty when the delivery was abandoned (stopping, or the partition was taken away). */
    private Optional<Step> handle(final ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        if (record.value() == null) {
            return Optional.of(new Step(Optional.empty())); // a tombstone: no alert
        }
        final Alert alert;
        try {
            alert = values.deserialize(record.topic(), record.value());
        } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
            unreadable++;
            log.accept("partition " + record.partition() + " offset " + record.offset()
                    + ": cannot read the alert, not delivered: " + e.getMessage());
            return Optional.of(new Step(Optional.empty()));
        }
        if (selection.accept(alert, false).isEmpty()) {
            skipped++;
            return Optional.of(new Step(Optional.empty()));
        }
        final WebhookDelivery.Outcome outcome = delivery.deliver(alert, this::await);
        retried += outcome.attempts() - 1;
        switch (outcome.result()) {
            case DELIVERED:
                delivered++;
                return Optional.of(new Step(Optional.empty()));
            case REFUSED:
                final String line = "the receiver refused " + IdempotencyKey.of(alert) + " (partition "
                        + record.partition() + " offset " + record.offset() + "): " + outcome.detail();
                if (skipRefused) {
                    refused++;
                    log.accept(line + "; skipped (--on-refusal skip), not retried");
                    return Optional.of(new Step(Optional.empty()));
                }
                return Optional.of(new Step(Optional.of(line)));
            default:
                return Optional.empty();
        }
    }

    /** Waits between attempts with the partitions paused, polling to stay in the group; false when cut short. */
    private boolean await(final Duration wait) {
        final long until = clock.millis() + wait.toMillis();
        waiting = true;
        consumer.pause(consumer.assignment());
        try {
            while (!stopping && !rebalanced) {
                final long left = until - clock.millis();
                if (left <= 0) {
                    return true;
                }
                final ConsumerRecords<byte[], byte[]> unexpected =
                        consumer.poll(Duration.ofMillis(Math.min(left, WAIT_POLL.toMillis())));
                for (final TopicPartition partition : unexpected.partitions()) {
                    consumer.seek(partition, unexpected.records(partition).get(0).offset());
                }
                commit();
            }
            return false;
        } catch (WakeupException e) {
            if (stopping) {
                return false;
            }
            throw e;
        } finally {
            waiting = false;
            if (!stopping) {
                consumer.resume(consumer.assignment());
            }
        }
    }

    /** A batch left before {@code offset} on {@code partition} (and the partitions after it): read them again. */
    private void seekBack(final ConsumerRecords<byte[], byte[]> records, final TopicPartition from,
                          final long offset) {
        boolean after = false;
        for (final TopicPartition partition : records.partitions()) {
            final boolean assigned = consumer.assignment().contains(partition);
            if (partition.equals(from)) {
                after = true;
                if (assigned) {
                    consumer.seek(partition, offset);
                }
            } else if (after && assigned) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private void commit() {
        if (!handled.isEmpty()) {
            consumer.commitSync(Map.copyOf(handled), timeout);
            handled.clear();
        }
    }

    /** A stop may have left a wakeup pending: it interrupts the first commit, not the second. */
    private void commitOnce() {
        try {
            commit();
        } catch (WakeupException e) {
            commit();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            rebalanced = true;
            final Map<TopicPartition, OffsetAndMetadata> theirs = new HashMap<>();
            partitions.forEach(p -> {
                final OffsetAndMetadata offset = handled.remove(p);
                if (offset != null) {
                    theirs.put(p, offset);
                }
            });
            if (!theirs.isEmpty()) {
                consumer.commitSync(theirs, timeout);
            }
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            rebalanced = true;
            partitions.forEach(handled::remove);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    consumer.committed(new HashSet<>(partitions), timeout);
            final Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (final TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    start.put(partition, new OffsetAndMetadata(consumer.position(partition, timeout)));
                }
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start, timeout);
            }
            if (waiting) {
                consumer.pause(partitions);
            }
        }
    }
}
