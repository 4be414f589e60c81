package io.coldchain.streams;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Per-task counters of the processors. */
public final class TaskSensors {

    /** The group of {@link #STATE_CACHE_READS}. */
    public static final String STATE_CACHE_GROUP = "coldchain-state-cache-metrics";

    /**
     * Reads of a processor's {@link StateCache}, by store and outcome ({@code hit}, {@code miss}): {@code reads-total}
     * in {@link #STATE_CACHE_GROUP}, {@code kafka_coldchain_state_cache_reads_total} on {@code /metrics}.
     */
    public static final String STATE_CACHE_READS = "reads";

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
    public static Sensor counting(final ProcessingContext context, final String group, final String node,
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

    /**
     * A counter with {@code <name>-total} and {@code <name>-rate} metrics (sums of the recorded values, 1 by default),
     * tagged by thread and task: the sensor name carries both, and the processor removes it when its task closes.
     */
    public static Sensor rateAndTotal(final ProcessorContext<?, ?> context, final String group, final String name,
                                      final String description) {
        final Map<String, String> tags = taskTags(context);
        final Sensor sensor = taskSensor(context, name);
        sensor.add(new MetricName(name + "-total", group, description, tags), new CumulativeSum());
        sensor.add(new MetricName(name + "-rate", group, description + ", per second", tags), new Rate());
        return sensor;
    }

    /**
     * A {@code <name>} metric holding the value last recorded (a gauge), tagged by thread and task; the processor
     * removes it when its task closes.
     */
    public static Sensor latest(final ProcessorContext<?, ?> context, final String group, final String name,
                                final String description) {
        final Sensor sensor = taskSensor(context, name);
        sensor.add(new MetricName(name, group, description, taskTags(context)), new Value());
        return sensor;
    }

    /** A sensor of this stream thread and task: its name carries both, so two tasks on one thread never share it. */
    private static Sensor taskSensor(final ProcessorContext<?, ?> context, final String name) {
        return context.metrics().addSensor(Thread.currentThread().getName() + "." + context.taskId() + "." + name,
                Sensor.RecordingLevel.INFO);
    }

    private static Map<String, String> taskTags(final ProcessorContext<?, ?> context) {
        return Map.of("thread-id", Thread.currentThread().getName(), "task-id", context.taskId().toString());
    }

    /**
     * The reads of a processor's {@link StateCache} as {@code reads-total} of {@link #STATE_CACHE_GROUP}, tagged by
     * thread, task, processor node, store and outcome: {@code hit} (answered from the heap) or {@code miss} (read from
     * the store and decoded): the cache's own sums, which it adds each read to without the sensor's lock or clock; a
     * scrape, from another thread, may see counts a few reads old. Misses that grow with the input mean a task follows
     * more shipments than its cache holds ({@code --state-cache-shipments}, {@link StateCache#SHIPMENTS_CONFIG}): raise
     * it, or spread the fleet over more partitions (README, "Sizing"). The processor removes the sensor when its task
     * closes; a sensor left from a processor that never closed (its {@code init} failed) is replaced, so the counts are
     * always this cache's.
     */
    public static Sensor cacheReads(final ProcessingContext context, final String node, final String store,
                                    final StateCache<?, ?> cache) {
        final String thread = Thread.currentThread().getName();
        final String task = context.taskId().toString();
        final String name = String.join(".", "coldchain", thread, task, node, store, STATE_CACHE_READS);
        Sensor sensor = context.metrics().addSensor(name, Sensor.RecordingLevel.INFO);
        if (sensor.hasMetrics()) {
            // Sensor.add keeps a metric already registered under the name and would drop the new sums unseen.
            context.metrics().removeSensor(sensor);
            sensor = context.metrics().addSensor(name, Sensor.RecordingLevel.INFO);
        }
        final String description = "Reads of a processor's in-heap state cache, by store and outcome (hit, or miss: "
                + "read from the store)";
        sensor.add(cacheReadsName(thread, task, node, store, "hit", description), cache.hitsSum());
        sensor.add(cacheReadsName(thread, task, node, store, "miss", description), cache.missesSum());
        return sensor;
    }

    private static MetricName cacheReadsName(final String thread, final String task, final String node,
                                             final String store, final String outcome, final String description) {
        return new MetricName(STATE_CACHE_READS + "-total", STATE_CACHE_GROUP, description, Map.of("thread-id", thread,
                "task-id", task, "processor-node-id", node, "store", store, "outcome", outcome));
    }
}
