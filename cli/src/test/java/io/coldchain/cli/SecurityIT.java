package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.security.LocalUsers;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker as {@code ./coldchain broker --security scram} sets it up (SASL/SCRAM-SHA-512, StandardAuthorizer, the
 * README's ACLs), and each role doing what it may, and being refused in one line (exit 2) what it may not.
 */
class SecurityIT {

    /** Event times near the broker's clock: it refuses records over 1 h ahead and expires old ones. */
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(40, ChronoUnit.MINUTES)
            .toEpochMilli();

    private static final TopicCatalogue TOPICS = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX,
            TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecuredBroker() {
        kafka = new LocalKafka(LocalKafkaSettings.builder()
                .scram(LocalUsers.withRandomPasswords(new SecureRandom())).build()).start();
        kafka.createTopics(TOPICS);
        LocalUsers.grant(kafka, LocalUsers.acls(TOPICS, LocalUsers.STREAMS), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRunTheStreamsAppWithTheReadmeAclsFedByTheIntegratorAndReadByTheOpsCentre() throws Exception {
        final Map<String, String> saslOfApp = new HashMap<>();
        kafka.clientProperties(LocalUsers.STREAMS).forEach((k, v) -> saslOfApp.put(k, String.valueOf(v)));
        saslOfApp.remove("bootstrap.servers");
        try (StreamsRuntime app = new StreamsRuntime(StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .applicationId(LocalUsers.STREAMS).stateDir(Files.createDirectories(dir.resolve("state"))).httpPort(-1)
                .overrides(saslOfApp).build(), Duration.ofSeconds(10))) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(90))).as("streams app RUNNING as its own user").isTrue();

            final Run plan = run("publish", "--file", write("plan.jsonl", plan()).toString(),
                    "--client-config-file", settingsOf(LocalUsers.ADMIN).toString());
            assertThat(plan.exit()).as(plan.err()).isZero();
            final Run telemetry = run("publish", "--file", write("readings.jsonl", excursion()).toString(),
                    "--client-config-file", settingsOf(LocalUsers.INTEGRATOR).toString());
            assertThat(telemetry.exit()).as(telemetry.err()).isZero();
            assertThat(telemetry.out()).contains("published 36 records");

            final Path alerts = dir.resolve("alerts.jsonl");
            final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String exported = "";
            while (!exported.contains("TEMPERATURE_EXCURSION") && System.nanoTime() < deadline) {
                final Run export = run("export", "--topic", "alerts", "--file", alerts.toString(),
                        "--client-config-file", settingsOf(LocalUsers.OPS_CENTRE).toString());
                assertThat(export.exit()).as(export.err()).isZero();
                exported = Files.readString(alerts);
                Thread.sleep(1_000);
            }
            assertThat(exported).as("alert written by the app, read by the ops centre").contains("TEMPERATURE_EXCURSION")
                    .contains("SHP-SEC-1");
            assertThat(app.state()).hasToString("RUNNING");
        }
    }

    @Test
    void shouldLetTheIntegratorPublishTelemetryAndRefuseAPlanInOneLine() throws IOException {
        final String integrator = settingsOf(LocalUsers.INTEGRATOR).toString();

        final Run telemetry = run("publish", "--file", write("t.jsonl", reading(T0, 5.0)).toString(),
                "--client-config-file", integrator);
        final Run withPlan = run("publish", "--file", write("p.jsonl", plan(), reading(T0, 5.0)).toString(),
                "--client-config-file", integrator);

        assertThat(telemetry.exit()).as(telemetry.err()).isZero();
        assertThat(withPlan.exit()).isEqualTo(2);
        assertThat(withPlan.lastErrLine()).isEqualTo("coldchain publish: not authorized to WRITE topic "
                + "coldchain.shipment.plans as User:integrator: ask the cluster admin for WRITE on it; or publish only "
                + "the temperature lines");
        assertThat(withPlan.out()).isEmpty();
    }

    @Test
    void shouldLetTheOpsCentreReadAlertsAndNothingElse() throws IOException {
        final String opsCentre = settingsOf(LocalUsers.OPS_CENTRE).toString();

        final Run alerts = run("export", "--topic", "alerts", "--file", dir.resolve("a.jsonl").toString(),
                "--client-config-file", opsCentre);
        final Run temperature = run("export", "--topic", "temperature", "--client-config-file", opsCentre);
        final Run publish = run("publish", "--file", write("t.jsonl", reading(T0, 5.0)).toString(),
                "--client-config-file", opsCentre);

        assertThat(alerts.exit()).as(alerts.err()).isZero();
        assertThat(temperature.exit()).isEqualTo(2);
        assertThat(temperature.lastErrLine()).isEqualTo("coldchain export: not authorized to READ topic "
                + "coldchain.telemetry.temperature as User:ops-centre: ask the cluster admin for READ on it");
        assertThat(publish.exit()).isEqualTo(2);
        assertThat(publish.lastErrLine()).startsWith("coldchain publish: not authorized to WRITE topic "
                + "coldchain.telemetry.temperature as User:ops-centre");
    }

    @Test
    void shouldRefuseAWrongPasswordAsAnAuthenticationFailure() throws IOException {
        final Path wrong = dir.resolve("wrong.properties");
        Files.writeString(wrong, Files.readString(settingsOf(LocalUsers.INTEGRATOR))
                .replaceAll("password=\"[^\"]*\"", "password=\"not-the-password\""));
        assertThat(Files.readString(wrong)).contains("not-the-password");

        final Run publish = run("publish", "--file", write("t.jsonl", reading(T0, 5.0)).toString(),
                "--client-config-file", wrong.toString());

        assertThat(publish.exit()).isEqualTo(2);
        assertThat(publish.lastErrLine()).startsWith("coldchain publish: authentication failed at "
                + kafka.bootstrapServers() + " as User:integrator").contains("sasl.jaas.config")
                .doesNotContain("start a local broker");
    }

    @Test
    void shouldRefuseAnAnonymousClientWithAnAuthenticationMessage() {
        final Run export = run("export", "--topic", "alerts", "--bootstrap-server", kafka.bootstrapServers());

        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.lastErrLine()).startsWith("coldchain export: Kafka at " + kafka.bootstrapServers()
                + " accepts connections but answered nothing").contains("requires authentication")
                .contains("security.protocol").contains("sasl.jaas.config");
    }

    @Test
    void shouldReportEachToolsDenialInOneLine() throws IOException {
        final Path integrator = settingsOf(LocalUsers.INTEGRATOR);
        final Path labels = write("labels.jsonl");

        final Run score = run("score", "--labels", labels.toString(), "--client-config-file", integrator.toString());
        final Run export = run("export", "--topic", "plans", "--client-config-file", integrator.toString());
        final Run streams = run("streams", "--config-file", integrator.toString(), "--application-id",
                "coldchain-streams-denied", "--http-port", "-1");
        final List<String> simulateArgs = new ArrayList<>(List.of("simulate", "-n", "1", "--speed", "max",
                "--bootstrap-server", kafka.bootstrapServers()));
        kafka.clientProperties(LocalUsers.INTEGRATOR).forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                simulateArgs.addAll(List.of("--producer-config", k + "=" + v));
            }
        });
        final Run simulate = run(simulateArgs.toArray(String[]::new));

        assertThat(score.exit()).isEqualTo(2);
        assertThat(score.errLines()).containsExactly("coldchain score: not authorized to READ topic coldchain.alerts as "
                + "User:integrator: ask the cluster admin for READ on it; or score a file with --alerts FILE");
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.lastErrLine()).isEqualTo("coldchain export: not authorized to READ topic "
                + "coldchain.shipment.plans as User:integrator: ask the cluster admin for READ on it");
        assertThat(streams.exit()).isEqualTo(2);
        assertThat(streams.errLines()).hasSize(1);
        assertThat(streams.lastErrLine()).startsWith("coldchain streams: not authorized to DESCRIBE topics ")
                .contains("coldchain.shipment.plans").contains("as User:integrator");
        assertThat(simulate.exit()).isEqualTo(2);
        assertThat(simulate.lastErrLine()).startsWith("coldchain simulate: not authorized to DESCRIBE topics ")
                .contains("as User:integrator");
    }

    // ---------------------------------------------------------------------------------------------------

    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        String lastErrLine() {
            final List<String> lines = errLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = ColdchainCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code user}'s settings as the broker command prints them, in a file. */
    private Path settingsOf(final String user) throws IOException {
        final Path file = dir.resolve(user + ".properties");
        if (!Files.exists(file)) {
            Files.writeString(file, LocalUsers.snippet(kafka, user), StandardCharsets.UTF_8);
        }
        return file;
    }

    private Path write(final String name, final String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static String plan() {
        return """
                {"type":"plan","shipmentId":"SHP-SEC-1","product":{"gtin":"00614141123452","lot":"L2403A",\
                "expiryDate":"2027-02-28"},"profileName":"refrigerated-2-8","route":{"waypoints":[{"lat":50.8099,\
                "lon":8.7708},{"lat":50.1109,"lon":8.6821}]},"origin":{"name":"Marburg plant","center":{"lat":50.8099,\
                "lon":8.7708},"radiusMeters":250.0},"destination":{"name":"Frankfurt DC","center":{"lat":50.1109,\
                "lon":8.6821},"radiusMeters":400.0},"plannedDeparture":%d,"plannedArrival":%d,"issuedAt":%d}"""
                .formatted(T0, T0 + 7_200_000, T0 - 3_600_000);
    }

    /** A reading a minute for 36 minutes, 12 °C from minute 15 to 19: one band excursion after acclimatisation. */
    private static String[] excursion() {
        final List<String> lines = new ArrayList<>();
        for (int minute = 0; minute < 36; minute++) {
            lines.add(reading(T0 + minute * 60_000L, minute >= 15 && minute < 20 ? 12.0 : 5.0));
        }
        return lines.toArray(String[]::new);
    }

    private static String reading(final long eventTime, final double celsius) {
        return """
                {"type":"temperature","deviceId":"LOG-SEC-1","shipmentId":"SHP-SEC-1","eventTime":%d,\
                "temperatureCelsius":%s,"batteryPercent":80.0}""".formatted(eventTime, celsius);
    }
}
