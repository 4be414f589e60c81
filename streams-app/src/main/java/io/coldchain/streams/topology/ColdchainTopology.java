package io.coldchain.streams.topology;

import io.coldchain.rules.history.HistoryLimits;
import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.topics.TopicCatalogue;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The whole coldchain topology, as a pure function of its settings: no I/O, no clocks, no
 * environment. {@code main} wires configuration and lifecycle around it; tests call it directly.
 *
 * <pre>
 * every input ──► validate-* (invalid records: dead-letter topic, with their reason; refused plans also alert)
 * shipment.plans ──► [shipment-plans-store]  (read by every detector below)
 * telemetry.temperature ──► detect-temperature-excursions ──┐ (+ late data)
 * telemetry.location ──► detect-route-deviations ───────────┤ (+ late data)
 * custody.events ──► detect-custody-diversions ─────────────┼─► write-alerts ──► alerts
 *   └► infer-shipment-deliveries ──► [shipment-lifecycle-store] (read by the two detectors above)
 *   └► repartition-serials-by-sgtin ──► detect-serial-fraud ──┤
 *   └► detect-custody-chain-breaks ─────────────────────────┘
 * alerts + alerts.acknowledgements ──► audit-alert-changes ──► audit (hash-chained per partition)
 * valid plans, readings, fixes, scans ──► record-shipment-history ──► [shipment-history-store] (query API)
 * </pre>
 */
public final class ColdchainTopology {

    private ColdchainTopology() {
    }

    /**
     * @param streamsConfig the application's Streams configuration; passed to {@link StreamsBuilder#build(Properties)}
     *                      so topology optimisations apply
     * @param topics        the topic catalogue (names and serdes)
     * @param settings      detection settings (profiles, thresholds, grace periods)
     */
    public static Topology build(final Properties streamsConfig, final TopicCatalogue topics,
                                 final DetectionSettings settings) {
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        final var plans = ShipmentPlansTopology.addTo(builder, topics,
                new ShipmentPlanValidator(settings.eventTimes(), settings.profiles()));
        final var custody = CustodyTopology.addTo(builder, topics, settings.eventTimes());
        ShipmentLifecycleTopology.addTo(builder, custody);
        final var temperatureAlerts = TemperatureTopology.addTo(builder, topics, settings.profiles(), settings.temperature(),
                settings.deliveredRetention(), settings.eventTimes(), settings.detectors());
        final var routeAlerts = RouteTopology.addTo(builder, topics, settings.route(), settings.deliveredRetention(),
                settings.eventTimes(), settings.detectors());
        final var custodyDiversions = RouteTopology.addCustodyDiversion(custody);
        final var serialAlerts = SerialTopology.addTo(builder, topics, plans.table(), custody, settings.serial());
        AlertsTopology.addTo(topics, List.of(
                new AlertsTopology.NamedAlerts("temperature", temperatureAlerts),
                new AlertsTopology.NamedAlerts("route", routeAlerts),
                new AlertsTopology.NamedAlerts("route-custody", custodyDiversions),
                new AlertsTopology.NamedAlerts("custody-chain", serialAlerts.chainAlerts()),
                new AlertsTopology.NamedAlerts("plans", plans.refusedAlerts())));
        AlertsTopology.addSeparately(topics, "serial", serialAlerts.serialAlerts());
        AlertAuditTopology.addTo(builder, topics, settings.eventTimes());
        final Topology topology = builder.build(streamsConfig);
        ShipmentHistoryTopology.addTo(topology, HistoryLimits.DEFAULTS);
        return topology;
    }
}
