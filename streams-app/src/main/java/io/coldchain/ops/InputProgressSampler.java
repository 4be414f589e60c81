package io.coldchain.ops;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import io.coldchain.streams.InputProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link InputProgress} up to date: about once a second, the end offset ({@code read_committed}) of every
 * input partition a processor watches, and the application's committed offset on it, from the broker through an admin
 * client. Needs what the application's own consumer has (DESCRIBE on its input topics and its group, which READ
 * implies). A failed sample is logged (at most once every five minutes) and tried again at the next tick; meanwhile
 * the processors judge as they would without the signal ({@link InputProgress#readPast}).
 */
final class InputProgressSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputProgressSampler.class);
    private static final RateLimitedLog FAILURES = RateLimitedLog.of(LOG, 1, Duration.ofMinutes(5));
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String groupId;
    private final InputProgress progress;
    private final LongSupplier wallClock;
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
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-input-progress");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.groupId = groupId;
        this.progress = progress;
        this.wallClock = System::currentTimeMillis;
    }

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
            FAILURES.warn("input-progress", () -> "Could not read the input partitions' end offsets ("
                    + Secrets.mask(String.valueOf(e.getCause() != null ? e.getCause() : e)) + "); until it can, a "
                    + "partition read behind the others in a catch-up may make a logger look silent", null);
        }
    }

    /** One sample of every watched partition; returns how many were sampled. */
    int sample() throws InterruptedException, ExecutionException, TimeoutException {
        final Set<TopicPartition> watched = progress.watched();
        if (watched.isEmpty()) {
            return 0;
        }
        final long at = wallClock.getAsLong(); // before the request: every record on the partitions now is below its end
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        watched.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            committed = Map.of(); // the ends alone still tell: the processors count what they were handed
        }
        int sampled = 0;
        for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            final OffsetAndMetadata commit = committed.get(end.getKey());
            progress.sampled(end.getKey(), at, end.getValue().offset(), commit == null ? -1 : commit.offset());
            sampled++;
        }
        return sampled;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
