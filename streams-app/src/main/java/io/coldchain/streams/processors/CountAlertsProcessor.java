package io.coldchain.streams.processors;

import io.coldchain.schemas.Alert;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Counts every alert on its way to the alerts topic by type, severity and status ({@value #METRICS_GROUP}
 * {@code alerts-total{alert-type,severity,status}}; not {@code type}, which JMX object names reserve), so an operations
 * centre can graph and alarm on alert rates without reading the topic.
 * Forwards each alert unchanged. One counter per task and combination seen, created on first use and removed when
 * the task closes.
 */
public final class CountAlertsProcessor implements FixedKeyProcessor<String, Alert, Alert> {

    public static final String METRICS_GROUP = "coldchain-alert-metrics";
    public static final String ALERTS_TOTAL = "alerts-total";

    private final Map<String, Sensor> sensors = new HashMap<>();
    private FixedKeyProcessorContext<String, Alert> context;

    @Override
    public void init(final FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, Alert> record) {
        final Alert alert = record.value();
        if (alert != null) {
            sensors.computeIfAbsent(alert.getType() + "|" + alert.getSeverity() + "|" + alert.getStatus(),
                    combination -> sensor(alert)).record();
        }
        context.forward(record);
    }

    private Sensor sensor(final Alert alert) {
        final String thread = Thread.currentThread().getName();
        final String task = context.taskId().toString();
        final Sensor sensor = context.metrics().addSensor(String.join(".", "coldchain", thread, task, "alerts",
                alert.getType().name(), alert.getSeverity().name(), alert.getStatus().name()),
                Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(ALERTS_TOTAL, METRICS_GROUP,
                "Alerts written to the alerts topic, by type, severity and status",
                Map.of("thread-id", thread, "task-id", task, "alert-type", alert.getType().name(),
                        "severity", alert.getSeverity().name(), "status", alert.getStatus().name())),
                new CumulativeCount());
        return sensor;
    }

    @Override
    public void close() {
        sensors.values().forEach(context.metrics()::removeSensor);
        sensors.clear();
    }
}
