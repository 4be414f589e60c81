package io.coldchain.cli.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An EPCIS document written as GS1's published examples are (bare CBV terms, times in several offsets, an
 * {@code ni:} event hash id, sensor data, an error declaration, a foreign extension) is read into our form and
 * written back with the same meaning: equal as JSON trees once times are compared as instants, bare CBV terms as
 * their URIs, and the fields we do not support are set aside (listed below).
 */
class EpcisRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = "epcis/gs1-style-shipping-with-sensor.jsonld";
    /** Event fields and sensorMetadata fields of the example that coldchain does not carry. */
    private static final List<String> UNSUPPORTED = List.of("example:carrierReference", "time", "deviceMetadata");

    @Test
    void shouldReadTheExampleIntoOurFormAndWriteItBackWithTheSameMeaning() throws IOException {
        final JsonNode original = JSON.readTree(EpcisMapperTest.golden(EXAMPLE));

        final EpcisDocument read = EpcisJson.read(original);
        final JsonNode written = JSON.readTree(EpcisJson.write(read));

        final EpcisEvent shipping = read.events().get(1);
        assertThat(shipping.eventTime()).isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));
        assertThat(shipping.bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
        assertThat(shipping.destinationList()).extracting(EpcisEvent.SourceDestination::type).containsExactly(
                "https://ref.gs1.org/cbv/SDT-owning_party", "https://ref.gs1.org/cbv/SDT-location");
        assertThat(shipping.sensorElementList().get(0).reports()).extracting(EpcisEvent.SensorReport::value)
                .containsExactly(4.5, 5.25, 6.0);
        assertThat(read.events().get(2).errorDeclaration().reason())
                .isEqualTo("https://ref.gs1.org/cbv/ER-did_not_occur");
        assertThat(EpcUrns.parseSgtin(shipping.epcList().get(0)).key()).isEqualTo("04012345111118.987");

        assertThat(normalised(written)).isEqualTo(normalised(withoutUnsupported(original)));
        assertThat(written.get("@context").get(0).asText()).isEqualTo(EpcisJson.CONTEXT);
        assertThat(EpcisSchema.errors(written)).isEmpty();
        assertThat(EpcisJson.write(EpcisJson.read(written))).isEqualTo(EpcisJson.write(read));
    }

    @Test
    void shouldReadOurOwnGoldenDocumentBackToTheSameBytes() throws IOException {
        final String golden = EpcisMapperTest.golden("epcis/golden-shipment.jsonld");

        assertThat(EpcisJson.write(EpcisJson.read(JSON.readTree(golden)))).isEqualTo(golden);
    }

    @Test
    void shouldRefuseWhatItCannotRepresentNamingTheField() throws IOException {
        final ObjectNode aggregation = (ObjectNode) JSON.readTree(EpcisMapperTest.golden(EXAMPLE));
        ((ObjectNode) aggregation.at("/epcisBody/eventList/1")).put("type", "AggregationEvent");
        final ObjectNode badAction = (ObjectNode) JSON.readTree(EpcisMapperTest.golden(EXAMPLE));
        ((ObjectNode) badAction.at("/epcisBody/eventList/0")).put("action", "MOVE");

        assertThatThrownBy(() -> EpcisJson.read(aggregation)).hasMessageStartingWith("epcisBody.eventList[1].type");
        assertThatThrownBy(() -> EpcisJson.read(badAction)).hasMessageStartingWith("epcisBody.eventList[0].action");
    }

    private static JsonNode withoutUnsupported(final JsonNode document) {
        final JsonNode copy = document.deepCopy();
        for (final JsonNode event : copy.at("/epcisBody/eventList")) {
            ((ObjectNode) event).remove(UNSUPPORTED);
            for (final JsonNode element : event.path("sensorElementList")) {
                ((ObjectNode) element.get("sensorMetadata")).remove(UNSUPPORTED);
            }
        }
        return copy;
    }

    /** Times as UTC instants, bare CBV terms as URIs, @context left out (it is checked on its own). */
    private static JsonNode normalised(final JsonNode document) {
        final JsonNode copy = document.deepCopy();
        ((ObjectNode) copy).remove("@context");
        for (final JsonNode event : copy.at("/epcisBody/eventList")) {
            final ObjectNode e = (ObjectNode) event;
            expand(e, "bizStep", Cbv.Vocabulary.BIZ_STEP);
            expand(e, "disposition", Cbv.Vocabulary.DISPOSITION);
            if (e.has("errorDeclaration")) {
                expand((ObjectNode) e.get("errorDeclaration"), "reason", Cbv.Vocabulary.ERROR_REASON);
            }
            for (final String list : List.of("sourceList", "destinationList")) {
                e.path(list).forEach(entry -> expand((ObjectNode) entry, "type",
                        Cbv.Vocabulary.SOURCE_DESTINATION_TYPE));
            }
        }
        return instants(copy);
    }

    private static void expand(final ObjectNode node, final String field, final Cbv.Vocabulary vocabulary) {
        if (node.hasNonNull(field)) {
            node.put(field, vocabulary.uri(node.get(field).asText()));
        }
    }

    private static JsonNode instants(final JsonNode node) {
        if (node.isObject()) {
            final List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            fields.forEach(f -> ((ObjectNode) node).set(f.getKey(), instants(f.getValue())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, instants(node.get(i)));
            }
        } else if (node.isTextual() && node.asText().matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            try {
                return TextNode.valueOf(OffsetDateTime.parse(node.asText()).toInstant().toString());
            } catch (DateTimeParseException notATime) {
                return node;
            }
        }
        return node;
    }
}
