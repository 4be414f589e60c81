package io.coldchain.cli.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What {@code epcis} writes passes the rules of the EPCIS 2.0 JSON schema (the subset in the test resources), and
 * the schema does reject documents that break them, so passing means something.
 */
class EpcisSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldWriteADocumentTheEpcisSchemaAccepts() throws IOException {
        final String written = EpcisJson.write(new EpcisMapper(CompanyPrefixes.ofDefault(), null)
                .map(EpcisMapperTest.shipment(null, null), EpcisFixtures.evidence()).document());

        assertThat(EpcisSchema.errors(JSON.readTree(written))).isEmpty();
    }

    @Test
    void shouldAcceptTheGs1StyleExample() throws IOException {
        assertThat(EpcisSchema.errors(JSON.readTree(EpcisMapperTest.golden("epcis/gs1-style-shipping-with-sensor.jsonld"))))
                .isEmpty();
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("an action EPCIS does not have", (Consumer<ObjectNode>) e -> e.put("action", "MOVE")),
                Arguments.of("no eventTime", (Consumer<ObjectNode>) e -> e.remove("eventTime")),
                Arguments.of("no action", (Consumer<ObjectNode>) e -> e.remove("action")),
                Arguments.of("an event type that is not one", (Consumer<ObjectNode>) e -> e.put("type", "ScanEvent")),
                Arguments.of("an SGTIN URN with 5 + 8 digits", (Consumer<ObjectNode>) e ->
                        ((ArrayNode) e.get("epcList")).set(0, "urn:epc:id:sgtin:06141.41012345.A1")),
                Arguments.of("a GTIN instead of an EPC", (Consumer<ObjectNode>) e ->
                        ((ArrayNode) e.get("epcList")).set(0, "00614141123452.A1B2C3")),
                Arguments.of("an offset without two-digit hours", (Consumer<ObjectNode>) e ->
                        e.put("eventTimeZoneOffset", "+1:00")),
                Arguments.of("a time without offset", (Consumer<ObjectNode>) e ->
                        e.put("eventTime", "2025-03-01T06:00:00")),
                Arguments.of("a disposition URI as bizStep", (Consumer<ObjectNode>) e ->
                        e.put("bizStep", "https://ref.gs1.org/cbv/Disp-in_transit")),
                Arguments.of("a bare term CBV does not define", (Consumer<ObjectNode>) e -> e.put("bizStep", "shiping")),
                Arguments.of("an unprefixed field the standard does not have", (Consumer<ObjectNode>) e ->
                        e.put("shipmentId", "SHP-1")),
                Arguments.of("a read point without id", (Consumer<ObjectNode>) e ->
                        e.putObject("readPoint").put("gln", "4012345000009")),
                Arguments.of("an event id that is not a URI", (Consumer<ObjectNode>) e -> e.put("eventID", "42")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void shouldRejectADocumentWith(final String breakage, final Consumer<ObjectNode> breakFirstEvent)
            throws IOException {
        final JsonNode document = JSON.readTree(EpcisMapperTest.golden("epcis/golden-shipment.jsonld"));
        assertThat(EpcisSchema.errors(document)).as("the golden document itself").isEmpty();

        breakFirstEvent.accept((ObjectNode) document.at("/epcisBody/eventList/0"));

        assertThat(EpcisSchema.errors(document)).as(breakage).isNotEmpty();
    }

    @Test
    void shouldRejectADocumentWithoutTheEpcisContextOrSchemaVersion() throws IOException {
        final ObjectNode noContext = (ObjectNode) JSON.readTree(EpcisMapperTest.golden("epcis/golden-shipment.jsonld"));
        noContext.putArray("@context").add("https://example.org/context.jsonld");
        final ObjectNode badVersion = (ObjectNode) JSON.readTree(EpcisMapperTest.golden("epcis/golden-shipment.jsonld"));
        badVersion.put("schemaVersion", "1.2");

        assertThat(EpcisSchema.errors(noContext)).isNotEmpty();
        assertThat(EpcisSchema.errors(badVersion)).isNotEmpty();
    }
}
