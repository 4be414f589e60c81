package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.cli.epcis.EpcisSchema;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish} a small hand-written shipment history, then {@code epcis} on the real broker, through the
 * {@code coldchain} command line: a document the EPCIS 2.0 schema accepts, events in time order, the packs as SGTIN
 * URNs, nothing of the other shipment, the same bytes on a second run; an unknown shipment is one line. No streams
 * application: the command reads the input topics only.
 */
class EpcisExportIT {

    /** Whole hours, three hours back: the broker refuses timestamps over 1 h ahead and expires old ones. */
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS)
            .toEpochMilli();
    private static final String PREFIX = "epcis-it.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalKafka kafka;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startBrokerAndPublishTheFixture() throws IOException {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
        kafka.createTopics(new TopicCatalogue(PREFIX, 3, AvroSerdes.local()));
        final Path input = Files.createTempFile("epcis-it", ".jsonl");
        try {
            Files.write(input, Fixture.lines(), StandardCharsets.UTF_8);
            final StringWriter publishErr = new StringWriter();
            final int exit = ColdchainCli.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                    .setErr(new PrintWriter(publishErr, true)).execute("publish", "--file", input.toString(),
                            "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX);
            assertThat(exit).as("publish; stderr:%n%s", publishErr).isZero();
        } finally {
            Files.delete(input);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldWriteTheShipmentAsAValidEpcisDocumentInTimeOrderWithItsPacksAsSgtinUrns() throws IOException {
        final Path file = dir.resolve("SHP-IT-1.jsonld");

        final int exit = coldchain("epcis", "--shipment", "SHP-IT-1", "--out", file.toString(),
                "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX);

        assertThat(exit).as("stderr:%n%s", err).isZero();
        final JsonNode document = JSON.readTree(file.toFile());
        assertThat(EpcisSchema.errors(document)).isEmpty();
        final List<JsonNode> events = new ArrayList<>();
        document.at("/epcisBody/eventList").forEach(events::add);
        // shipping, two sensor hours, receiving; nothing of SHP-IT-2
        assertThat(events).extracting(e -> e.get("bizStep").asText()).containsExactly(
                "https://ref.gs1.org/cbv/BizStep-shipping", "https://ref.gs1.org/cbv/BizStep-sensor_reporting",
                "https://ref.gs1.org/cbv/BizStep-sensor_reporting", "https://ref.gs1.org/cbv/BizStep-receiving");
        assertThat(events).extracting(e -> OffsetDateTime.parse(e.get("eventTime").asText()).toInstant())
                .isSorted().first().isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(events).allSatisfy(e -> assertThat(e.get("coldchain:shipmentID").asText()).isEqualTo("SHP-IT-1"));
        assertThat(events).allSatisfy(e -> assertThat(e.get("epcList")).extracting(JsonNode::asText)
                .containsExactly("urn:epc:id:sgtin:0614141.012345.IT-1", "urn:epc:id:sgtin:0614141.012345.IT-2"));
        assertThat(events.get(1).at("/sensorElementList/0/sensorReport")).extracting(r -> r.get("value").asDouble())
                .containsExactly(5.5, 6.25);
        assertThat(events.get(1).at("/readPoint/id").asText()).isEqualTo("geo:50.5,8.75");
        assertThat(events.get(0).at("/bizLocation/id").asText()).isEqualTo("urn:epc:id:sgln:4012345.00000.0");
        assertThat(document.get("creationDate").asText()).isEqualTo(
                Instant.ofEpochMilli(T0 + 7_205_000).toString().replace("Z", ".000Z"));
        assertThat(err.toString()).doesNotContain("left out").contains("wrote 4 EPCIS events (2 custody, 2 sensor_reporting with 3 readings) of "
                + "SHP-IT-1 to " + file);

        final Path again = dir.resolve("again.jsonld");
        assertThat(coldchain("epcis", "--shipment", "SHP-IT-1", "--out", again.toString(),
                "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX)).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void shouldExportOnePackAcrossItsShipments() throws IOException {
        final Path file = dir.resolve("pack.jsonld");

        final int exit = coldchain("epcis", "--serial", "urn:epc:id:sgtin:0614141.012345.IT-2", "--out",
                file.toString(), "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX);

        assertThat(exit).as("stderr:%n%s", err).isZero();
        final JsonNode document = JSON.readTree(file.toFile());
        assertThat(EpcisSchema.errors(document)).isEmpty();
        assertThat(document.at("/epcisBody/eventList")).extracting(e -> e.get("coldchain:shipmentID").asText())
                .containsOnly("SHP-IT-1").hasSize(4);
    }

    @Test
    void shouldSayInOneLineThatAShipmentIsUnknown() {
        final int exit = coldchain("epcis", "--shipment", "SHP-NOPE", "--out", dir.resolve("x.jsonld").toString(),
                "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().toList()).last().asString().startsWith("coldchain epcis: no plan, custody "
                + "scan or temperature reading of shipment SHP-NOPE in " + PREFIX + "shipment.plans")
                .endsWith("check the id, --topic-prefix and --bootstrap-server");
        assertThat(dir.resolve("x.jsonld")).doesNotExist();
    }

    @Test
    void shouldWriteWhatItCanAndExit1NamingWhatEpcisCannotCarry() throws IOException {
        final Path file = dir.resolve("SHP-IT-3.jsonld");

        final int exit = coldchain("epcis", "--shipment", "SHP-IT-3", "--out", file.toString(),
                "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX);

        assertThat(exit).as("stderr:%n%s", err).isEqualTo(1);
        assertThat(err.toString()).contains("left out: custody event urn:uuid:33333333-0000-4000-8000-000000000001: "
                + "party GLN '4098765000005' (custodian) is not a GLN; left out").contains("; 1 value left out");
        final JsonNode document = JSON.readTree(file.toFile());
        assertThat(EpcisSchema.errors(document)).isEmpty();
        assertThat(document.at("/epcisBody/eventList/0/coldchain:custodian").isMissingNode()).isTrue();
    }

    @Test
    void shouldSayInOneLineThatNothingFallsBetweenFromAndTo() {
        final String from = Instant.ofEpochMilli(T0 + 7_300_000).toString();

        final int exit = coldchain("epcis", "--shipment", "SHP-IT-1", "--from", from, "--out",
                dir.resolve("y.jsonld").toString(), "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", PREFIX);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().toList()).last().asString().isEqualTo("coldchain epcis: shipment SHP-IT-1 "
                + "has no custody scan or reading from " + from + ": widen or drop --from/--to");
    }

    private int coldchain(final String... args) {
        final var cli = ColdchainCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Two shipments: SHP-IT-1 shipped at T0, read three times, fixed once, received at T0 + 2 h; SHP-IT-2 else. */
    private static final class Fixture {

        static List<String> lines() {
            return List.of(
                    """
                    {"type":"plan","shipmentId":"SHP-IT-1","product":{"gtin":"00614141123452","lot":"L1",\
                    "expiryDate":"2027-01-31"},"profileName":"refrigerated-2-8","route":{"waypoints":[{"lat":50.8099,\
                    "lon":8.7708},{"lat":50.1109,"lon":8.6821}]},"origin":{"name":"Marburg plant","gln":\
                    "4012345000009","center":{"lat":50.8099,"lon":8.7708},"radiusMeters":250.0},"destination":\
                    {"name":"Frankfurt DC","gln":"4023456000000","center":{"lat":50.1109,"lon":8.6821},\
                    "radiusMeters":400.0},"plannedDeparture":%d,"plannedArrival":%d,"serials":\
                    ["00614141123452.IT-1","00614141123452.IT-2"],"issuedAt":%d}"""
                            .formatted(T0, T0 + 7_200_000, T0 - 3_600_000),
                    custody("urn:uuid:11111111-0000-4000-8000-000000000002", T0 + 7_200_000, "receiving",
                            "in_progress", "Frankfurt DC", "4023456000000", "4023456000000", "SHP-IT-1",
                            "00614141123452.IT-1\",\"00614141123452.IT-2"),
                    reading("SHP-IT-1", T0 + 300_000, 5.5),
                    reading("SHP-IT-1", T0 + 3_300_000, 6.25),
                    reading("SHP-IT-1", T0 + 3_900_000, 7.0),
                    """
                    {"type":"location","deviceId":"TRK-1","shipmentId":"SHP-IT-1","eventTime":%d,"lat":50.5,\
                    "lon":8.75,"accuracyMeters":10.0,"speedKmh":80.0,"batteryPercent":null}""".formatted(T0 + 3_000_000),
                    custody("urn:uuid:11111111-0000-4000-8000-000000000001", T0, "shipping", "in_transit",
                            "Marburg plant", "4012345000009", "4098765000003", "SHP-IT-1",
                            "00614141123452.IT-1\",\"00614141123452.IT-2"),
                    custody("urn:uuid:22222222-0000-4000-8000-000000000001", T0 + 60_000, "shipping", "in_transit",
                            "Marburg plant", "4012345000009", "4098765000003", "SHP-IT-2", "00614141123452.OTHER"),
                    reading("SHP-IT-2", T0 + 600_000, 4.0),
                    // The carrier GLN of docs/JSON-LINES.md's example: its check digit should be 3.
                    custody("urn:uuid:33333333-0000-4000-8000-000000000001", T0 + 120_000, "shipping", "in_transit",
                            "Marburg plant", "4012345000009", "4098765000005", "SHP-IT-3", "00614141123452.IT-3"));
        }

        private static String reading(final String shipment, final long time, final double celsius) {
            return """
                    {"type":"temperature","deviceId":"LOG-1","shipmentId":"%s","eventTime":%d,\
                    "temperatureCelsius":%s,"batteryPercent":null}""".formatted(shipment, time, celsius);
        }

        private static String custody(final String id, final long time, final String bizStep,
                                      final String disposition, final String site, final String siteGln,
                                      final String custodianGln, final String shipment, final String epcs) {
            return """
                    {"type":"custody","eventId":"%s","eventTime":%d,"eventTimeZoneOffset":"+01:00","recordTime":%d,\
                    "action":"OBSERVE","bizStep":"%s","disposition":"%s","epcList":["%s"],"bizLocation":{"name":\
                    "%s","gln":"%s","center":{"lat":50.8,"lon":8.7},"radiusMeters":250.0},"custodian":{"gln":"%s",\
                    "name":"custodian"},"shipmentId":"%s"}""".formatted(id, time, time + 5_000, bizStep, disposition,
                    epcs, site, siteGln, custodianGln, shipment);
        }
    }
}
