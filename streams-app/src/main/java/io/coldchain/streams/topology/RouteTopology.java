package io.coldchain.streams.topology;

import io.coldchain.rules.DetectorDecorator;
import io.coldchain.rules.route.DropReason;
import io.coldchain.rules.route.RouteDetector;
import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.route.RouteState;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.contract.validation.LocationFixValidator;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.streams.ClockedState;
import io.coldchain.streams.ClockedStateSerde;
import io.coldchain.streams.EventClock;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.processors.DetectCustodyDiversionsProcessor;
import io.coldchain.streams.processors.DetectRouteDeviationsProcessor;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.processors.ValidateRecordsProcessor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: GPS fixes, reordered in event time and checked against the shipment's plan by the
 * route rules ({@link RouteDetector}), to alerts; fixes later than the grace period to the
 * late-data topic. Custody scans are checked for diversion by {@link #addCustodyDiversion}, on a
 * custody stream the caller owns (a topic has one source node per topology).
 *
 * <pre>
 * telemetry.location ──► read-location-fixes ──► detect-route-deviations ──► alerts
 *                              [route-state-store, route-reorder-buffer-store,     └──► late data
 *                               shipment-plans-store]
 * custody stream ──► detect-custody-diversions [shipment-plans-store] ──► alerts
 * </pre>
 *
 * <p>Dropped fixes are counted per reason in the metric {@code dropped-fixes-total} (and
 * {@code dropped-fixes-rate}) of group {@value #METRICS_GROUP}, tagged {@code thread-id},
 * {@code task-id}, {@code processor-node-id} and {@code reason} ({@link DropReason#tag()}); custody
 * scans of shipments without a plan in {@code skipped-custody-scans-total}.
 */
public final class RouteTopology {

    public static final String SOURCE = "read-location-fixes";
    public static final String VALIDATE = "validate-location-fixes";
    public static final String DETECT = "detect-route-deviations";
    /**
     * The route condition of each shipment with its fixes' clock ({@link ClockedState}). Registered by
     * {@link ShipmentLifecycleTopology} ({@link #stateStore()}), as the temperature checks read the clock too.
     */
    public static final String STATE_STORE = "route-state-store";
    public static final String BUFFER_STORE = "route-reorder-buffer-store";
    /**
     * Where releases before the clock moved into {@link #STATE_STORE} kept it ({@link EventClock} per shipment): read and
     * emptied once at start; registered by {@link ShipmentLifecycleTopology}.
     */
    public static final String CLOCK_STORE = "route-event-clock-store";
    private static final ReorderingDetectorProcessor.Stores STORES = new ReorderingDetectorProcessor.Stores(
            ShipmentPlansTopology.STORE, STATE_STORE, BUFFER_STORE, CLOCK_STORE, ShipmentLifecycleTopology.STORE,
            ShipmentLifecycleTopology.ACTIVITY_STORE, ShipmentChangeNotices.STORE, List.of(TemperatureTopology.STATE_STORE));
    public static final String CUSTODY_DETECT = "detect-custody-diversions";
    public static final String METRICS_GROUP = "coldchain-route-metrics";
    public static final String DROPPED_FIXES = "dropped-fixes";
    public static final String SKIPPED_CUSTODY_SCANS = "skipped-custody-scans";

    private RouteTopology() {
    }

    /** {@value #STATE_STORE}, for {@link ShipmentLifecycleTopology} to register before either detector. */
    static StoreBuilder<KeyValueStore<String, ClockedState<RouteState>>> stateStore() {
        return WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), new ClockedStateSerde<>(RouteState.class)));
    }

    public static KStream<String, Alert> addTo(final StreamsBuilder builder, final TopicCatalogue topics,
                                               final RouteSettings settings, final Duration deliveredRetention,
                                               final EventTimeWindow window, final DetectorDecorator detectors) {
        final TopicSpec<String, LocationFix> fixes = topics.locationFixes();
        builder.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.Bytes(), fixes.valueSerde())));
        final LocationFixValidator validator = new LocationFixValidator(window);
        final KStream<String, SpecificRecord> output = builder
                .stream(fixes.name(), Consumed.with(fixes.keySerde(), fixes.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(window))
                        .withName(SOURCE))
                .process(() -> new ValidateRecordsProcessor<>(validator::check, VALIDATE),
                        Named.as(VALIDATE))
                .process(() -> new DetectRouteDeviationsProcessor(settings, deliveredRetention, detectors, STORES, fixes.name()),
                        Named.as(DETECT),
                        STORES.all());
        return DetectorOutputs.alertsAndLateData(output, topics, "route");
    }

    /**
     * DIVERSION alerts from custody scans made outside the origin, destination and planned stops.
     * Needs the plans store, so call it on a builder that {@link ShipmentPlansTopology} was added to.
     *
     * @param custody the application's one stream of {@code custody.events}
     */
    public static KStream<String, Alert> addCustodyDiversion(final KStream<String, CustodyEvent> custody) {
        return custody.process(DetectCustodyDiversionsProcessor::new, Named.as(CUSTODY_DETECT), ShipmentPlansTopology.STORE,
                ShipmentLifecycleTopology.STORE);
    }
}
