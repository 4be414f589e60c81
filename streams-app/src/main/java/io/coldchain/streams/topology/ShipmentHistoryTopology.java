package io.coldchain.streams.topology;

import io.coldchain.rules.history.HistoryLimits;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.streams.PointKey;
import io.coldchain.streams.StateSerde;
import io.coldchain.streams.WriteBehindStore;
import io.coldchain.streams.processors.RecordShipmentHistoryProcessor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: what the query API shows beyond the detectors' state (docs/QUERY-API.md), one entry per shipment in
 * {@value #STORE}: the latest plan's summary, latest position and reading, custody hand-offs and how many downsampled
 * points it keeps ({@link io.coldchain.rules.history.ShipmentHistoryRule}); the downsampled track and temperature
 * histories one entry per point in {@value #TRACK_STORE} and {@value #READINGS_STORE}.
 *
 * <pre>
 * cast-shipment-plans ─────────────┐
 * validate-temperature-readings ───┤
 * validate-location-fixes ─────────┼─► record-shipment-history [shipment-history-store,
 * validate-custody-events ─────────┘      shipment-track-store, shipment-readings-store]
 * </pre>
 *
 * <p>It reads the validated records of the other sub-builders (every topic has one source per topology), after
 * they are built, so those builders need not hand their inner streams out: one processor with four parents, in the
 * sub-topology (and task) that already holds each shipment's plans, readings, fixes and scans. It forwards nothing.
 */
public final class ShipmentHistoryTopology {

    public static final String RECORD = "record-shipment-history";
    /** Shipment id → {@link ShipmentHistory}: everything but the downsampled points, a few hundred bytes. */
    public static final String STORE = "shipment-history-store";
    /** (shipment, event time) → a downsampled position ({@link io.coldchain.streams.StoredPointSeries}). */
    public static final String TRACK_STORE = "shipment-track-store";
    /** (shipment, event time) → a downsampled reading. */
    public static final String READINGS_STORE = "shipment-readings-store";
    /** The node of {@link ShipmentPlansTopology} that forwards each valid plan (or tombstone) to the plans table. */
    static final String VALID_PLANS = "cast-shipment-plans";

    private ShipmentHistoryTopology() {
    }

    /**
     * Adds the processor and its store to a topology that holds the other sub-builders' nodes.
     *
     * @param parents the nodes forwarding valid plans, readings, fixes and custody events
     */
    public static void addTo(final Topology topology, final HistoryLimits limits, final String... parents) {
        topology.addProcessor(RECORD, () -> new RecordShipmentHistoryProcessor(limits), parents);
        // Held until the commit (WriteBehindStore): a shipment's fixes and readings within one commit interval encode
        // and write its history once. The points are written once each (one per 5 min of event time and series), and
        // read by range only when a point arrives out of order or the oldest is dropped: plain stores.
        topology.addStateStore(WriteBehindStore.around(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), new StateSerde<>(ShipmentHistory.class))), RECORD);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACK_STORE), PointKey.serde(),
                new StateSerde<>(ShipmentHistory.Position.class)), RECORD);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(READINGS_STORE), PointKey.serde(),
                new StateSerde<>(ShipmentHistory.Reading.class)), RECORD);
    }

    /** Adds it to the whole application's topology, fed by the plans, readings, fixes and custody validators. */
    public static void addTo(final Topology topology, final HistoryLimits limits) {
        addTo(topology, limits, VALID_PLANS, TemperatureTopology.VALIDATE, RouteTopology.VALIDATE, CustodyTopology.VALIDATE);
    }
}
