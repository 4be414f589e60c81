package io.coldchain.cli.replay;

import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.streams.EndOfInput;
import io.coldchain.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the streams application over a case's input until the input is exhausted, then flushes what waits for
 * wall-clock quiet ({@link EndOfInput}) and stops once the flush's output is committed.
 *
 * <p><b>Exhausted</b>: the application's consumer group has committed, on every partition of the case's input topics,
 * the end offset (committed records only) and, on its internal repartition topics, the end offset (less one: the
 * marker of the transaction that wrote the last record may be left uncommitted), and that has not changed for
 * {@link #STILL_CHECKS} checks in a row. <b>Done</b>: every processor has flushed after the signal, and the group has
 * consumed everything it reads (the audit reads the case's alerts) with the output topics' ends unchanged for as many
 * checks.
 */
final class ReplayRun {

    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    static final int STILL_CHECKS = 4;
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** How the run went. */
    record Outcome(Duration untilExhausted, Duration flush, long inputRecords) {
    }

    private final Admin admin;
    private final StreamsSettings settings;
    private final TopicCatalogue topics;
    private final PrintWriter progress;
    private final String label;

    ReplayRun(final Admin admin, final StreamsSettings settings, final TopicCatalogue topics, final PrintWriter progress,
              final String label) {
        this.admin = admin;
        this.settings = settings;
        this.topics = topics;
        this.progress = progress;
        this.label = label;
    }

    /**
     * @param inputRecords how many records were copied into the case's input (for the progress lines)
     * @param timeout      a bound against a run that hangs, not an estimate
     */
    Outcome run(final long inputRecords, final Duration timeout) throws Exception {
        final EndOfInput endOfInput = EndOfInput.create();
        final long began = System.nanoTime();
        final long deadline = began + timeout.toNanos();
        final Set<String> inputs = Set.of(topics.shipmentPlans().name(), topics.temperatureReadings().name(),
                topics.locationFixes().name(), topics.custodyEvents().name(), topics.acknowledgements().name());
        try (StreamsRuntime runtime = new StreamsRuntime(settings, CLOSE_TIMEOUT, endOfInput)) {
            runtime.start();
            long lastProgress = began;
            long lastProcessed = -1;
            Look previous = null;
            int still = 0;
            while (still < STILL_CHECKS) {
                Thread.sleep(CHECK_INTERVAL.toMillis());
                ensureAlive(runtime, deadline, timeout, "reading the case's input");
                final Look look = look(inputs, repartitionTopics(), Set.of());
                still = look.consumed() && look.equals(previous) ? still + 1 : 0;
                previous = look;
                final long now = System.nanoTime();
                if (look.processed() != lastProcessed && now - lastProgress >= PROGRESS_INTERVAL.toNanos()) {
                    say(String.format("processed %,d of %,d input records (%d%%)", look.processed(), inputRecords,
                            inputRecords == 0 ? 100 : look.processed() * 100 / inputRecords));
                    lastProgress = now;
                    lastProcessed = look.processed();
                }
            }
            final long exhausted = System.nanoTime();
            say(String.format("input exhausted (%,d records) after %s; handing over what waits for wall-clock quiet",
                    inputRecords, seconds(exhausted - began)));
            endOfInput.signal();
            final Set<String> outputs = Set.of(topics.alerts().name(), topics.audit().name(), topics.lateData().name(),
                    topics.deadLetters().name());
            previous = null;
            still = 0;
            while (still < STILL_CHECKS) {
                Thread.sleep(CHECK_INTERVAL.toMillis());
                ensureAlive(runtime, deadline, timeout, "flushing");
                if (endOfInput.allFlushed()) {
                    // The audit reads the case's alerts back: consumed, they are committed.
                    final Look look = look(inputs, union(repartitionTopics(), Set.of(topics.alerts().name())), outputs);
                    still = look.consumed() && look.equals(previous) ? still + 1 : 0;
                    previous = look;
                }
            }
            final long flushed = System.nanoTime();
            say("flushed after " + seconds(flushed - exhausted) + "; stopping");
            return new Outcome(Duration.ofNanos(exhausted - began), Duration.ofNanos(flushed - exhausted), inputRecords);
        }
    }

    /**
     * One look at the group and the topics.
     *
     * @param processed input records committed by the group
     * @param consumed  whether the group has committed the end of everything it reads
     * @param offsets   every end and committed offset looked at: equal looks mean nothing moved
     */
    private record Look(long processed, boolean consumed, Map<String, Long> offsets) {
    }

    /**
     * @param exact         topics written without transactions (the copied input): consumed at their end offset
     * @param transactional topics the application writes and reads itself: consumed at most one offset (the marker of
     *                      the transaction that wrote the last record) before their end
     * @param watched       further topics whose ends must stand still
     */
    private Look look(final Set<String> exact, final Set<String> transactional, final Set<String> watched)
            throws Exception {
        final Map<TopicPartition, Long> committed = committed();
        final Map<TopicPartition, Long> ends = ends(union(union(exact, transactional), watched));
        long processed = 0;
        boolean consumed = true;
        final Map<String, Long> offsets = new TreeMap<>();
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            final TopicPartition partition = end.getKey();
            final long at = committed.getOrDefault(partition, 0L);
            offsets.put("end " + partition, end.getValue());
            offsets.put("committed " + partition, at);
            if (exact.contains(partition.topic())) {
                processed += Math.min(at, end.getValue());
                consumed &= at >= end.getValue();
            } else if (transactional.contains(partition.topic())) {
                consumed &= at >= end.getValue() - 1;
            }
        }
        return new Look(processed, consumed, offsets);
    }

    private void ensureAlive(final StreamsRuntime runtime, final long deadline, final Duration timeout,
                             final String doing) {
        final KafkaStreams.State state = runtime.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR) {
            throw new ReplayFailedException("the streams application stopped (" + state + ") while " + doing
                    + "; see the log above");
        }
        if (System.nanoTime() > deadline) {
            throw new ReplayFailedException("the replay did not finish within --timeout " + timeout.toMinutes()
                    + " min while " + doing);
        }
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        final Map<TopicPartition, OffsetAndMetadata> found = admin.listConsumerGroupOffsets(settings.applicationId())
                .partitionsToOffsetAndMetadata().get();
        found.forEach((p, o) -> {
            if (o != null) {
                offsets.put(p, o.offset());
            }
        });
        return offsets;
    }

    /** The application's repartition topics (they exist once it has started). */
    private Set<String> repartitionTopics() throws Exception {
        final Set<String> found = new TreeSet<>();
        for (final String name : admin.listTopics().names().get()) {
            if (name.startsWith(settings.applicationId() + "-") && name.endsWith("-repartition")) {
                found.add(name);
            }
        }
        return found;
    }

    /** End offsets of every partition of {@code names}, committed records only (the last stable offset). */
    private Map<TopicPartition, Long> ends(final Set<String> names) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest())));
        final Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    private static Set<String> union(final Set<String> a, final Set<String> b) {
        final Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private void say(final String line) {
        progress.println(label + line);
        progress.flush();
    }

    static String seconds(final long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    /** The replay could not finish: the application stopped, or the run took longer than allowed. */
    static final class ReplayFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplayFailedException(final String message) {
            super(message);
        }
    }
}
