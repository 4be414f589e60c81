package io.coldchain.cli.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The record types a JSON line can carry, and everything that hangs off the {@code type} field: the
 * generated Avro class, the catalogue topic, the topic's short name for {@code export --topic}, the
 * record key and the event time, which is the Kafka record timestamp. The one place that maps one to the
 * other.
 */
public enum RecordType {

    PLAN("plan", "plans", ShipmentPlan.class, "issuedAt", TopicCatalogue::shipmentPlans),
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
    private final String eventTimeField;
    private final Function<TopicCatalogue, TopicSpec<String, ? extends SpecificRecord>> topic;

    RecordType(final String jsonName, final String topicShortName, final Class<? extends SpecificRecord> recordClass,
               final String eventTimeField,
               final Function<TopicCatalogue, TopicSpec<String, ? extends SpecificRecord>> topic) {
        this.jsonName = jsonName;
        this.topicShortName = topicShortName;
        this.recordClass = recordClass;
        this.schema = SpecificData.get().getSchema(recordClass);
        this.eventTimeField = eventTimeField;
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

    /** The field that holds the event time, e.g. {@code eventTime}; a plan's ({@code issuedAt}) may be null. */
    public String eventTimeField() {
        return eventTimeField;
    }

    /** The event time of {@code record}: empty only for a plan without {@code issuedAt} (schema v1). */
    public OptionalLong eventTime(final SpecificRecord record) {
        final Object time = record.get(schema.getField(eventTimeField).pos());
        return time == null ? OptionalLong.empty() : OptionalLong.of((Long) time);
    }

    /**
     * The Kafka record timestamp of {@code record}: its event time. A plan without {@code issuedAt} gets the
     * earlier of its {@code plannedDeparture} and {@code now}, the time the streams app then takes for its
     * event time too: never later than the plan can have been issued, never ahead of the broker's clock.
     */
    public long timestamp(final SpecificRecord record, final long now) {
        final OptionalLong time = eventTime(record);
        if (time.isPresent()) {
            return time.getAsLong();
        }
        return Math.min(now, ((ShipmentPlan) record).getPlannedDeparture());
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

    /** The type whose topic in {@code catalogue} is named {@code fullName} (a dead letter's source topic). */
    public static Optional<RecordType> ofTopicName(final String fullName, final TopicCatalogue catalogue) {
        return Arrays.stream(values()).filter(t -> t.topic(catalogue).name().equals(fullName)).findFirst();
    }

    /**
     * The types named by the {@code type} field of the lines of {@code lines}, in declaration order; lines that are
     * not JSON objects with a known type are left out (publishing reports them). Stops at text that is not UTF-8.
     */
    static Set<RecordType> presentIn(final BufferedReader lines) throws IOException {
        final ObjectMapper mapper = new ObjectMapper();
        final Set<RecordType> types = EnumSet.noneOf(RecordType.class);
        String line;
        try {
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    final String json = line.startsWith("\uFEFF") ? line.substring(1) : line;
                    final JsonNode type = mapper.readTree(json).path("type");
                    ofJsonName(type.asText()).ifPresent(types::add);
                } catch (JsonProcessingException e) {
                    // a bad line: rejected with its number when published
                }
            }
        } catch (CharacterCodingException e) {
            // reported with its line number when published
        }
        return types;
    }

    /** "plan, temperature, location, custody, alert", for messages. */
    static String jsonNames() {
        return Arrays.stream(values()).map(RecordType::jsonName).collect(Collectors.joining(", "));
    }
}
