package io.coldchain.topics;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AnyRecordSerde;
import io.coldchain.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic coldchain reads or writes, described once. Names follow one scheme: a dotted domain
 * prefix ({@code coldchain.} by default) and kebab-case segments. Plans and telemetry are keyed by
 * shipment id and share the partition count so they are co-partitioned; so are the alerts, their
 * acknowledgements and the audit log, whose hash chains run per partition.
 */
public final class TopicCatalogue {

    public static final String DEFAULT_PREFIX = "coldchain.";
    public static final int DEFAULT_PARTITIONS = 3;

    private final TopicSpec<String, ShipmentPlan> shipmentPlans;
    private final TopicSpec<String, TemperatureReading> temperatureReadings;
    private final TopicSpec<String, LocationFix> locationFixes;
    private final TopicSpec<String, CustodyEvent> custodyEvents;
    private final TopicSpec<String, Alert> alerts;
    private final TopicSpec<String, AlertAcknowledgement> acknowledgements;
    private final TopicSpec<String, AuditRecord> audit;
    private final TopicSpec<byte[], byte[]> deadLetters;
    private final TopicSpec<String, SpecificRecord> lateData;

    public TopicCatalogue(final String prefix, final int partitions, final AvroSerdes serdes) {
        final Map<String, String> telemetry = Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(Duration.ofDays(7).toMillis()));
        final Map<String, String> kept30Days = Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
        this.shipmentPlans = new TopicSpec<>(prefix + "shipment.plans", Serdes.String(), serdes.value(ShipmentPlan.class),
                "shipmentId", "ShipmentPlan", partitions,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"),
                "Shipment plans; latest per shipment wins; tombstone closes it. Written by planning systems.");
        this.temperatureReadings = new TopicSpec<>(prefix + "telemetry.temperature", Serdes.String(),
                serdes.value(TemperatureReading.class), "shipmentId", "TemperatureReading", partitions, telemetry,
                "Logger temperature samples; record timestamp = eventTime. Written by integrators.");
        this.locationFixes = new TopicSpec<>(prefix + "telemetry.location", Serdes.String(),
                serdes.value(LocationFix.class), "shipmentId", "LocationFix", partitions, telemetry,
                "GPS fixes; record timestamp = eventTime. Written by integrators.");
        this.custodyEvents = new TopicSpec<>(prefix + "custody.events", Serdes.String(),
                serdes.value(CustodyEvent.class), "shipmentId", "CustodyEvent", partitions, kept30Days,
                "EPCIS-style custody scans with pack serials. Written by handlers' systems.");
        this.alerts = new TopicSpec<>(prefix + "alerts", Serdes.String(), serdes.value(Alert.class),
                "shipmentId", "Alert", partitions, kept30Days,
                "Alerts (OPEN / UPDATED / RESOLVED per episode). Written by the streams app, read by operations centres.");
        this.acknowledgements = new TopicSpec<>(prefix + "alerts.acknowledgements", Serdes.String(),
                serdes.value(AlertAcknowledgement.class), "shipmentId", "AlertAcknowledgement", partitions, kept30Days,
                "Operators' acknowledgements of alerts; co-partitioned with the alerts. Written by "
                        + "'coldchain ack', read by the streams app's audit.");
        this.audit = new TopicSpec<>(prefix + "audit", Serdes.String(), serdes.value(AuditRecord.class),
                "shipmentId", "AuditRecord", partitions,
                Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(Duration.ofDays(365).toMillis())),
                "Tamper-evident log of every alert state change and acknowledgement, one SHA-256 hash chain per "
                        + "partition (docs/AUDIT.md). Written by the streams app, checked by 'coldchain audit verify'.");
        this.deadLetters = new TopicSpec<>(prefix + "errors.dead-letter", Serdes.ByteArray(), Serdes.ByteArray(),
                "original key bytes", "original value bytes", 1, kept30Days,
                "Records that could not be deserialized or processed, unchanged, with headers naming the source "
                        + "topic, partition, offset and exception. Written by the streams app.");
        this.lateData = new TopicSpec<>(prefix + "errors.late-data", Serdes.String(), new AnyRecordSerde(serdes),
                "shipmentId", "TemperatureReading or LocationFix (each with its own schema id)", partitions, kept30Days,
                "Telemetry that arrived later than the grace period, unchanged, with a 'coldchain.late.reason' "
                        + "header. Written by the streams app.");
    }

    /** The catalogue with default prefix and partition count, local (registry-less) serdes. */
    public static TopicCatalogue defaults() {
        return new TopicCatalogue(DEFAULT_PREFIX, DEFAULT_PARTITIONS, AvroSerdes.local());
    }

    public TopicSpec<String, ShipmentPlan> shipmentPlans() {
        return shipmentPlans;
    }

    public TopicSpec<String, TemperatureReading> temperatureReadings() {
        return temperatureReadings;
    }

    public TopicSpec<String, LocationFix> locationFixes() {
        return locationFixes;
    }

    public TopicSpec<String, CustodyEvent> custodyEvents() {
        return custodyEvents;
    }

    public TopicSpec<String, Alert> alerts() {
        return alerts;
    }

    public TopicSpec<String, AlertAcknowledgement> acknowledgements() {
        return acknowledgements;
    }

    public TopicSpec<String, AuditRecord> audit() {
        return audit;
    }

    public TopicSpec<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    public TopicSpec<String, SpecificRecord> lateData() {
        return lateData;
    }

    /** Every topic, in documentation order. */
    public List<TopicSpec<?, ?>> all() {
        return List.of(shipmentPlans, temperatureReadings, locationFixes, custodyEvents, alerts, acknowledgements, audit,
                deadLetters, lateData);
    }
}
