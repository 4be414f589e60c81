package io.coldchain.cli.jsonl;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The record types a JSON line can carry, and everything that hangs off the {@code type} field: the
 * generated Avro class, the catalogue topic, the topic's short name for {@code export --topic}, the
 * record key and the record timestamp. The one place that maps one to the other.
 */
public enum RecordType {

    PLAN("plan", "plans", ShipmentPlan.class, null, TopicCatalogue::shipmentPlans),
    TEMPERATURE("temperature", "temperature", TemperatureReading.class, "eventTime", TopicCatalogue::temperatureReadings),
    LOCATION("location", "location", LocationFix.class, "eventTime", TopicCatalogue::locationFixes),
    CUSTODY("custody", "custody", CustodyEvent.class, "eventTime", TopicCatalogue::custodyEvents),
    ALERT("alert", "alerts", Alert.class, "lastEvidenceTime", TopicCatalogue::alerts);

    /** Every record is keyed by the shipment it belongs to. */
    static final String KEY_FIELD = "shipmentId";

    private final String jsonName;
    private final String topicShortName;
    private final Class<? extends SpecificRecord> recordClass;
    private final Schema schema;
    private final String timestampField;
    private final Function<TopicCatalogue, TopicSpec<String, ? extends SpecificRecord>> topic;

    RecordType(final String jsonName, final String topicShortName, final Class<? extends SpecificRecord> recordClass,
               final String timestampField,
               final Function<TopicCatalogue, TopicSpec<String, ? extends SpecificRecord>> topic) {
        this.jsonName = jsonName;
        this.topicShortName = topicShortName;
        this.recordClass = recordClass;
        this.schema = SpecificData.get().getSchema(recordClass);
        this.timestampField = timestampField;
        this.topic = topic;
    }

    /** The value of the {@code type} field of a JSON line, e.g. {@code temperature}. */
    public String jsonName() {
        return jsonName;
    }

    /** The name {@code export --topic} accepts besides the full topic name, e.g. {@code plans}. */
    public String topicShortName() {
        return topicShortName;
    }

    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    public Schema schema() {
        return schema;
    }

    public TopicSpec<String, ? extends SpecificRecord> topic(final TopicCatalogue catalogue) {
        return topic.apply(catalogue);
    }

    /** The record key: the shipment id. */
    public String key(final SpecificRecord record) {
        return String.valueOf(record.get(schema.getField(KEY_FIELD).pos()));
    }

    /**
     * The Kafka record timestamp: the event time of telemetry and custody scans, the latest evidence of
     * an alert, empty for plans (which are stamped when published).
     */
    public OptionalLong timestamp(final SpecificRecord record) {
        return timestampField == null ? OptionalLong.empty()
                : OptionalLong.of((Long) record.get(schema.getField(timestampField).pos()));
    }

    public static Optional<RecordType> ofJsonName(final String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }

    public static Optional<RecordType> ofRecordClass(final Class<?> type) {
        return Arrays.stream(values()).filter(t -> t.recordClass.equals(type)).findFirst();
    }

    /** The type whose topic is {@code name}: a short name ({@code plans}) or the full name in {@code catalogue}. */
    public static Optional<RecordType> ofTopic(final String name, final TopicCatalogue catalogue) {
        return Arrays.stream(values())
                .filter(t -> t.topicShortName.equals(name) || t.topic(catalogue).name().equals(name))
                .findFirst();
    }

    /** "plan, temperature, location, custody, alert", for messages. */
    static String jsonNames() {
        return Arrays.stream(values()).map(RecordType::jsonName).collect(Collectors.joining(", "));
    }
}
