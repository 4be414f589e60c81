package io.coldchain.ops;

import io.coldchain.logging.Secrets;
import io.coldchain.ops.SetAsideSummary.Counter;
import io.coldchain.ops.SetAsideSummary.Reason;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, once per interval and only when something was set aside, one WARN line on what the pipeline kept out of
 * its rules and why ({@link SetAsideSummary}), so that it shows in the log and not only on /metrics. Reads the
 * streams client's metrics: {@value #SET_ASIDE_TOTAL} ({@value #DETECTOR_GROUP}, by {@code reason} late or
 * no-plan and processor node) and {@value #DROPPED_TOTAL} ({@value #TASK_GROUP}: records the exception handlers
 * let go, which this app writes to the dead-letter topic).
 */
final class SetAsideReporter implements AutoCloseable {

    static final String DETECTOR_GROUP = "coldchain-detector-metrics";
    static final String SET_ASIDE_TOTAL = "set-aside-records-total";
    static final String TASK_GROUP = "stream-task-metrics";
    static final String DROPPED_TOTAL = "dropped-records-total";

    private static final Logger LOG = LoggerFactory.getLogger(SetAsideReporter.class);

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final SetAsideSummary summary;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    /**
     * @param metrics  the streams client's metrics ({@code KafkaStreams::metrics})
     * @param summary  turns the totals into the line
     * @param interval how often to look
     */
    SetAsideReporter(final Supplier<Map<MetricName, ? extends Metric>> metrics, final SetAsideSummary summary,
                     final Duration interval) {
        this.metrics = metrics;
        this.summary = summary;
        this.interval = interval;
    }

    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "coldchain-set-aside-log");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look: logs the line if anything was set aside since the last one. */
    void report() {
        try {
            summary.next(counters(metrics.get().values())).ifPresent(LOG::warn);
        } catch (RuntimeException e) {
            // A failed look must not end the schedule: the next one takes the change since the last good one.
            LOG.warn("Could not read the set-aside metrics: {}", Secrets.mask(e.toString()));
        }
    }

    /** The set-aside and dropped-record totals among {@code metrics}, one counter per task (and node). */
    static Map<Counter, Long> counters(final Collection<? extends Metric> metrics) {
        final Map<Counter, Long> counters = new HashMap<>();
        for (final Metric metric : metrics) {
            final MetricName name = metric.metricName();
            final Reason reason;
            if (DETECTOR_GROUP.equals(name.group()) && SET_ASIDE_TOTAL.equals(name.name())) {
                reason = switch (String.valueOf(name.tags().get("reason"))) {
                    case "late" -> Reason.LATE;
                    case "no-plan" -> Reason.NO_PLAN;
                    case "detector-error" -> Reason.DETECTOR_ERROR;
                    default -> null;
                };
            } else if (TASK_GROUP.equals(name.group()) && DROPPED_TOTAL.equals(name.name())) {
                reason = Reason.DEAD_LETTER;
            } else {
                reason = null;
            }
            if (reason != null && metric.metricValue() instanceof Number value) {
                counters.put(new Counter(reason, reason == Reason.DEAD_LETTER ? null
                        : name.tags().get("processor-node-id"), name.tags().get("thread-id") + "/"
                        + name.tags().get("task-id")), value.longValue());
            }
        }
        return counters;
    }

    /** Stops looking, after one last look so that the last minute before a shutdown is not lost. */
    @Override
    public void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (scheduler.awaitTermination(1, TimeUnit.SECONDS)) {
                report();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }
}
