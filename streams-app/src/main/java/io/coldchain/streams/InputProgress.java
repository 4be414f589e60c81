package io.coldchain.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
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
 * to its end ({@link #ALL_AT_ONCE}). With one, a partition without a sample in the last {@link #STALE_MILLIS} (the
 * sampler cannot reach the broker, or is refused) counts as read too: then the judgement is what it was without this
 * signal. While samples come, a partition the task has not read past is held back for as long as that lasts: a
 * backlog of hours is read for hours, and its shipments are judged once it has been.
 */
public final class InputProgress {

    /** The application config key under which the runtime passes its instance. */
    public static final String CONFIG = "coldchain.input.progress";
    /** A driver that hands every record to the processors as it is produced: nothing is ever waiting. */
    public static final InputProgress ALL_AT_ONCE = new InputProgress(false);
    /**
     * Samples are kept this long: longer than the wall-clock waits that ask about them (a detector's grace, 5 min by
     * default). An arrival older than the oldest sample is judged by the oldest, which is stricter, never looser.
     */
    static final long KEEP_MILLIS = Duration.ofHours(1).toMillis();
    /** Without a sample this recent, the signal is missing and a partition counts as read. */
    static final long STALE_MILLIS = Duration.ofMinutes(1).toMillis();
    private final boolean sampled;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Topics watched whole ({@link #watchTopic}): when each was asked for, and then how many partitions it has. */
    private final Map<String, WholeTopic> topics = new ConcurrentHashMap<>();

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

    /**
     * A processor takes input from every partition of this topic, whatever its task's partition (the serial checks,
     * fed through a repartition topic by the tasks of every partition): the sampler finds its partitions
     * ({@link #watchedTopics}, {@link #described}) and samples each.
     */
    public void watchTopic(final String topic, final long now) {
        if (sampled) {
            topics.computeIfAbsent(topic, t -> new WholeTopic(now));
        }
    }

    /** The topics some processor watches whole. */
    public Set<String> watchedTopics() {
        return Set.copyOf(topics.keySet());
    }

    /** The sampler found that {@code topic}, watched whole, has {@code count} partitions: each is watched from now on. */
    public void described(final String topic, final int count) {
        final WholeTopic whole = topics.get(topic);
        if (whole == null) {
            return;
        }
        for (int p = 0; p < count; p++) {
            watch(new TopicPartition(topic, p));
        }
        whole.partitions = Math.max(whole.partitions, count);
    }

    /**
     * The latest wall-clock time {@code t} such that everything every partition of {@code topic} (watched whole) held
     * at {@code t} has been read by the application's committed offsets: the commit that carried it also carried what
     * the tasks wrote for it. {@link Long#MAX_VALUE} without a signal (no sampler; or, a minute after it was first
     * watched, a partition without a recent sample). Until the first samples of every partition, but no longer than
     * {@link #STALE_MILLIS} after the topic was watched, {@link Long#MIN_VALUE}: after a start, what is on its way is
     * not known yet.
     */
    public long committedUpTo(final String topic, final long now) {
        final WholeTopic whole = sampled ? topics.get(topic) : null;
        if (whole == null) {
            return Long.MAX_VALUE;
        }
        final boolean starting = now - whole.since < STALE_MILLIS;
        final int count = whole.partitions;
        if (count == 0) {
            return starting ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        long upTo = Long.MAX_VALUE;
        for (int p = 0; p < count; p++) {
            final Partition known = partitions.get(new TopicPartition(topic, p)); // watched when described
            upTo = Math.min(upTo, starting && !known.sampledOnce() ? Long.MIN_VALUE : known.readUpTo(0, now));
        }
        return upTo;
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
     * commit (which is past the records refused before the processor, and past a transaction's commit marker). True when
     * there is no such signal (no sampler, or no sample within {@link #STALE_MILLIS} of {@code now}).
     */
    public boolean readPast(final TopicPartition partition, final long since, final long nextOffset, final long now) {
        return since <= readUpTo(partition, nextOffset, now);
    }

    /**
     * The latest wall-clock time {@code t} such that everything {@code partition} held at {@code t} has been read (as
     * {@link #readPast}): {@code readPast(since)} for every {@code since} at or before it, so a processor asks once for
     * all its shipments. {@link Long#MAX_VALUE} without a signal; {@link Long#MIN_VALUE} when nothing sampled is read.
     */
    public long readUpTo(final TopicPartition partition, final long nextOffset, final long now) {
        final Partition known = sampled && partition != null ? partitions.get(partition) : null;
        return known == null ? Long.MAX_VALUE : known.readUpTo(nextOffset, now);
    }

    private static final class WholeTopic {
        /** When a processor first asked for it (wall clock). */
        private final long since;
        /** Its partitions, once the sampler has described it; 0 before. */
        private volatile int partitions;

        WholeTopic(final long since) {
            this.since = since;
        }
    }

    private static final class Partition {
        /** Samples oldest first: wall-clock time and end offset (which does not go down). */
        private final Deque<long[]> samples = new ArrayDeque<>();
        private long committed = -1;

        synchronized void add(final long at, final long end, final long committedOffset) {
            samples.addLast(new long[] {at, end});
            while (samples.size() > 1 && samples.peekFirst()[0] < at - KEEP_MILLIS) {
                samples.removeFirst();
            }
            committed = Math.max(committed, committedOffset);
        }

        synchronized boolean sampledOnce() {
            return !samples.isEmpty();
        }

        synchronized long readUpTo(final long nextOffset, final long now) {
            final long[] newest = samples.peekLast();
            if (newest == null || newest[0] < now - STALE_MILLIS) {
                return Long.MAX_VALUE; // no signal: judged as without one
            }
            final long read = Math.max(nextOffset, committed);
            final Iterator<long[]> newestFirst = samples.descendingIterator();
            while (newestFirst.hasNext()) {
                final long[] sample = newestFirst.next();
                if (sample[1] <= read) {
                    return sample[0]; // read past this sample's end, so past every earlier one's
                }
            }
            return Long.MIN_VALUE;
        }
    }
}
