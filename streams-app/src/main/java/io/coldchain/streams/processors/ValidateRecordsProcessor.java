package io.coldchain.streams.processors;

import io.coldchain.contract.validation.Reason;
import io.coldchain.contract.validation.Validation;
import io.coldchain.streams.InvalidRecordException;
import io.coldchain.streams.TaskSensors;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The door of one input: forwards valid records unchanged; counts an invalid one by reason
 * ({@value #METRICS_GROUP} {@code invalid-records-total{reason=…}}) and throws {@link InvalidRecordException},
 * so the processing exception handler dead-letters its original bytes before any state is touched.
 */
public final class ValidateRecordsProcessor<V> implements Processor<String, V, String, V> {

    public static final String METRICS_GROUP = "coldchain-validation-metrics";
    public static final String INVALID_RECORDS = "invalid-records";

    /** The check of one record type, at wall-clock time {@code now} (epoch ms). */
    @FunctionalInterface
    public interface Check<V> {
        Validation check(String key, V value, long now);
    }

    private final Check<V> check;
    private final String nodeName;
    private final Map<Reason, Sensor> invalid = new EnumMap<>(Reason.class);
    private ProcessorContext<String, V> context;

    public ValidateRecordsProcessor(final Check<V> check, final String nodeName) {
        this.check = check;
        this.nodeName = nodeName;
    }

    @Override
    public void init(final ProcessorContext<String, V> context) {
        this.context = context;
        invalid.putAll(sensors(context, nodeName));
    }

    @Override
    public void process(final Record<String, V> record) {
        final Validation validation = record.value() == null ? Validation.ok()
                : check.check(record.key(), record.value(), context.currentSystemTimeMs());
        if (!validation.valid()) {
            invalid.get(validation.reason()).record();
            throw new InvalidRecordException(validation);
        }
        context.forward(record);
    }

    @Override
    public void close() {
        invalid.values().forEach(context.metrics()::removeSensor);
        invalid.clear();
    }

    public static Map<Reason, Sensor> sensors(final ProcessingContext context, final String nodeName) {
        final Map<Reason, Sensor> sensors = new EnumMap<>(Reason.class);
        for (final Reason reason : Reason.values()) {
            sensors.put(reason, TaskSensors.counting(context, METRICS_GROUP, nodeName, INVALID_RECORDS, reason.tag(),
                    "Input records refused at the door and dead-lettered, by validating node and reason"));
        }
        return sensors;
    }
}
