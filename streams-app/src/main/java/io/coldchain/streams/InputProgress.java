package io.coldchain.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Whether a task has read what its input partition held: the one thing a processor cannot see from the records
 * alone. A shipment whose readings stopped coming while its fixes go on is either a logger gone silent or a readings
 * partition read behind the others (a catch-up, where Kafka Streams reads a task's partitions by their head records'
 * timestamps, so one record far ahead holds a whole partition back; or a stream thread stalled in a commit). Only the
 * partition's backlog tells them apart: a silent logger's partition has been read to its end, a lagging one has not.
 *
 * <p>The application's operations side samples the broker about once a second ({@code InputProgressSampler}): each
 * watched partition's end offset ({@code read_committed}) and the application's committed offset. A processor asks
 * {@link #readPast} whether everything the partition held at some moment after a given wall-clock time has been read,
 * by its own position or by the application's commit (which also counts the records refused before the processor).
 *
 * <p>It reaches the processors as an application config object under {@link #CONFIG}, as {@link EndOfInput} does.
 * Without one ({@code TopologyTestDriver}, which hands every record over as it is piped) every partition counts as read
 * to its end ({@link #ALL_AT_ONCE}). With one, a partition without a recent sample (the sampler cannot reach the broker,
 * or is refused) counts as read too: the judgement is what it was without this signal, never held back for good.
 */
public final class InputProgress {

    /** The application config key under which the runtime passes its instance. */
    public static final String CONFIG = "coldchain.input.progress";
    /** A driver that hands every record to the processors as it is produced: nothing is ever waiting. */
    public static final InputProgress ALL_AT_ONCE = new InputProgress(false);
    /** Samples are kept this long: longer than any wall-clock wait that asks about them (the longest grace). */
    static final long KEEP_MILLIS = Duration.ofMinutes(15).toMillis();
    /** Without a sample this recent, the signal is missing and a partition counts as read. */
    static final long STALE_MILLIS = Duration.ofMinutes(1).toMillis();
    /**
     * Records the end offset may count that are never handed to a processor: a transaction's commit marker after the
     * last record of a transactional producer.
     */
    static final long MARKER_SLACK = 1;

    private final boolean sampled;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    private InputProgress(final boolean sampled) {
        this.sampled = sampled;
    }

    /** An instance the runtime keeps up to date through {@link #sampled}. */
    public static InputProgress create() {
        return new InputProgress(true);
    }

    /** The instance the application was configured with, or {@link #ALL_AT_ONCE}. */
    public static InputProgress of(final ProcessorContext<?, ?> context) {
        final Object configured = context.appConfigs().get(CONFIG);
        return configured instanceof InputProgress progress ? progress : ALL_AT_ONCE;
    }

    /** A processor reads this partition: the sampler samples it from now on. */
    public void watch(final TopicPartition partition) {
        if (sampled) {
            partitions.computeIfAbsent(partition, p -> new Partition());
        }
    }

    /** The partitions some processor asked about. */
    public Set<TopicPartition> watched() {
        return Set.copyOf(partitions.keySet());
    }

    /**
     * What the broker said of {@code partition}.
     *
     * @param at        wall-clock time taken before the request was sent: every record on the partition then is below
     *                  {@code end}
     * @param end       the partition's end offset for a {@code read_committed} consumer
     * @param committed the application's committed offset on it (the next to read), or a negative value when unknown
     */
    public void sampled(final TopicPartition partition, final long at, final long end, final long committed) {
        final Partition known = partitions.get(partition);
        if (known != null) {
            known.add(at, end, committed);
        }
    }

    /**
     * Whether everything {@code partition} held at the first sample taken at or after {@code since} has been read,
     * by {@code nextOffset} (the offset after the last record this processor was handed) or by the application's latest
     * commit. True when there is no such signal (no sampler, or no sample within {@link #STALE_MILLIS} of {@code now}).
     */
    public boolean readPast(final TopicPartition partition, final long since, final long nextOffset, final long now) {
        final Partition known = sampled && partition != null ? partitions.get(partition) : null;
        return known == null || known.readPast(since, nextOffset, now);
    }

    private static final class Partition {
        /** Samples oldest first: wall-clock time and end offset. */
        private final Deque<long[]> samples = new ArrayDeque<>();
        private long committed = -1;

        synchronized void add(final long at, final long end, final long committedOffset) {
            samples.addLast(new long[] {at, end});
            while (samples.size() > 1 && samples.peekFirst()[0] < at - KEEP_MILLIS) {
                samples.removeFirst();
            }
            committed = Math.max(committed, committedOffset);
        }

        synchronized boolean readPast(final long since, final long nextOffset, final long now) {
            final long[] newest = samples.peekLast();
            if (newest == null || newest[0] < now - STALE_MILLIS) {
                return true; // no signal: judged as without one
            }
            for (final long[] sample : samples) {
                if (sample[0] >= since) {
                    return Math.max(nextOffset, committed) + MARKER_SLACK >= sample[1];
                }
            }
            return false; // nothing sampled since: not known to be read
        }
    }
}
