package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish} then {@code export} on a real broker, through the {@code coldchain} command line: every record
 * type comes back as the very line it went in as, bad lines are reported with their numbers and counted while
 * the good ones are published, and export reads committed records within --from/--to only. Each test has its
 * own topic prefix on the one broker of the class.
 */
class PublishExportIT {

    /** Telemetry timestamps near the broker's clock: it rejects those over 1 h ahead and expires old ones. */
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.MINUTES)
            .toEpochMilli();

    private static LocalKafka kafka;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startBroker() {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRoundTripEveryRecordTypeLosslesslyAndPublishTheGoodLinesAroundBadOnes() throws IOException {
        final String prefix = topics("roundtrip.");
        final Path input = write("every-type.jsonl",
                Lines.PLAN,
                "{\"type\":\"temperature\",\"deviceId\":\"LOG-0001\",",
                Lines.temperature(T0),
                Lines.location(T0 + 60_000).replace("\"lat\":50.5,", ""),
                Lines.location(T0 + 60_000),
                "{\"type\":\"humidity\",\"shipmentId\":\"SHP-000001\",\"relativePercent\":41.0}",
                Lines.custody(T0 + 120_000),
                Lines.alert(T0 + 180_000));

        final int exit = coldchain("publish", "--file", input.toString(), "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", prefix);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("published 5 records (plan 1, temperature 1, location 1, custody 1, "
                + "alert 1), rejected 3 lines" + System.lineSeparator());
        final String flags = " --bootstrap-server " + kafka.bootstrapServers() + " --topic-prefix " + prefix;
        assertThat(err.toString().lines().filter(l -> l.contains("./coldchain export"))).containsExactly(
                "check what the pipeline set aside (late, or no plan): ./coldchain export --topic late-data --from "
                        + instant(Lines.ISSUED_AT) + flags,
                "and what it could not read or process: ./coldchain export --topic dead-letter --from "
                        + instant(Lines.ISSUED_AT) + flags);
        assertThat(err.toString().lines().filter(l -> l.startsWith("line "))).containsExactly(
                "line 2: not valid JSON at column 45: Unexpected end-of-input within/between Object entries",
                "line 4: field 'lat': required, but missing",
                "line 6: field 'type': unknown record type \"humidity\"; expected one of plan, temperature, location, "
                        + "custody, alert");

        assertThat(export("plans", prefix)).containsExactly(Lines.PLAN);
        // Stamped with its issuedAt, not the wall clock.
        assertThat(export("plans", prefix, "--from", instant(Lines.ISSUED_AT), "--to", instant(Lines.ISSUED_AT + 1)))
                .containsExactly(Lines.PLAN);
        assertThat(export("temperature", prefix)).containsExactly(Lines.temperature(T0));
        assertThat(export("location", prefix)).containsExactly(Lines.location(T0 + 60_000));
        assertThat(export("custody", prefix)).containsExactly(Lines.custody(T0 + 120_000));
        assertThat(export(prefix + "alerts", prefix)).containsExactly(Lines.alert(T0 + 180_000));
        assertThat(err.toString()).endsWith("exported 1 record from " + prefix + "alerts" + System.lineSeparator());
        assertThat(exportToStdout("custody", prefix)).isEqualTo(Lines.custody(T0 + 120_000) + "\n");
    }

    @Test
    void shouldStampAPlanWithoutIssuedAtWithItsPastDepartureAndSaySo() throws IOException {
        final String prefix = topics("v1plan.");
        final String v1Plan = Lines.PLAN.replace(",\"issuedAt\":" + Lines.ISSUED_AT, "");
        final long departure = 1740808800000L;
        final Path input = write("v1.jsonl", v1Plan, Lines.temperature(T0));

        assertThat(coldchain("publish", "--file", input.toString(), "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", prefix)).isZero();

        assertThat(err.toString()).contains("1 plan without issuedAt (line 1): stamped with the earlier of "
                + "plannedDeparture and now; set issuedAt to when the plan was issued");
        assertThat(export("plans", prefix, "--from", instant(departure), "--to", instant(departure + 1)))
                .containsExactly(v1Plan.replace("\"status\":\"IN_TRANSIT\"",
                        "\"status\":\"IN_TRANSIT\",\"issuedAt\":null"));
    }

    @Test
    void shouldExportWhatThePipelineSetAsideAndWhatItCouldNotReadWithWhyAndRefuseToRepublishIt()
            throws Exception {
        final String prefix = topics("errors.");
        final TopicCatalogue catalogue = new TopicCatalogue(prefix, 3, AvroSerdes.local());
        final String reading = Lines.temperature(T0);
        final String fix = Lines.location(T0 + 60_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // As the streams app sets records aside: unchanged, stamped with their event time, two headers.
            producer.send(lateRecord(catalogue, reading, T0, "event time " + T0 + " is 7200000 ms behind stream time"));
            producer.send(lateRecord(catalogue, fix, T0 + 60_000, "no shipment plan for 'SHP-000001'"));
            // As Kafka Streams dead-letters them: a value that is not Avro, and a reading whose processing failed.
            producer.send(deadLetter(catalogue, new byte[] {0x7b, 0x7d}, new SerializationException("Not Avro")));
            producer.send(deadLetter(catalogue, value(catalogue, reading), new IllegalStateException("rule failed")));
        }

        final List<String> late = export("late-data", prefix, "--from", instant(T0));
        assertThat(late).containsExactlyInAnyOrder(
                withoutLastBrace(reading) + ",\"setAside\":{\"reason\":\"event time " + T0 + " is 7200000 ms behind "
                        + "stream time\",\"streamTime\":" + (T0 + 7_200_000) + "}}",
                withoutLastBrace(fix) + ",\"setAside\":{\"reason\":\"no shipment plan for 'SHP-000001'\","
                        + "\"streamTime\":" + (T0 + 7_200_000) + "}}");
        assertThat(export(prefix + "errors.late-data", prefix, "--from", instant(T0 + 1))).hasSize(1);

        final List<String> dead = export("dead-letter", prefix);
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0)).startsWith("{\"type\":\"dead-letter\",\"topic\":\"" + prefix
                + "telemetry.temperature\",\"partition\":1,\"offset\":7,\"timestamp\":" + T0 + ",\"exception\":"
                + "\"org.apache.kafka.common.errors.SerializationException\",\"message\":\"Not Avro\",\"key\":"
                + "\"SHP-000001\",\"keyBase64\":\"U0hQLTAwMDAwMQ==\",\"valueBase64\":\"e30=\",\"record\":null}");
        assertThat(dead.get(1)).contains("\"exception\":\"java.lang.IllegalStateException\"")
                .endsWith("\"record\":" + reading + "}").doesNotContain("stacktrace");
        assertThat(export("dead-letter", prefix, "--stack-traces").get(1))
                .contains("\"stacktrace\":\"java.lang.IllegalStateException: rule failed");

        final Path again = write("again.jsonl", late.get(0), dead.get(1));
        assertThat(coldchain("publish", "--file", again.toString(), "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", prefix)).isEqualTo(1);
        assertThat(err.toString().lines().filter(l -> l.startsWith("line "))).containsExactly(
                "line 1: field 'setAside': a line of the late-data topic (from export --topic late-data); to publish "
                        + "the record to its own topic again, drop the field: jq -c 'del(.setAside)'",
                "line 2: field 'type': a dead-letter line (from export --topic dead-letter) cannot be published; its "
                        + "'record', where not null, is a line publish reads: jq -c '.record // empty'");
    }

    @Test
    void shouldExportOnlyRecordsStampedFromTheStartUpToButExcludingTheEnd() throws IOException {
        final String prefix = topics("window.");
        final Path input = write("readings.jsonl", Lines.temperature(T0), Lines.temperature(T0 + 60_000),
                Lines.temperature(T0 + 120_000));
        assertThat(coldchain("publish", "--file", input.toString(), "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", prefix)).isZero();

        assertThat(export("temperature", prefix, "--from", instant(T0 + 60_000)))
                .containsExactlyInAnyOrder(Lines.temperature(T0 + 60_000), Lines.temperature(T0 + 120_000));
        assertThat(export("temperature", prefix, "--from", instant(T0 + 60_000), "--to", instant(T0 + 120_000)))
                .containsExactly(Lines.temperature(T0 + 60_000));
        assertThat(export("temperature", prefix, "--to", instant(T0))).isEmpty();
        assertThat(export("temperature", prefix, "--from", instant(T0 + 120_001))).isEmpty();
    }

    @Test
    void shouldReportALineTheBrokerRefusesAndStillPublishTheLinesBatchedWithIt() throws IOException {
        final String prefix = topics("refused.");
        final long twoHoursAhead = Instant.now().plus(2, ChronoUnit.HOURS).toEpochMilli();
        final Path input = write("ahead.jsonl", Lines.temperature(T0), Lines.temperature(twoHoursAhead),
                Lines.temperature(T0 + 60_000));

        final int exit = coldchain("publish", "--file", input.toString(), "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", prefix);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines().filter(l -> l.startsWith("line "))).singleElement().asString()
                .startsWith("line 2: Kafka refused the record");
        assertThat(out.toString()).startsWith("published 2 records (plan 0, temperature 2,");
        assertThat(export("temperature", prefix))
                .containsExactlyInAnyOrder(Lines.temperature(T0), Lines.temperature(T0 + 60_000));
    }

    @Test
    void shouldExportOnlyCommittedRecords() throws IOException {
        final String prefix = topics("committed.");
        final TopicCatalogue catalogue = new TopicCatalogue(prefix, 3, AvroSerdes.local());
        final String committed = Lines.alert(T0);
        final String aborted = Lines.alert(T0 + 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "publish-export-it"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(alertRecord(catalogue, aborted));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(alertRecord(catalogue, committed));
            producer.commitTransaction();
        }

        assertThat(export("alerts", prefix)).containsExactly(committed);
    }

    /** Creates the catalogue's topics under {@code prefix}. */
    private static String topics(final String prefix) {
        kafka.createTopics(new TopicCatalogue(prefix, 3, AvroSerdes.local()));
        return prefix;
    }

    private List<String> export(final String topic, final String prefix, final String... window) throws IOException {
        final Path file = dir.resolve("export-" + topic + "-" + String.join("-", window).replace(':', '_') + ".jsonl");
        final List<String> args = new ArrayList<>(List.of("export", "--topic", topic, "--file", file.toString(),
                "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", prefix));
        args.addAll(List.of(window));
        assertThat(coldchain(args.toArray(String[]::new))).as("export exit code; stderr:%n%s", err).isZero();
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** {@code export --file -}: what it writes to the process's stdout, decoded as UTF-8. */
    private String exportToStdout(final String topic, final String prefix) {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.ISO_8859_1)); // not UTF-8: export must encode
        try {
            assertThat(coldchain("export", "--topic", topic, "--file", "-", "--bootstrap-server",
                    kafka.bootstrapServers(), "--topic-prefix", prefix)).isZero();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private int coldchain(final String... args) {
        final var cli = ColdchainCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path write(final String name, final String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, byte[]> alertRecord(final TopicCatalogue catalogue, final String line) {
        try {
            final Alert alert = (Alert) new io.coldchain.cli.jsonl.JsonLines().read(line).record();
            return new ProducerRecord<>(catalogue.alerts().name(), null, alert.getLastEvidenceTime(),
                    alert.getShipmentId(), catalogue.alerts().valueSerde().serializer()
                    .serialize(catalogue.alerts().name(), alert));
        } catch (io.coldchain.cli.jsonl.InvalidLineException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<byte[], byte[]> lateRecord(final TopicCatalogue catalogue, final String line,
                                                             final long eventTime, final String reason) {
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(catalogue.lateData().name(), null, eventTime,
                "SHP-000001".getBytes(StandardCharsets.UTF_8), catalogue.lateData().valueSerde().serializer()
                .serialize(catalogue.lateData().name(), read(line)));
        record.headers().add("coldchain.late.reason", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("coldchain.late.stream-time",
                Long.toString(T0 + 7_200_000).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** A dead letter built by Kafka Streams' own code, for offset 7 of partition 1 of the temperature topic. */
    private static ProducerRecord<byte[], byte[]> deadLetter(final TopicCatalogue catalogue, final byte[] value,
                                                             final Exception exception) {
        final byte[] key = "SHP-000001".getBytes(StandardCharsets.UTF_8);
        return ExceptionHandlerUtils.buildDeadLetterQueueRecord(catalogue.deadLetters().name(), key, value,
                new DefaultErrorHandlerContext(null, catalogue.temperatureReadings().name(), 1, 7, new RecordHeaders(),
                        "detect-temperature-excursions", new TaskId(0, 1), T0, key, value), exception);
    }

    private static byte[] value(final TopicCatalogue catalogue, final String line) {
        return catalogue.temperatureReadings().valueSerde().serializer()
                .serialize(catalogue.temperatureReadings().name(), (TemperatureReading) read(line));
    }

    private static org.apache.avro.specific.SpecificRecord read(final String line) {
        try {
            return new io.coldchain.cli.jsonl.JsonLines().read(line).record();
        } catch (io.coldchain.cli.jsonl.InvalidLineException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withoutLastBrace(final String line) {
        return line.substring(0, line.length() - 1);
    }

    private static String instant(final long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** One line of every type, written out in full as export writes them: every optional field set. */
    private static final class Lines {

        /** When PLAN was issued: a day before its departure. */
        static final long ISSUED_AT = 1740722400000L;

        static final String PLAN = """
                {"type":"plan","shipmentId":"SHP-000001","product":{"gtin":"00614141123452","name":"Vaxigrip 0.5 ml",\
                "lot":"L2403A","expiryDate":"2026-02-28"},"profileName":"refrigerated-2-8","profile":{"name":\
                "refrigerated-2-8","minCelsius":2.0,"maxCelsius":8.0,"rules":[{"ruleId":"heat-25c-30m","kind":\
                "CONSECUTIVE","direction":"AT_OR_ABOVE","limitCelsius":25.0,"durationMillis":1800000,"windowMillis":0,\
                "severity":"HIGH"}],"maxReadingGapMillis":1800000,"maxSilenceMillis":3600000,"stabilityBudgetMillis":\
                7200000},"route":{"waypoints":[{"lat":50.8099,"lon":8.7708},{"lat":50.3569,"lon":8.7486},{"lat":50.1109,\
                "lon":8.6821}],"corridorHalfWidthMeters":1500.0},"plannedStops":[{"area":{"name":"Rastplatz Wetterau",\
                "gln":null,"center":{"lat":50.3569,"lon":8.7486},"radiusMeters":300.0},"maxDwellMillis":2700000}],\
                "origin":{"name":"Marburg plant","gln":"4012345000009","center":{"lat":50.8099,"lon":8.7708},\
                "radiusMeters":250.0},"destination":{"name":"Frankfurt DC","gln":null,"center":{"lat":50.1109,"lon":\
                8.6821},"radiusMeters":400.0},"plannedDeparture":1740808800000,"plannedArrival":1740816000000,\
                "expectedCustodians":[{"gln":"4012345000009","name":"Pharma Werk Marburg"},{"gln":"4098765000005",\
                "name":"Kühl-Logistik GmbH"}],"serials":["00614141123452.A1B2C3","00614141123452.A1B2C4"],\
                "status":"IN_TRANSIT","issuedAt":1740722400000,"detectionOverrides":null}""";

        static String temperature(final long eventTime) {
            return """
                    {"type":"temperature","deviceId":"LOG-0001","shipmentId":"SHP-000001","eventTime":%d,\
                    "temperatureCelsius":5.25,"batteryPercent":87.5}""".formatted(eventTime);
        }

        static String location(final long eventTime) {
            return """
                    {"type":"location","deviceId":"TRK-0001","shipmentId":"SHP-000001","eventTime":%d,"lat":50.5,\
                    "lon":8.75,"accuracyMeters":12.5,"speedKmh":81.0,"batteryPercent":64.5}""".formatted(eventTime);
        }

        static String custody(final long eventTime) {
            return """
                    {"type":"custody","eventId":"urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c01","eventTime":%d,\
                    "eventTimeZoneOffset":"+01:00","recordTime":%d,"action":"OBSERVE","bizStep":"shipping",\
                    "disposition":"in_transit","epcList":["00614141123452.A1B2C3","00614141123452.A1B2C4"],\
                    "readPoint":"urn:epc:id:sgln:4012345.00000.1","bizLocation":{"name":"Marburg plant","gln":\
                    "4012345000009","center":{"lat":50.8099,"lon":8.7708},"radiusMeters":250.0},"custodian":{"gln":\
                    "4098765000005","name":"Kühl-Logistik GmbH"},"sourceParty":{"gln":"4012345000009","name":\
                    "Pharma Werk Marburg"},"destinationParty":{"gln":"4098765000005","name":"Kühl-Logistik GmbH"},\
                    "shipmentId":"SHP-000001","lot":"L2403A","expiryDate":"2026-02-28","errorDeclaration":\
                    {"declarationTime":%d,"reason":"incorrect_data","correctiveEventIds":\
                    ["urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c02"]}}""".formatted(eventTime, eventTime + 5_000,
                    eventTime + 10_000);
        }

        static String alert(final long lastEvidenceTime) {
            return """
                    {"type":"alert","alertId":"3f2a9c0e7b1d4e5f","alertType":"DUPLICATE_SERIAL","severity":"CRITICAL",\
                    "status":"OPEN","shipmentId":"SHP-000001","serial":"00614141123452.A1B2C3","ruleId":\
                    "serial-duplicate","firstEvidenceTime":%d,"lastEvidenceTime":%d,"summary":\
                    "Serial 00614141123452.A1B2C3 seen in SHP-000002 41 km away 3 min earlier.","evidence":\
                    {"distanceMeters":"41250","otherShipmentId":"SHP-000002"}}""".formatted(lastEvidenceTime - 60_000,
                    lastEvidenceTime);
        }
    }
}
