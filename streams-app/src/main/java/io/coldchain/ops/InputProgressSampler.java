package io.coldchain.ops;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import io.coldchain.streams.InputProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link InputProgress} up to date: about once a second, the end offset ({@code read_committed}) of every
 * input partition a processor watches (each partition of a topic watched whole, found by describing it), and the
 * application's committed offset on it, from the broker through an admin client. Needs what the application's own
 * consumer has (DESCRIBE on its input and internal topics and its group, which READ implies). A failed sample is logged
 * (at most once every five minutes) and tried again at the next tick; a partition whose end could not be read is left
 * out of that sample, and a sample without the group's commit is not recorded (the commit is what counts the records no
 * processor is handed). A partition without a sample for a minute is judged as without the signal
 * ({@link InputProgress#readPast}).
 */
final class InputProgressSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputProgressSampler.class);
    private static final RateLimitedLog FAILURES = RateLimitedLog.of(LOG, 1, Duration.ofMinutes(5));
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A topic watched whole is described again this often, for partitions added to it. */
    private static final Duration DESCRIBE_AGAIN = Duration.ofMinutes(5);
    /** A commit standing still below a partition's end this long: the partition is read from there once. */
    static final Duration PROBE_AFTER = Duration.ofSeconds(5);
    /** How long a read from a commit may take before it counts as finding nothing out. */
    private static final Duration PROBE_TIME = Duration.ofSeconds(2);
    private static final long RECORD_FOUND = -2;
    private static final long UNKNOWN = -3;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Map<String, Object> config;
    private Admin admin;
    private volatile boolean closed;
    private final String groupId;
    private final InputProgress progress;
    /**
     * Per partition whose commit is below its end: that commit, since when it has stood still (wall clock), and how far
     * a read from it found nothing (-1 before one; {@link #RECORD_FOUND} when it found a record); only the sampler's
     * thread touches it.
     */
    private final Map<TopicPartition, long[]> stillSince = new HashMap<>();
    /** How long a commit stands still below the end before the partition is read from it ({@link #nothingToReadBefore}). */
    private final Duration probeAfter;
    /** A {@code read_committed} consumer without a group, for {@link #readCommittedEmptyTo}; created when first needed. */
    private Consumer<byte[], byte[]> probe;
    /** When each topic watched whole was last described (wall clock); only the sampler's thread touches it. */
    private final Map<String, Long> described = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        final Thread thread = new Thread(task, "coldchain-input-progress");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param clientConfig bootstrap servers and security settings
     * @param groupId      the application id: the group whose committed offsets count as read
     */
    InputProgressSampler(final Map<String, Object> clientConfig, final String groupId, final InputProgress progress) {
        this(clientConfig, groupId, progress, PROBE_AFTER);
    }

    /** @param probeAfter how long a commit stands still below a partition's end before it is read from there */
    InputProgressSampler(final Map<String, Object> clientConfig, final String groupId, final InputProgress progress,
                         final Duration probeAfter) {
        this.probeAfter = probeAfter;
        this.config = new HashMap<>(clientConfig);
        // Unique in the JVM: several runtimes of one application (tests, benchmarks) each have a sampler.
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-input-progress-" + INSTANCES.incrementAndGet());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        this.groupId = groupId;
        this.progress = progress;
    }

    /** Starts sampling; the admin client is created at the first sample (a runtime that fails to build opens none). */
    void start() {
        scheduler.scheduleWithFixedDelay(this::sampleQuietly, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (closed) {
                return; // a sample the shutdown cut short: nothing wrong
            }
            FAILURES.warn("input-progress", () -> "Could not read the input partitions' end offsets ("
                    + Secrets.mask(String.valueOf(e.getCause() != null ? e.getCause() : e)) + "); until it can, a "
                    + "partition read behind the others in a catch-up may make a logger look silent", null);
        }
    }

    /**
     * One sample of every watched partition whose end the broker gave; returns how many were sampled.
     *
     * @throws ExecutionException when the group's committed offsets could not be read: nothing is recorded
     */
    int sample() throws InterruptedException, ExecutionException, TimeoutException {
        try {
            describeWholeTopics();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The partitions known already are sampled all the same; the topics are described again at the next tick.
            FAILURES.warn("input-progress-describe", () -> "Could not describe the topics the serial checks wait for ("
                    + Secrets.mask(String.valueOf(e.getCause() != null ? e.getCause() : e)) + "); trying again", null);
        }
        final Set<TopicPartition> watched = progress.watched();
        if (watched.isEmpty()) {
            return 0;
        }
        final long at = System.currentTimeMillis(); // before the request: every record on the partitions now is below its end
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        watched.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        final Admin admin = admin();
        final ListOffsetsResult ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        // The watched partitions' commits only, not every partition of the group (its repartition topics included).
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Map.of(groupId,
                        new ListConsumerGroupOffsetsSpec().topicPartitions(watched)))
                .partitionsToOffsetAndMetadata(groupId).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> endOffsets = new HashMap<>();
        ExecutionException failed = null;
        for (final TopicPartition partition : watched) {
            try {
                // One partition's failure (its leader moving) leaves the others' answers good.
                endOffsets.put(partition, ends.partitionResult(partition).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .offset());
            } catch (ExecutionException e) {
                failed = e;
            } catch (TimeoutException e) {
                failed = new ExecutionException(e);
            }
        }
        // A log start matters only where the commit is below the end: asked for those partitions alone.
        final Map<TopicPartition, Long> starts = starts(admin, endOffsets.keySet().stream()
                .filter(partition -> committedOffset(committed, partition) < endOffsets.get(partition)).toList());
        endOffsets.forEach((partition, end) -> {
            // What lies below the log's start (deleted by retention) counts as read: there is nothing left there to
            // read, and Kafka Streams commits a partition only once it has processed a record of it.
            final long read = Math.max(committedOffset(committed, partition), starts.getOrDefault(partition, -1L));
            progress.sampled(partition, at, end, nothingToReadBefore(partition, read, end) ? end : read);
        });
        final int sampled = endOffsets.size();
        if (failed != null) {
            throw failed; // logged; the partitions that answered were recorded
        }
        return sampled;
    }

    private static long committedOffset(final Map<TopicPartition, OffsetAndMetadata> committed,
                                        final TopicPartition partition) {
        final OffsetAndMetadata commit = committed.get(partition);
        return commit == null ? -1L : commit.offset();
    }

    /** The log start offsets of {@code partitions} (one request, none for none); one whose start could not be read is left out. */
    private static Map<TopicPartition, Long> starts(final Admin admin, final List<TopicPartition> partitions)
            throws InterruptedException {
        final Map<TopicPartition, Long> starts = new HashMap<>();
        if (partitions.isEmpty()) {
            return starts;
        }
        final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
        final ListOffsetsResult result = admin.listOffsets(earliest);
        for (final TopicPartition partition : partitions) {
            try {
                starts.put(partition, result.partitionResult(partition).get(REQUEST_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException | TimeoutException e) {
                // left out: judged by the commit alone
            }
        }
        return starts;
    }

    /**
     * Whether the partition holds nothing a {@code read_committed} reader gets between the application's commit
     * {@code read} and its end {@code end}: only an aborted transaction's records, or transaction markers, which Kafka
     * Streams reads past without a record to process and so without a commit (a quiet partition stays committed below
     * its end until its next record, and the serial checks wait for every partition of their upstream topics). Asked
     * of the broker by reading from {@code read} only once the commit has stood still below the end for
     * {@link #probeAfter} (a partition being read moves its commit), and once per commit and end.
     */
    private boolean nothingToReadBefore(final TopicPartition partition, final long read, final long end) {
        if (read >= end) {
            stillSince.remove(partition);
            return false;
        }
        final long now = System.currentTimeMillis();
        final long[] still = stillSince.get(partition);
        if (still == null || still[0] != read) {
            stillSince.put(partition, new long[] {read, now, -1});
            return false;
        }
        if (still[2] >= end) {
            return true; // read before, from this commit, to at least this end: nothing there
        }
        if (still[2] == RECORD_FOUND || now - still[1] < probeAfter.toMillis()) {
            return false; // a record to process is there: the commit moves once it is processed
        }
        final long emptyTo = readCommittedEmptyTo(partition, read, end);
        if (emptyTo != UNKNOWN) {
            still[2] = emptyTo;
        }
        return emptyTo >= end;
    }

    /**
     * Reads {@code partition} from {@code from} as a {@code read_committed} consumer: {@code end} when it gets there
     * without a record, {@link #RECORD_FOUND} when a record comes first, {@link #UNKNOWN} when neither happens in
     * {@link #PROBE_TIME} or the read fails.
     */
    private long readCommittedEmptyTo(final TopicPartition partition, final long from, final long end) {
        try {
            final Consumer<byte[], byte[]> reader = probe();
            reader.assign(List.of(partition));
            reader.seek(partition, from);
            final long deadline = System.nanoTime() + PROBE_TIME.toNanos();
            while (System.nanoTime() < deadline) {
                if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
                    return RECORD_FOUND;
                }
                final long position = reader.position(partition, Duration.ofSeconds(1));
                if (position >= end) {
                    return end;
                }
            }
            return UNKNOWN;
        } catch (RuntimeException e) {
            FAILURES.warn("input-progress-probe", () -> "Could not read " + partition + " from its committed offset ("
                    + Secrets.mask(String.valueOf(e)) + "); trying again", null);
            return UNKNOWN;
        }
    }

    private synchronized Consumer<byte[], byte[]> probe() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (probe == null) {
            final Map<String, Object> consumerConfig = new HashMap<>(config);
            consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, config.get(AdminClientConfig.CLIENT_ID_CONFIG) + "-probe");
            consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            // One record answers the question: no need to fetch a megabyte of them.
            consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
            consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024);
            probe = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return probe;
    }

    /**
     * Finds the partitions of the topics watched whole that have not been described yet, and again every
     * {@link #DESCRIBE_AGAIN} (partitions added to a topic): one request for all of them.
     */
    private void describeWholeTopics() throws InterruptedException, ExecutionException, TimeoutException {
        final Set<String> topics = progress.watchedTopics();
        final long now = System.currentTimeMillis();
        final Set<String> due = new HashSet<>();
        for (final String topic : topics) {
            final Long last = described.get(topic);
            if (last == null || now - last >= DESCRIBE_AGAIN.toMillis()) {
                due.add(topic);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        final Map<String, TopicDescription> descriptions = admin().describeTopics(due).allTopicNames()
                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        descriptions.forEach((topic, description) -> {
            progress.described(topic, description.partitions().size());
            described.put(topic, now);
        });
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        closed = true;
        scheduler.shutdownNow();
        if (probe != null) {
            probe.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
