package io.coldchain.sim.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.sim.Fixtures;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.network.Realism;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    private static final Instant NOW = Instant.parse("2025-03-03T12:00:30Z");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final SimulateCommand command = new SimulateCommand();
    private final CommandLine cli = new CommandLine(command)
            .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

    @Test
    void shouldUseTheDocumentedDefaults() {
        cli.parseArgs();
        assertThat(command.bootstrapServers)
                .isEqualTo(System.getenv().getOrDefault("COLDCHAIN_BOOTSTRAP_SERVERS", "localhost:9092"));
        assertThat(command.shipments).isEqualTo(5);
        assertThat(command.seed).isEqualTo(42);
        assertThat(command.speed).isEqualTo(60);
        assertThat(command.rate).isNull();
        assertThat(command.warmFraction).isEqualTo(0.25);
        assertThat(command.readingInterval).isEqualTo(Duration.ofMinutes(5));
        assertThat(command.fixInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(command.start).isNull();
        assertThat(command.topicPrefix).isEqualTo("coldchain.");
        assertThat(command.createTopics).isFalse();
    }

    @Test
    void shouldReadSpeedsDurationsAndProducerSettings() {
        cli.parseArgs("--speed", "max", "--reading-interval", "PT2M", "--fix-interval", "30s",
                "--producer-config", "compression.type=lz4", "--producer-config", "acks=1");
        assertThat(command.speed).isZero();
        assertThat(command.readingInterval).isEqualTo(Duration.ofMinutes(2));
        assertThat(command.fixInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(command.producerConfig).containsEntry("compression.type", "lz4").containsEntry("acks", "1");
    }

    @Test
    void shouldInjectTheDefaultMixOnAPerfectNetworkUnlessToldOtherwise() {
        cli.parseArgs();
        assertThat(command.request(NOW).settings().incidents()).isEqualTo(IncidentMix.defaults());
        assertThat(command.request(NOW).settings().realism()).isEqualTo(Realism.none());
        assertThat(command.labels).isNull();
        assertThat(command.dryRun).isFalse();
    }

    @Test
    void shouldReadTheIncidentMixAndTheNetworkRealism() {
        cli.parseArgs("--incidents", "none", "--incident-rate", "THEFT_STOP=0.1", "--incident-rate", "GPS_OUTLIER=0.05",
                "--network-realism", "--duplicate-rate", "0.2", "--clock-skew", "10s");
        assertThat(command.request(NOW).settings().incidents().rates()).containsOnly(
                Map.entry(IncidentType.THEFT_STOP, 0.1), Map.entry(IncidentType.GPS_OUTLIER, 0.05));
        assertThat(command.request(NOW).settings().realism()).isEqualTo(Realism.preset().withDuplicateRate(0.2)
                .withLoggerClockSkew(Duration.ofSeconds(10)));
        final SimulateCommand all = new SimulateCommand();
        new CommandLine(all).parseArgs("--incidents", "ALL");
        assertThat(all.request(NOW).settings().incidents()).isEqualTo(IncidentMix.all());
    }

    @Test
    void shouldWriteTheLabelsAndMeasureTheGeneratorWithoutKafka(@TempDir final Path dir) throws Exception {
        final Path labels = dir.resolve("truth/labels.jsonl");

        assertThat(cli.execute("--dry-run", "-n", "34", "--incidents", "all", "--warm-fraction", "0", "--labels",
                labels.toString(), "--start", "2025-03-03T06:00:00Z")).isZero();

        final List<String> lines = Files.readAllLines(labels);
        assertThat(lines).hasSize(32).allSatisfy(line -> assertThat(IncidentLabel.fromJson(line)).isNotNull());
        assertThat(err.toString()).contains("wrote the ground truth to " + labels + ": 22 incidents, 10 confounders");
        assertThat(out.toString()).startsWith("generated ").contains("for 34 shipments without publishing")
                .contains("events/s");
    }

    @Test
    void shouldRejectAnImpossibleMixInOneLine() {
        final CommandLine standalone = SimulatorMain.commandLine().setErr(new PrintWriter(err, true));
        assertThat(standalone.execute("--incidents", "some")).isEqualTo(2);
        assertThat(err.toString()).contains("'some' is not an incident mix: none, default or all");
        assertThat(cli.execute("--incident-rate", "DETOUR=0.9", "--incident-rate", "FREEZING=0.9")).isEqualTo(2);
        assertThat(err.toString()).contains("incident rates add up to").doesNotContain("Exception");
        assertThat(cli.execute("--incidents", "all", "--incident-rate", "DETOUR=0.1")).isEqualTo(2);
    }

    @Test
    void shouldRejectBadFlagsInOneLine() {
        final CommandLine standalone = SimulatorMain.commandLine().setErr(new PrintWriter(err, true));
        assertThat(standalone.execute("--speed", "fast")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("coldchain simulate: Invalid value for option '--speed': 'fast' is not "
                + "a speed: give simulated seconds per wall second (60) or 'max' (see 'simulate --help')"
                + System.lineSeparator());
    }

    @Test
    void shouldSayInOneLineThatTheBrokerIsUnreachableAndWhatToDo() throws Exception {
        final int closedPort = closedPort();
        command.clusterTimeout = Duration.ofSeconds(1);

        assertThat(cli.execute("--bootstrap-server", "localhost:" + closedPort, "--start", "2025-03-03T06:00:00Z"))
                .isEqualTo(2);

        final String[] lines = err.toString().split(System.lineSeparator());
        assertThat(lines[lines.length - 1]).isEqualTo("coldchain simulate: cannot reach Kafka at localhost:"
                + closedPort + " (no answer within 1 s): start a local broker with './coldchain broker' or pass "
                + "--bootstrap-server");
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldGiveAShareOfRoadShipmentsAHubStopUnlessToldOtherwise() {
        cli.parseArgs();
        assertThat(command.hubShare).isEqualTo(SimulationSettings.DEFAULT_HUB_SHARE).isEqualTo(0.3);
        cli.parseArgs("--hub-share", "0");
        assertThat(command.hubShare).isZero();
        cli.parseArgs("--hub-share", "1");
        assertThat(command.hubShare).isEqualTo(1.0);
    }

    @Test
    void shouldRecordShipmentsTheCommonWayUnlessToldOtherwise() {
        cli.parseArgs();
        assertThat(command.request(NOW).settings().conventions()).isEqualTo(Conventions.defaults());
        cli.parseArgs("--republish-delivered-plans", "--silent-carrier-share", "0.5", "--plan-revision-share", "0",
                "--no-plan-issued-at", "--no-hub-storing", "--consignee-storing-share", "1", "--other-logger-share",
                "0.2", "--batch-upload-share", "0", "--duplicate-reading-rate", "0.01");
        assertThat(command.request(NOW).settings().conventions()).isEqualTo(new Conventions(false, 0, true, 0.5, false, 1, 0.2, 0, 0.01));
        final SimulateCommand legacy = new SimulateCommand();
        new CommandLine(legacy).parseArgs("--legacy-conventions", "--silent-carrier-share", "1");
        assertThat(legacy.request(NOW).settings().conventions()).isEqualTo(Conventions.legacy().withSilentCarrierShare(1));
    }

    @Test
    void shouldRejectAConventionShareOutsideZeroToOneInOneLine() {
        assertThat(cli.execute("--silent-carrier-share", "1.2")).isEqualTo(2);
        assertThat(err.toString()).contains("silent carrier share must be within 0..1").doesNotContain("Exception");
        assertThat(cli.execute("--duplicate-reading-rate", "-1")).isEqualTo(2);
    }

    @Test
    void shouldRejectAHubShareOutsideZeroToOne() {
        assertThat(cli.execute("--hub-share", "1.5")).isEqualTo(2);
        assertThat(cli.execute("--hub-share", "-0.1")).isEqualTo(2);
        assertThat(cli.execute("--hub-share", "NaN")).isEqualTo(2);
        assertThat(cli.execute("--hub-share", "some")).isEqualTo(2);
    }

    @Test
    void shouldRejectValuesOutOfRangeBeforeTouchingKafka() {
        assertThat(cli.execute("--warm-fraction", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("warm fraction must be within 0..1");
        assertThat(cli.execute("--start", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--start 'yesterday' is not an ISO-8601 instant");
        assertThat(cli.execute("--rate", "0")).isEqualTo(2);
        assertThat(cli.execute("--shipments", "0")).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void shouldAnchorTheDefaultStartSoNoTimestampRunsAheadOfTheWallClock() throws Exception {
        final Instant now = Instant.parse("2025-03-03T12:00:30Z");
        final SimulateCommand fixedClock = new SimulateCommand(Clock.fixed(now, ZoneOffset.UTC));
        fixedClock.clusterTimeout = Duration.ofSeconds(1);
        final CommandLine withClock = new CommandLine(fixedClock).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));

        withClock.execute("--bootstrap-server", "localhost:" + closedPort(), "--speed", "max");

        // The command's default mix: redelivered records may reach the broker up to 10 min after the last event.
        final Duration span = Simulation.span(Fixtures.current().withIncidents(IncidentMix.defaults())
                .withHubShare(SimulationSettings.DEFAULT_HUB_SHARE));
        final Instant expectedStart = now.minus(span).truncatedTo(ChronoUnit.MINUTES);
        assertThat(err.toString()).startsWith("simulating 5 shipments, seed 42, start " + expectedStart
                + " (anchored to the wall clock)").doesNotContain("warning");
    }

    @Test
    void shouldWarnWhenAnExplicitStartRunsAheadOfTheBrokersLimit() throws Exception {
        final SimulateCommand fixedClock = new SimulateCommand(
                Clock.fixed(Instant.parse("2025-03-03T12:00:30Z"), ZoneOffset.UTC));
        fixedClock.clusterTimeout = Duration.ofSeconds(1);
        final CommandLine withClock = new CommandLine(fixedClock).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));

        withClock.execute("--bootstrap-server", "localhost:" + closedPort(), "--start", "now");

        assertThat(err.toString()).contains("start 2025-03-03T12:00:00Z,")
                .contains("warning: event times will run up to").contains("message.timestamp.after.max.ms");
    }

    @Test
    void shouldPrintHelp() {
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: simulate", "--bootstrap-server", "--speed", "--producer-config",
                "--incidents", "--incident-rate", "--labels", "--network-realism", "THEFT_STOP", "LATE_WITHIN_GRACE",
                "--republish-delivered-plans", "--silent-carrier-share", "--legacy-conventions");
    }

    @Test
    void shouldMaskSecretsWhenPrintingTheSettings() throws Exception {
        command.clusterTimeout = Duration.ofSeconds(1);

        assertThat(cli.execute("--bootstrap-server", "localhost:" + closedPort(), "--start", "2025-03-03T06:00:00Z",
                "--schema-registry-url", "https://user:regpw@registry:8081/apis",
                "--producer-config", "sasl.jaas.config=x required username=\"alice\" password=\"jaaspw\";",
                "--producer-config", "ssl.keystore.password=storepw")).isEqualTo(2);

        assertThat(err.toString()).contains("schema registry https://****@registry:8081/apis",
                "sasl.jaas.config=****", "ssl.keystore.password=****").doesNotContain("regpw", "jaaspw", "storepw");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
