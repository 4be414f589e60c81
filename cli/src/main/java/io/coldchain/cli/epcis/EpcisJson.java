package io.coldchain.cli.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coldchain.cli.epcis.EpcisEvent.ErrorDeclaration;
import io.coldchain.cli.epcis.EpcisEvent.SensorElement;
import io.coldchain.cli.epcis.EpcisEvent.SensorReport;
import io.coldchain.cli.epcis.EpcisEvent.SourceDestination;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An {@link EpcisDocument} as EPCIS 2.0 JSON-LD, and back. Written with a fixed key order, two-space indentation,
 * {@code \n} line ends and millisecond times ({@code eventTime} in the event's own offset, the other times in UTC),
 * so one document always gives the same bytes. Reading takes what GS1's examples write: bare CBV terms or URIs,
 * times with any offset and fraction; event types other than {@code ObjectEvent} are refused.
 */
public final class EpcisJson {

    /** The EPCIS 2.0.0 JSON-LD context; the unversioned one ({@link #CONTEXT_LATEST}) is accepted on reading. */
    public static final String CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
    public static final String CONTEXT_LATEST = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
    /** The prefix of coldchain's extension fields ({@code coldchain:shipmentID}) and its namespace IRI. */
    public static final String PREFIX = "coldchain";
    public static final String NAMESPACE = "urn:coldchain:epcis:";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final Pattern OFFSET = Pattern.compile("[+-]([01]\\d|2[0-3]):[0-5]\\d|Z");

    private EpcisJson() {
    }

    /** The document as text: pretty-printed, ending with a line break. */
    public static String write(final EpcisDocument document) {
        final DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(tree(document)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as a JSON tree. */
    public static ObjectNode tree(final EpcisDocument document) {
        final ObjectNode root = NODES.objectNode();
        final ArrayNode context = root.putArray("@context").add(CONTEXT);
        if (document.events().stream().anyMatch(e -> !e.extensions().isEmpty())) {
            context.addObject().put(PREFIX, NAMESPACE);
        }
        root.put("type", "EPCISDocument");
        root.put("schemaVersion", "2.0");
        root.put("creationDate", utc(document.creationDate()));
        final ArrayNode events = root.putObject("epcisBody").putArray("eventList");
        document.events().forEach(event -> events.add(event(event)));
        return root;
    }

    private static ObjectNode event(final EpcisEvent e) {
        final ObjectNode node = NODES.objectNode();
        node.put("type", "ObjectEvent");
        node.put("eventTime", TIME.format(e.eventTime().atOffset(offset(e.eventTimeZoneOffset()))));
        node.put("eventTimeZoneOffset", e.eventTimeZoneOffset());
        if (e.recordTime() != null) {
            node.put("recordTime", utc(e.recordTime()));
        }
        node.put("eventID", e.eventId());
        if (e.errorDeclaration() != null) {
            final ErrorDeclaration declaration = e.errorDeclaration();
            final ObjectNode d = node.putObject("errorDeclaration");
            d.put("declarationTime", utc(declaration.declarationTime()));
            if (declaration.reason() != null) {
                d.put("reason", declaration.reason());
            }
            if (!declaration.correctiveEventIds().isEmpty()) {
                declaration.correctiveEventIds().forEach(d.putArray("correctiveEventIDs")::add);
            }
        }
        e.epcList().forEach(node.putArray("epcList")::add);
        node.put("action", e.action());
        if (e.bizStep() != null) {
            node.put("bizStep", e.bizStep());
        }
        if (e.disposition() != null) {
            node.put("disposition", e.disposition());
        }
        if (e.readPoint() != null) {
            node.putObject("readPoint").put("id", e.readPoint());
        }
        if (e.bizLocation() != null) {
            node.putObject("bizLocation").put("id", e.bizLocation());
        }
        sourceDestinations(node, "sourceList", "source", e.sourceList());
        sourceDestinations(node, "destinationList", "destination", e.destinationList());
        if (!e.sensorElementList().isEmpty()) {
            final ArrayNode elements = node.putArray("sensorElementList");
            e.sensorElementList().forEach(element -> elements.add(sensorElement(element)));
        }
        if (!e.ilmd().isEmpty()) {
            final ObjectNode ilmd = node.putObject("ilmd");
            e.ilmd().forEach(ilmd::put);
        }
        e.extensions().forEach(node::put);
        return node;
    }

    private static void sourceDestinations(final ObjectNode node, final String list, final String idName,
                                           final List<SourceDestination> entries) {
        if (entries.isEmpty()) {
            return;
        }
        final ArrayNode array = node.putArray(list);
        entries.forEach(entry -> array.addObject().put("type", entry.type()).put(idName, entry.id()));
    }

    private static ObjectNode sensorElement(final SensorElement element) {
        final ObjectNode node = NODES.objectNode();
        final ObjectNode metadata = node.putObject("sensorMetadata");
        if (element.deviceId() != null) {
            metadata.put("deviceID", element.deviceId());
        }
        if (element.startTime() != null) {
            metadata.put("startTime", utc(element.startTime()));
        }
        if (element.endTime() != null) {
            metadata.put("endTime", utc(element.endTime()));
        }
        final ArrayNode reports = node.putArray("sensorReport");
        for (final SensorReport report : element.reports()) {
            final ObjectNode r = reports.addObject();
            r.put("type", report.type());
            r.put("value", report.value());
            r.put("uom", report.uom());
            if (report.time() != null) {
                r.put("time", utc(report.time()));
            }
        }
        return node;
    }

    /**
     * Reads an EPCIS 2.0 JSON(-LD) document of {@code ObjectEvent}s.
     *
     * @throws IllegalArgumentException naming the first field that is missing or not what EPCIS 2.0 allows
     */
    public static EpcisDocument read(final JsonNode root) {
        if (!"EPCISDocument".equals(root.path("type").asText())) {
            throw new IllegalArgumentException("type: expected EPCISDocument");
        }
        final JsonNode context = root.path("@context");
        boolean epcisContext = isEpcisContext(context);
        for (final JsonNode entry : context) {
            epcisContext |= isEpcisContext(entry);
        }
        if (!epcisContext) {
            throw new IllegalArgumentException("@context: expected the EPCIS 2.0 context " + CONTEXT);
        }
        if (!"2.0".equals(root.path("schemaVersion").asText())) {
            throw new IllegalArgumentException("schemaVersion: expected \"2.0\"");
        }
        final Instant creationDate = instant(root, "creationDate");
        final List<EpcisEvent> events = new ArrayList<>();
        final JsonNode list = root.path("epcisBody").path("eventList");
        for (int i = 0; i < list.size(); i++) {
            try {
                events.add(readEvent(list.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("epcisBody.eventList[" + i + "]." + e.getMessage(), e);
            }
        }
        return new EpcisDocument(creationDate, events);
    }

    private static EpcisEvent readEvent(final JsonNode node) {
        if (!"ObjectEvent".equals(node.path("type").asText())) {
            throw new IllegalArgumentException("type: only ObjectEvent is supported, got " + node.path("type"));
        }
        final String offset = text(node, "eventTimeZoneOffset");
        if (offset == null || !OFFSET.matcher(offset).matches()) {
            throw new IllegalArgumentException("eventTimeZoneOffset: expected +hh:mm or -hh:mm, got " + offset);
        }
        final JsonNode declarationNode = node.get("errorDeclaration");
        final ErrorDeclaration declaration = declarationNode == null ? null : new ErrorDeclaration(
                instant(declarationNode, "declarationTime"),
                mapped(text(declarationNode, "reason"), Cbv.Vocabulary.ERROR_REASON::uri),
                texts(declarationNode.path("correctiveEventIDs")));
        final Map<String, String> extensions = new TreeMap<>();
        node.fields().forEachRemaining(field -> {
            if (field.getKey().startsWith(PREFIX + ":") && field.getValue().isTextual()) {
                extensions.put(field.getKey(), field.getValue().asText());
            }
        });
        final Map<String, String> ilmd = new TreeMap<>();
        node.path("ilmd").fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode()) {
                ilmd.put(field.getKey(), field.getValue().asText());
            }
        });
        final List<SensorElement> sensors = new ArrayList<>();
        for (final JsonNode element : node.path("sensorElementList")) {
            final JsonNode metadata = element.path("sensorMetadata");
            final List<SensorReport> reports = new ArrayList<>();
            for (final JsonNode report : element.path("sensorReport")) {
                if (!report.path("value").isNumber()) {
                    throw new IllegalArgumentException("sensorElementList.sensorReport.value: expected a number");
                }
                reports.add(new SensorReport(text(report, "type"), report.path("value").asDouble(),
                        text(report, "uom"), report.has("time") ? instant(report, "time") : null));
            }
            sensors.add(new SensorElement(text(metadata, "deviceID"),
                    metadata.has("startTime") ? instant(metadata, "startTime") : null,
                    metadata.has("endTime") ? instant(metadata, "endTime") : null, reports));
        }
        final String action = text(node, "action");
        if (!List.of("ADD", "OBSERVE", "DELETE").contains(action)) {
            throw new IllegalArgumentException("action: expected ADD, OBSERVE or DELETE, got " + action);
        }
        final String eventId = text(node, "eventID");
        if (eventId == null || !Cbv.isUri(eventId)) {
            throw new IllegalArgumentException("eventID: expected a URI, got " + eventId);
        }
        return new EpcisEvent(eventId, instant(node, "eventTime"), "Z".equals(offset) ? "+00:00" : offset,
                node.has("recordTime") ? instant(node, "recordTime") : null, action, texts(node.path("epcList")),
                mapped(text(node, "bizStep"), Cbv.Vocabulary.BIZ_STEP::uri),
                mapped(text(node, "disposition"), Cbv.Vocabulary.DISPOSITION::uri),
                text(node.path("readPoint"), "id"), text(node.path("bizLocation"), "id"),
                sourceDestinations(node.path("sourceList"), "source"),
                sourceDestinations(node.path("destinationList"), "destination"), sensors, new TreeMap<>(ilmd),
                declaration, new TreeMap<>(extensions));
    }

    private static List<SourceDestination> sourceDestinations(final JsonNode list, final String idName) {
        final List<SourceDestination> entries = new ArrayList<>();
        for (final JsonNode entry : list) {
            entries.add(new SourceDestination(Cbv.Vocabulary.SOURCE_DESTINATION_TYPE.uri(text(entry, "type")),
                    text(entry, idName)));
        }
        return entries;
    }

    private static String utc(final Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static ZoneOffset offset(final String offset) {
        return ZoneOffset.of(offset);
    }

    private static Instant instant(final JsonNode node, final String field) {
        final String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException(field + ": required");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO-8601 date-time with offset: " + value, e);
        }
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String mapped(final String value, final Function<String, String> map) {
        return value == null ? null : map.apply(value);
    }

    private static boolean isEpcisContext(final JsonNode context) {
        return context.isTextual() && (CONTEXT.equals(context.asText()) || CONTEXT_LATEST.equals(context.asText()));
    }
}
