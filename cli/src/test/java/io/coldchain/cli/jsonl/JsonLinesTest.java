package io.coldchain.cli.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.DetectionOverrides;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonLinesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonLines jsonLines = new JsonLines();

    static Stream<Arguments> everyRecordTypeWithOptionalFieldsSetAndNull() {
        return Stream.of(
                Arguments.of("plan, every optional field set", Records.fullPlan()),
                Arguments.of("plan, optional fields null or empty", Records.minimalPlan()),
                Arguments.of("temperature, battery reported", Records.reading(87.5f)),
                Arguments.of("temperature, battery null", Records.reading(null)),
                Arguments.of("location, every optional field set", Records.fullFix()),
                Arguments.of("location, optional fields null", Records.minimalFix()),
                Arguments.of("custody, every optional field set", Records.fullCustody()),
                Arguments.of("custody, optional fields null", Records.minimalCustody()),
                Arguments.of("alert, serial and evidence", Records.fullAlert()),
                Arguments.of("alert, no serial, no evidence", Records.minimalAlert()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordTypeWithOptionalFieldsSetAndNull")
    void shouldRoundTripEveryRecordTypeLosslessly(final String name, final SpecificRecord record) throws Exception {
        final String line = jsonLines.write(record);
        final JsonLines.Event event = jsonLines.read(line);

        assertThat(event.record()).isEqualTo(record);
        assertThat(event.type().recordClass()).isEqualTo(record.getClass());
        assertThat(jsonLines.write(event.record())).isEqualTo(line);
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void shouldWriteTypeFirstThenTheFieldsInSchemaOrderWithPlainNullables() {
        assertThat(jsonLines.write(Records.reading(null))).isEqualTo(
                "{\"type\":\"temperature\",\"deviceId\":\"LOG-0001\",\"shipmentId\":\"SHP-000001\","
                        + "\"eventTime\":1740808860000,\"temperatureCelsius\":5.25,\"batteryPercent\":null}");
        assertThat(jsonLines.write(Records.reading(87.5f))).endsWith("\"batteryPercent\":87.5}");
    }

    @Test
    void shouldWriteNestedRecordsAsObjectsEnumsAsSymbolsAndNullableRecordsUnwrapped() throws Exception {
        final JsonNode json = MAPPER.readTree(jsonLines.write(Records.fullCustody()));

        assertThat(json.get("action").asText()).isEqualTo("OBSERVE");
        assertThat(json.get("bizLocation").get("center").get("lat").asDouble()).isEqualTo(50.8099);
        assertThat(json.get("sourceParty").get("name").asText()).isEqualTo("Pharma Werk Marburg");
        assertThat(json.get("errorDeclaration").get("correctiveEventIds")).hasSize(1);
        assertThat(fieldNames(json)).containsExactly("type", "eventId", "eventTime", "eventTimeZoneOffset",
                "recordTime", "action", "bizStep", "disposition", "epcList", "readPoint", "bizLocation", "custodian",
                "sourceParty", "destinationParty", "shipmentId", "lot", "expiryDate", "errorDeclaration");
    }

    @Test
    void shouldWriteTheAlertsOwnTypeAsAlertTypeAndItsEvidenceSortedByName() throws Exception {
        final String line = jsonLines.write(Records.fullAlert());
        final JsonNode json = MAPPER.readTree(line);

        assertThat(fieldNames(json)).containsExactly("type", "alertId", "alertType", "severity", "status",
                "shipmentId", "serial", "ruleId", "firstEvidenceTime", "lastEvidenceTime", "summary", "evidence");
        assertThat(json.get("type").asText()).isEqualTo("alert");
        assertThat(json.get("alertType").asText()).isEqualTo("DUPLICATE_SERIAL");
        assertThat(line).contains("\"evidence\":{\"distanceMeters\":\"41250\",\"otherShipmentId\":\"SHP-000002\"}");
    }

    @Test
    void shouldApplySchemaDefaultsToMissingFields() throws Exception {
        final ObjectNode json = (ObjectNode) MAPPER.readTree(jsonLines.write(Records.minimalPlan()));
        for (final String optional : List.of("profileName", "profile", "plannedStops", "expectedCustodians", "serials",
                "status")) {
            json.remove(optional);
        }
        ((ObjectNode) json.get("route")).remove("corridorHalfWidthMeters");
        ((ObjectNode) json.get("product")).remove("name");

        final ShipmentPlan plan = (ShipmentPlan) jsonLines.read(json.toString()).record();

        assertThat(plan.getStatus()).isEqualTo(ShipmentStatus.PLANNED);
        assertThat(plan.getProfileName()).isNull();
        assertThat(plan.getProfile()).isNull();
        assertThat(plan.getSerials()).isEmpty();
        assertThat(plan.getPlannedStops()).isEmpty();
        assertThat(plan.getExpectedCustodians()).isEmpty();
        assertThat(plan.getRoute().getCorridorHalfWidthMeters()).isEqualTo(2000.0);
        assertThat(plan.getProduct().getName()).isEmpty();
        assertThat(plan).isEqualTo(Records.minimalPlan());
    }

    @Test
    void shouldReadAndWriteAPlansDetectionOverridesAndTakeNullForAPlanWithoutThem() throws Exception {
        final ShipmentPlan withOverrides = ShipmentPlan.newBuilder(Records.fullPlan())
                .setDetectionOverrides(DetectionOverrides.newBuilder().setCorridorConfirmationMinFixes(6).build()).build();
        final String line = jsonLines.write(withOverrides);

        assertThat(line).endsWith("\"detectionOverrides\":{\"corridorConfirmationMinFixes\":6,"
                + "\"corridorConfirmationMinDurationMillis\":null}}");
        assertThat(jsonLines.read(line).record()).isEqualTo(withOverrides);
        final ObjectNode older = (ObjectNode) MAPPER.readTree(jsonLines.write(Records.fullPlan()));
        older.remove("detectionOverrides");
        assertThat(((ShipmentPlan) jsonLines.read(older.toString()).record()).getDetectionOverrides()).isNull();
    }

    @Test
    void shouldGiveEveryRecordItsOwnCopyOfADefault() throws Exception {
        final ObjectNode json = (ObjectNode) MAPPER.readTree(jsonLines.write(Records.minimalPlan()));
        json.remove("serials");
        final ShipmentPlan first = (ShipmentPlan) jsonLines.read(json.toString()).record();
        first.getSerials().add("00614141123452.X");

        final ShipmentPlan second = (ShipmentPlan) jsonLines.read(json.toString()).record();

        assertThat(second.getSerials()).isEmpty();
    }

    @Test
    void shouldCarryNonFiniteNumbersAsStrings() throws Exception {
        final TemperatureReading reading = TemperatureReading.newBuilder(Records.reading(Float.NaN))
                .setTemperatureCelsius(Double.NEGATIVE_INFINITY).build();
        final String line = jsonLines.write(reading);

        assertThat(line).contains("\"temperatureCelsius\":\"-Infinity\"", "\"batteryPercent\":\"NaN\"");
        assertThat(jsonLines.read(line).record()).isEqualTo(reading);
    }

    @Test
    void shouldReadLinesWhateverTheOrderOfTheirFields() throws Exception {
        final String line = "{\"batteryPercent\":null,\"temperatureCelsius\":5.25,\"eventTime\":1740808860000,"
                + "\"shipmentId\":\"SHP-000001\",\"deviceId\":\"LOG-0001\",\"type\":\"temperature\"}";

        assertThat(jsonLines.read(line).record()).isEqualTo(Records.reading(null));
    }

    static Stream<Arguments> malformedLines() {
        final String plan = new JsonLines().write(Records.fullPlan());
        final String reading = new JsonLines().write(Records.reading(87.5f));
        final String custody = new JsonLines().write(Records.fullCustody());
        final String alert = new JsonLines().write(Records.fullAlert());
        return Stream.of(
                Arguments.of(edit(plan, j -> ((ObjectNode) j.at("/route/waypoints/2")).put("lat", "abc")),
                        "field 'route.waypoints[2].lat': expected a number, got \"abc\""),
                Arguments.of(edit(plan, j -> ((ObjectNode) j.get("product")).remove("gtin")),
                        "field 'product.gtin': required, but missing"),
                Arguments.of(edit(reading, j -> j.remove("shipmentId")),
                        "field 'shipmentId': required, but missing"),
                Arguments.of(edit(reading, j -> j.putNull("shipmentId")),
                        "field 'shipmentId': expected a string, got null"),
                Arguments.of(edit(plan, j -> j.put("status", "SHIPPED")),
                        "field 'status': expected one of PLANNED, IN_TRANSIT, DELIVERED, CLOSED, got \"SHIPPED\""),
                Arguments.of(edit(alert, j -> j.put("alertType", "TOO_WARM")),
                        "field 'alertType': expected one of TEMPERATURE_EXCURSION, MKT_EXCEEDED,"),
                Arguments.of(edit(reading, j -> j.put("eventTime", 1.5)),
                        "field 'eventTime': expected an integer (long), got 1.5"),
                Arguments.of(edit(reading, j -> j.put("eventTime", "1740808860000")),
                        "field 'eventTime': expected an integer (long), got \"1740808860000\""),
                Arguments.of(reading.replace("1740808860000", "100000000000000000000"),
                        "field 'eventTime': expected an integer (long), got 100000000000000000000"),
                Arguments.of(edit(reading, j -> j.put("batteryPercent", "high")),
                        "field 'batteryPercent': expected a number or null, got \"high\""),
                Arguments.of(edit(plan, j -> j.put("profile", "refrigerated-2-8")),
                        "field 'profile': expected an object (TemperatureProfile) or null, got \"refrigerated-2-8\""),
                Arguments.of(edit(plan, j -> ((ObjectNode) j.at("/profile/rules/0")).put("kind", "SOMETIMES")),
                        "field 'profile.rules[0].kind': expected one of INSTANT, CONSECUTIVE, CUMULATIVE, MKT, got"),
                Arguments.of(edit(plan, j -> j.put("product", "Vaxigrip")),
                        "field 'product': expected an object (Product), got \"Vaxigrip\""),
                Arguments.of(edit(plan, j -> j.put("serials", "00614141123452.A1B2C3")),
                        "field 'serials': expected an array, got \"00614141123452.A1B2C3\""),
                Arguments.of(edit(plan, j -> ((ArrayNode) j.get("serials")).add(42)),
                        "field 'serials[2]': expected a string, got 42"),
                Arguments.of(edit(alert, j -> ((ObjectNode) j.get("evidence")).put("durationMillis", 60000)),
                        "field 'evidence.durationMillis': expected a string, got 60000"),
                Arguments.of(edit(custody, j -> ((ObjectNode) j.get("errorDeclaration")).remove("declarationTime")),
                        "field 'errorDeclaration.declarationTime': required, but missing"),
                Arguments.of(edit(custody, j -> j.put("action", true)),
                        "field 'action': expected one of ADD, OBSERVE, DELETE, got true"),
                Arguments.of(edit(reading, j -> j.set("deviceId", MAPPER.createObjectNode())),
                        "field 'deviceId': expected a string, got an object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedLines")
    void shouldRejectAMalformedRecordNamingTheFieldPath(final String line, final String reason) {
        assertThatThrownBy(() -> jsonLines.read(line)).isInstanceOf(InvalidLineException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void shouldRejectAnUnknownFieldInsteadOfIgnoringIt() {
        final String typo = edit(jsonLines.write(Records.reading(null)), j -> j.put("temperatureCelcius", 5.0));
        final String nested = edit(jsonLines.write(Records.fullPlan()), j -> ((ObjectNode) j.get("route"))
                .put("corridorWidthMeters", 3000.0));

        assertThatThrownBy(() -> jsonLines.read(typo)).hasMessage("field 'temperatureCelcius': unknown field; "
                + "TemperatureReading has deviceId, shipmentId, eventTime, temperatureCelsius, batteryPercent");
        assertThatThrownBy(() -> jsonLines.read(nested)).hasMessage("field 'route.corridorWidthMeters': unknown "
                + "field; Route has waypoints, corridorHalfWidthMeters");
    }

    @Test
    void shouldNotAcceptTheAlertsOwnTypeUnderItsSchemaName() {
        // "type" names the line's record type; an alert's AlertType goes in "alertType".
        final String line = edit(jsonLines.write(Records.fullAlert()), j -> j.remove("alertType"));

        assertThatThrownBy(() -> jsonLines.read(line)).hasMessage("field 'alertType': required, but missing");
    }

    @Test
    void shouldRejectAnUnknownOrMissingType() {
        final String reading = jsonLines.write(Records.reading(null));

        assertThatThrownBy(() -> jsonLines.read(edit(reading, j -> j.put("type", "humidity"))))
                .hasMessage("field 'type': unknown record type \"humidity\"; expected one of plan, temperature, "
                        + "location, custody, alert");
        assertThatThrownBy(() -> jsonLines.read(edit(reading, j -> j.put("type", 3))))
                .hasMessageStartingWith("field 'type': unknown record type 3;");
        assertThatThrownBy(() -> jsonLines.read(edit(reading, j -> j.remove("type"))))
                .hasMessage("field 'type': required, but missing; expected one of plan, temperature, location, "
                        + "custody, alert");
    }

    @Test
    void shouldRejectWhatIsNotOneJsonObject() {
        final String reading = jsonLines.write(Records.reading(null));

        assertThatThrownBy(() -> jsonLines.read("{\"type\":\"temperature\",")).isInstanceOf(InvalidLineException.class)
                .hasMessageStartingWith("not valid JSON at column 23: Unexpected end-of-input");
        assertThatThrownBy(() -> jsonLines.read("[1, 2]")).hasMessage("expected a JSON object, got an array");
        assertThatThrownBy(() -> jsonLines.read("42")).hasMessage("expected a JSON object, got 42");
        assertThatThrownBy(() -> jsonLines.read(reading + " {}")).hasMessageStartingWith("not valid JSON")
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> jsonLines.read(reading.replace("{\"type\"", "{\"deviceId\":\"X\",\"type\"")))
                .hasMessageStartingWith("not valid JSON").hasMessageContaining("Duplicate field 'deviceId'");
    }

    @Test
    void shouldRefuseToWriteARecordOfNoLineType() {
        assertThatThrownBy(() -> jsonLines.write(Records.fullPlan().getProduct()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.coldchain.schemas.Product");
    }

    @Test
    void shouldKeyEveryTypeByShipmentAndStampEveryRecordWithItsEventTime() {
        final Alert alert = Records.fullAlert();
        final long now = Records.T0 + 86_400_000L;

        assertThat(RecordType.ALERT.key(alert)).isEqualTo(Records.SHIPMENT);
        assertThat(RecordType.ALERT.timestamp(alert, now)).isEqualTo(alert.getLastEvidenceTime());
        assertThat(RecordType.TEMPERATURE.timestamp(Records.reading(null), now)).isEqualTo(Records.T0 + 60_000L);
        assertThat(RecordType.LOCATION.timestamp(Records.fullFix(), now)).isEqualTo(Records.T0 + 120_000L);
        assertThat(RecordType.CUSTODY.timestamp(Records.fullCustody(), now)).isEqualTo(Records.T0 + 180_000L);
        assertThat(RecordType.PLAN.timestamp(Records.fullPlan(), now)).isEqualTo(Records.ISSUED_AT);
        assertThat(RecordType.PLAN.eventTimeField()).isEqualTo("issuedAt");
    }

    @Test
    void shouldStampAPlanWithoutIssuedAtWithTheEarlierOfItsDepartureAndNow() {
        final ShipmentPlan plan = Records.minimalPlan();

        assertThat(RecordType.PLAN.eventTime(plan)).isEmpty();
        assertThat(RecordType.PLAN.timestamp(plan, Records.T0 + 1)).isEqualTo(Records.T0);
        assertThat(RecordType.PLAN.timestamp(plan, Records.T0 - 1)).isEqualTo(Records.T0 - 1);
    }

    @Test
    void shouldRefuseLinesOfTheErrorTopicsSayingHowToPublishTheirRecords() {
        final String late = edit(jsonLines.write(Records.reading(null)),
                json -> json.putObject("setAside").put("reason", "late").put("streamTime", Records.T0));
        final String deadLetter = "{\"type\":\"dead-letter\",\"topic\":\"coldchain.telemetry.temperature\","
                + "\"record\":" + jsonLines.write(Records.reading(null)) + "}";

        assertThatThrownBy(() -> jsonLines.read(late)).hasMessage("field 'setAside': a line of the late-data topic "
                + "(from export --topic late-data); to publish the record to its own topic again, drop the field: "
                + "jq -c 'del(.setAside)'");
        assertThatThrownBy(() -> jsonLines.read(deadLetter)).hasMessage("field 'type': a dead-letter line (from "
                + "export --topic dead-letter) cannot be published; its 'record', where not null, is a line publish "
                + "reads: jq -c '.record // empty'");
    }

    private static String edit(final String line, final Consumer<ObjectNode> change) {
        try {
            final ObjectNode json = (ObjectNode) MAPPER.readTree(line);
            change.accept(json);
            return MAPPER.writeValueAsString(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(final JsonNode json) {
        final List<String> names = new ArrayList<>();
        final Iterator<String> it = json.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
