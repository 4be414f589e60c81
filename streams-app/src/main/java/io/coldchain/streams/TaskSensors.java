package io.coldchain.streams;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Per-task counters of the processors. */
final class TaskSensors {

    private TaskSensors() {
    }

    /**
     * A {@code <metric>-total} counter, tagged by thread, task, processor node and reason; no {@code -rate} beside
     * it (Prometheus derives rates from counters). Built by hand rather than with
     * {@code StreamsMetrics#addRateTotalSensor}, whose sensor names leave out the task, so two tasks on one thread
     * would share (and double-count into) one sensor. The processor removes it when its task closes.
     *
     * @param description the same for every node and reason of one metric: Prometheus keeps one HELP text per name,
     *                    so it says what the metric counts, not which input it is
     */
    static Sensor counting(final ProcessingContext context, final String group, final String node,
                           final String metric, final String reason, final String description) {
        final String thread = Thread.currentThread().getName();
        final String task = context.taskId().toString();
        final Sensor sensor = context.metrics().addSensor(String.join(".", "coldchain", thread, task, node, metric,
                reason), Sensor.RecordingLevel.INFO);
        final Map<String, String> tags = Map.of("thread-id", thread, "task-id", task, "processor-node-id", node,
                "reason", reason);
        sensor.add(new MetricName(metric + "-total", group, description, tags), new CumulativeCount());
        return sensor;
    }
}
