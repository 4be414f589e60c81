package io.coldchain.cli.dossier;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.JsonLinesException;
import io.coldchain.cli.jsonl.TopicExporter;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads one shipment's evidence from the topics, the way {@code epcis} does: through {@link TopicExporter} and
 * {@link BoundedRead} (assign, no group, read_committed, up to the end offsets at the start), keeping only the records
 * of the shipment, so memory follows the shipment, not the topics.
 *
 * <p>Inputs (plans, readings, fixes, custody scans, acknowledgements) come from {@code inputs}; alerts, audit records,
 * late data and dead letters from {@code outputs}: the live catalogue, or a case's topics.
 */
final class DossierReader {

    /** The headers the streams app puts on late data and the Streams DLQ on dead letters (see {@code export}). */
    static final String LATE_REASON_HEADER = "coldchain.late.reason";
    static final String DLQ_TOPIC_HEADER = "__streams.errors.topic";
    static final String DLQ_EXCEPTION_HEADER = "__streams.errors.exception";
    static final String DLQ_MESSAGE_HEADER = "__streams.errors.message";

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final TopicExporter exporter;
    private final Duration timeout;

    DossierReader(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, final Duration timeout) {
        this.consumer = consumer;
        this.exporter = new TopicExporter(consumer, timeout);
        this.timeout = timeout;
    }

    /** The topics a case's outputs are written to: the live names with {@code cases.NAME.} after the prefix. */
    static <K, V> TopicSpec<K, V> inCase(final TopicSpec<K, V> live, final TopicCatalogue catalogue, final String caseName) {
        final String prefix = catalogue.alerts().name().substring(0, catalogue.alerts().name().length() - "alerts".length());
        return new TopicSpec<>(prefix + "cases." + caseName + "." + live.name().substring(prefix.length()), live.keySerde(),
                live.valueSerde(), live.keyDoc(), live.valueDoc(), live.partitions(), live.configs(), live.description());
    }

    /** The output topics of the live pipeline ({@code caseName} null) or of a case. */
    record Outputs(TopicSpec<String, Alert> alerts, TopicSpec<String, AuditRecord> audit,
                   TopicSpec<String, SpecificRecord> lateData, TopicSpec<byte[], byte[]> deadLetters) {

        static Outputs of(final TopicCatalogue catalogue, final String caseName) {
            if (caseName == null) {
                return new Outputs(catalogue.alerts(), catalogue.audit(), catalogue.lateData(), catalogue.deadLetters());
            }
            return new Outputs(inCase(catalogue.alerts(), catalogue, caseName), inCase(catalogue.audit(), catalogue, caseName),
                    inCase(catalogue.lateData(), catalogue, caseName), inCase(catalogue.deadLetters(), catalogue, caseName));
        }
    }

    DossierEvidence read(final String shipmentId, final TopicCatalogue inputs, final Outputs outputs,
                         final Consumer<String> problems) {
        final List<String> unreadable = new ArrayList<>();
        final Consumer<String> problem = p -> {
            unreadable.add(p);
            problems.accept(p);
        };
        final List<String> sources = new ArrayList<>();
        final List<ShipmentPlan> plans = read(inputs.shipmentPlans(), shipmentId, ShipmentPlan::getShipmentId, problem, sources);
        final List<TemperatureReading> readings = read(inputs.temperatureReadings(), shipmentId,
                TemperatureReading::getShipmentId, problem, sources);
        final List<LocationFix> fixes = read(inputs.locationFixes(), shipmentId, LocationFix::getShipmentId, problem, sources);
        final List<CustodyEvent> custody = read(inputs.custodyEvents(), shipmentId, CustodyEvent::getShipmentId, problem,
                sources);
        final List<Alert> alerts = read(outputs.alerts(), shipmentId, Alert::getShipmentId, problem, sources);
        final List<AlertAcknowledgement> acks = exists(inputs.acknowledgements().name(), sources)
                ? read(inputs.acknowledgements(), shipmentId, AlertAcknowledgement::getShipmentId, problem, sources) : List.of();
        final List<AuditRecord> audit = exists(outputs.audit().name(), sources)
                ? read(outputs.audit(), shipmentId, AuditRecord::getShipmentId, problem, sources) : List.of();
        final List<DossierEvidence.SetAside> setAside = new ArrayList<>();
        if (exists(outputs.lateData().name(), sources)) {
            lateData(outputs.lateData(), shipmentId, setAside, problem);
            sources.add("late data: " + outputs.lateData().name());
        }
        if (exists(outputs.deadLetters().name(), sources)) {
            deadLetters(outputs.deadLetters().name(), inputs, shipmentId, setAside);
            sources.add("dead letters: " + outputs.deadLetters().name());
        }
        return new DossierEvidence(shipmentId, plans, readings, fixes, custody, alerts, acks, audit, setAside, unreadable,
                sources);
    }

    /** Whether an optional topic exists; notes it in {@code sources} when it does not. */
    private boolean exists(final String topic, final List<String> sources) {
        try {
            BoundedRead.partitions(consumer, topic, timeout);
            return true;
        } catch (JsonLinesException e) {
            sources.add(topic + ": no such topic, nothing read");
            return false;
        }
    }

    private <V extends SpecificRecord> List<V> read(final TopicSpec<String, V> topic, final String shipmentId,
                                                    final Function<V, String> shipmentOf, final Consumer<String> problems,
                                                    final List<String> sources) {
        final List<V> values = new ArrayList<>();
        exporter.read(topic, null, null, value -> {
            if (shipmentId.equals(shipmentOf.apply(value))) {
                values.add(value);
            }
        }, p -> problems.accept(topic.name() + " " + p));
        sources.add(topic.name());
        return values;
    }

    private void lateData(final TopicSpec<String, SpecificRecord> topic, final String shipmentId,
                          final List<DossierEvidence.SetAside> setAside, final Consumer<String> problems) {
        final BoundedRead read = BoundedRead.open(consumer, topic.name(), null, timeout, System::nanoTime);
        while (read.hasMore()) {
            for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                if (record.value() == null) {
                    continue;
                }
                final SpecificRecord value;
                try {
                    value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                } catch (SerializationException e) {
                    problems.accept(topic.name() + " partition " + record.partition() + " offset " + record.offset()
                            + ": cannot read the value: " + e.getMessage());
                    continue;
                }
                if (shipmentId.equals(field(value, "shipmentId"))) {
                    final Object time = field(value, "eventTime");
                    setAside.add(new DossierEvidence.SetAside(topic.name(), value.getSchema().getName(),
                            time instanceof Long t ? t : record.timestamp(),
                            Optional.ofNullable(header(record.headers(), LATE_REASON_HEADER)).orElse("(no reason header)"),
                            DossierEvidence.canonical(value)));
                }
            }
        }
    }

    private void deadLetters(final String topic, final TopicCatalogue inputs, final String shipmentId,
                             final List<DossierEvidence.SetAside> setAside) {
        final BoundedRead read = BoundedRead.open(consumer, topic, null, timeout, System::nanoTime);
        while (read.hasMore()) {
            for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                final String source = header(record.headers(), DLQ_TOPIC_HEADER);
                final Optional<SpecificRecord> decoded = decode(inputs, source, record.value());
                final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (!shipmentId.equals(key) && !decoded.map(v -> shipmentId.equals(field(v, "shipmentId"))).orElse(false)) {
                    continue;
                }
                final String exception = header(record.headers(), DLQ_EXCEPTION_HEADER);
                final String message = header(record.headers(), DLQ_MESSAGE_HEADER);
                setAside.add(new DossierEvidence.SetAside(topic,
                        decoded.map(v -> v.getSchema().getName()).orElse("undecodable record") + (source == null ? "" : " from " + source),
                        record.timestamp(), (exception == null ? "(no exception header)" : exception) + (message == null ? "" : ": " + message),
                        record.value() == null ? "" : Base64.getEncoder().encodeToString(record.value())));
            }
        }
    }

    private static Optional<SpecificRecord> decode(final TopicCatalogue inputs, final String source, final byte[] value) {
        if (source == null || value == null) {
            return Optional.empty();
        }
        for (final TopicSpec<String, ? extends SpecificRecord> spec : List.of(inputs.shipmentPlans(),
                inputs.temperatureReadings(), inputs.locationFixes(), inputs.custodyEvents(), inputs.acknowledgements())) {
            if (spec.name().equals(source)) {
                try {
                    return Optional.of(spec.valueSerde().deserializer().deserialize(source, value));
                } catch (SerializationException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Object field(final SpecificRecord record, final String name) {
        final Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }

    private static String header(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
