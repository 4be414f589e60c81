package io.coldchain.streams.processors;

import io.coldchain.rules.Detector;
import io.coldchain.rules.DetectorDecorator;
import io.coldchain.rules.route.DropReason;
import io.coldchain.rules.route.RouteDetector;
import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.route.RouteState;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.LocationFix;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.RouteTopology;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** The reordering adapter around the route rules, plus one drop-count sensor per reason. */
public final class DetectRouteDeviationsProcessor implements Processor<String, io.coldchain.schemas.LocationFix, String, SpecificRecord> {

    private final Map<DropReason, Sensor> dropSensors = new EnumMap<>(DropReason.class);
    private final ReorderingDetectorProcessor<io.coldchain.schemas.LocationFix, LocationFix, RouteState> reordering;
    private StreamsMetrics metrics;

    /** @param sourceTopic the location fixes topic */
    public DetectRouteDeviationsProcessor(final RouteSettings settings, final Duration deliveredRetention,
                                          final DetectorDecorator detectors, final ReorderingDetectorProcessor.Stores stores,
                                          final String sourceTopic) {
        final Detector<LocationFix, RouteState> detector = detectors.decorate(RouteTopology.DETECT, new RouteDetector(settings,
                (shipmentId, reason) -> {
                    final Sensor sensor = dropSensors.get(reason);
                    if (sensor != null) {
                        sensor.record();
                    }
                }));
        this.reordering = new ReorderingDetectorProcessor<>(detector, Contracts::toDomain,
                io.coldchain.schemas.LocationFix::getEventTime, stores,
                settings.grace(), deliveredRetention, "location fix", RouteTopology.DETECT, sourceTopic);
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        metrics = context.metrics();
        for (final DropReason reason : DropReason.values()) {
            dropSensors.put(reason, TaskSensors.counting(context, RouteTopology.METRICS_GROUP, RouteTopology.DETECT,
                    RouteTopology.DROPPED_FIXES, reason.tag(),
                    "Location fixes dropped by GPS hygiene before the route rules, by reason"));
        }
        reordering.init(context);
    }

    @Override
    public void process(final Record<String, io.coldchain.schemas.LocationFix> record) {
        reordering.process(record);
    }

    @Override
    public void close() {
        reordering.close();
        dropSensors.values().forEach(metrics::removeSensor);
        dropSensors.clear();
    }
}
