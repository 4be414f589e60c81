package io.coldchain.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One log line on what the pipeline set aside since the last look, and why, from its running counters: records
 * set aside on the late-data topic (too late, no plan, or a detector failed on them) by processor node, and records
 * dead-lettered. Holds no
 * Kafka types: {@link SetAsideReporter} reads the metrics into {@link Counter}s.
 *
 * <p>Counters are per task and restart from zero when a task is re-created, or vanish when it moves to another
 * instance, so the change is taken counter by counter: a counter below its last value counts from zero, a new
 * one counts in full, a vanished one is forgotten. Not thread-safe: one caller.
 */
final class SetAsideSummary {

    /** Why a record was set aside. */
    enum Reason { LATE, NO_PLAN, DETECTOR_ERROR, DEAD_LETTER }

    /**
     * One running total.
     *
     * @param reason   why its records were set aside
     * @param node     the processor node that set them aside; null for dead letters (counted per task)
     * @param instance what else tells the counter apart (thread and task)
     */
    record Counter(Reason reason, String node, String instance) {
    }

    /** What the records of a processor node are: "temperature reading", "temperature readings". */
    record Noun(String one, String many) {
        String of(final long n) {
            return n == 1 ? one : many;
        }
    }

    private final Map<String, Noun> recordsByNode;
    private final String exportFlags;
    private final String interval;
    private Map<Counter, Long> previous = Map.of();

    /**
     * @param recordsByNode what the records of a processor node are; they are listed in the order of these
     *                      nouns, then other nodes' "records at" the node, by name
     * @param exportFlags   flags the suggested export needs besides the topic, e.g. {@code " --topic-prefix acme."}
     * @param interval      the time between two looks, for the line
     */
    SetAsideSummary(final Map<String, Noun> recordsByNode, final String exportFlags, final Duration interval) {
        this.recordsByNode = Map.copyOf(recordsByNode);
        this.exportFlags = exportFlags;
        this.interval = interval.equals(Duration.ofMinutes(1)) ? "minute"
                : interval.toMinutes() > 0 && interval.toSecondsPart() == 0 ? interval.toMinutes() + " minutes"
                : interval.toSeconds() + " s";
    }

    /**
     * Takes the counters' current totals; returns the line on what changed since the last call, if anything did.
     * E.g. "set aside in the last minute: 12 late temperature readings, 3 location fixes without a plan;
     * dead-lettered: 1 (see ./coldchain export --topic late-data|dead-letter)".
     */
    Optional<String> next(final Map<Counter, Long> totals) {
        final Map<Counter, Long> last = previous;
        previous = Map.copyOf(totals);
        final Map<String, Long> late = new HashMap<>();
        final Map<String, Long> noPlan = new HashMap<>();
        final Map<String, Long> failed = new HashMap<>();
        long deadLettered = 0;
        for (final Map.Entry<Counter, Long> entry : totals.entrySet()) {
            final long before = last.getOrDefault(entry.getKey(), 0L);
            final long now = entry.getValue();
            final long change = now >= before ? now - before : now;
            if (change == 0) {
                continue;
            }
            switch (entry.getKey().reason()) {
                case LATE -> late.merge(entry.getKey().node(), change, Long::sum);
                case NO_PLAN -> noPlan.merge(entry.getKey().node(), change, Long::sum);
                case DETECTOR_ERROR -> failed.merge(entry.getKey().node(), change, Long::sum);
                case DEAD_LETTER -> deadLettered += change;
                default -> throw new IllegalStateException("unknown reason " + entry.getKey().reason());
            }
        }
        if (late.isEmpty() && noPlan.isEmpty() && failed.isEmpty() && deadLettered == 0) {
            return Optional.empty();
        }
        final List<String> parts = new ArrayList<>();
        for (final String node : nodes(late, noPlan, failed)) {
            if (late.containsKey(node)) {
                parts.add(late.get(node) + " late " + records(node, late.get(node)));
            }
            if (noPlan.containsKey(node)) {
                parts.add(noPlan.get(node) + " " + records(node, noPlan.get(node)) + " without a plan");
            }
            if (failed.containsKey(node)) {
                parts.add(failed.get(node) + " " + records(node, failed.get(node)) + " a detector failed on");
            }
        }
        final List<String> topics = new ArrayList<>();
        if (!parts.isEmpty()) {
            topics.add("late-data");
        }
        if (deadLettered > 0) {
            topics.add("dead-letter");
        }
        return Optional.of((parts.isEmpty() ? ""
                : "set aside in the last " + interval + ": " + String.join(", ", parts))
                + (deadLettered == 0 ? "" : (parts.isEmpty() ? "dead-lettered in the last " + interval + ": "
                : "; dead-lettered: ") + deadLettered)
                + " (see ./coldchain export --topic " + String.join("|", topics) + exportFlags + ")");
    }

    /** The known nodes in the order of their nouns, then the others by name. */
    @SafeVarargs
    private List<String> nodes(final Map<String, Long>... counts) {
        final List<String> nodes = new ArrayList<>();
        recordsByNode.keySet().stream().filter(n -> Arrays.stream(counts).anyMatch(c -> c.containsKey(n)))
                .sorted(Comparator.comparing(n -> recordsByNode.get(n).many())).forEach(nodes::add);
        for (final Map<String, Long> count : counts) {
            count.keySet().stream().filter(n -> !nodes.contains(n)).sorted().forEach(nodes::add);
        }
        return nodes;
    }

    private String records(final String node, final long n) {
        return recordsByNode.getOrDefault(node, new Noun("record", "records")).of(n)
                + (recordsByNode.containsKey(node) ? "" : " at " + node);
    }
}
