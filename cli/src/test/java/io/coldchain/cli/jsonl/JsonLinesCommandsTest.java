package io.coldchain.cli.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.UserErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands' flags, exit codes and one-line errors, without a broker. */
class JsonLinesCommandsTest {

    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final JsonLines jsonLines = new JsonLines();

    @Test
    void shouldCheckAFileInADryRunAndExitWith1WhenALineIsRejected() throws IOException {
        final Path file = write(jsonLines.write(Records.fullPlan()), "{\"type\":\"plan\"}", jsonLines.write(Records.fullAlert()));

        final int exit = run(new PublishCommand(), "--file", file.toString(), "--dry-run", "--bootstrap-server", NO_BROKER);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("valid 2 records (plan 1, temperature 0, location 0, custody 0, alert 1), "
                + "rejected 1 line; nothing published (--dry-run)" + System.lineSeparator());
        assertThat(err.toString().lines()).containsExactly("coldchain publish: checking " + file + " (--dry-run)",
                "line 2: field 'shipmentId': required, but missing");
    }

    @Test
    void shouldSayInADryRunWhichPlansHaveNoIssuedAt() throws IOException {
        final Path file = write(jsonLines.write(Records.reading(null)), jsonLines.write(Records.minimalPlan()));

        assertThat(run(new PublishCommand(), "--file", file.toString(), "--dry-run")).isZero();
        assertThat(err.toString().lines()).containsExactly("coldchain publish: checking " + file + " (--dry-run)",
                "1 plan without issuedAt (line 2): would be stamped with the earlier of plannedDeparture and now; "
                        + "set issuedAt to when the plan was issued");
    }

    @Test
    void shouldSayWhereToLookForWhatThePipelineSetAsideFromTheEarliestTimestampPublished() {
        final PublishReport telemetry = published(Map.of(RecordType.PLAN, 1L, RecordType.TEMPERATURE, 46L));
        final PublishReport custody = published(Map.of(RecordType.CUSTODY, 1L));

        assertThat(PublishCommand.setAsideHints(telemetry, " --topic-prefix acme.")).containsExactly(
                "check what the pipeline set aside (late, or no plan): ./coldchain export --topic late-data "
                        + "--from 2025-03-01T06:00:00Z --topic-prefix acme.",
                "and what it could not read or process: ./coldchain export --topic dead-letter "
                        + "--from 2025-03-01T06:00:00Z --topic-prefix acme.");
        assertThat(PublishCommand.setAsideHints(custody, "")).containsExactly("check what the pipeline could not "
                + "read or process: ./coldchain export --topic dead-letter --from 2025-03-01T06:00:00Z");
        assertThat(PublishCommand.setAsideHints(published(Map.of(RecordType.ALERT, 1L)), "")).isEmpty();
        assertThat(PublishCommand.setAsideHints(new PublishReport(Map.of(RecordType.TEMPERATURE, 1L), 0, true,
                List.of(), OptionalLong.empty()), "")).isEmpty();
    }

    @Test
    void shouldReadStdinAndExitWith0WhenEveryLineIsGood() {
        final PublishCommand command = new PublishCommand();
        command.stdin = new ByteArrayInputStream((jsonLines.write(Records.fullFix()) + "\n")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(run(command, "--file", "-", "--dry-run")).isZero();
        assertThat(out.toString()).startsWith("valid 1 record (plan 0, temperature 0, location 1,");
    }

    @Test
    void shouldExitWith2AndOneLineWhenTheFileIsMissing() {
        final int exit = run(new PublishCommand(), "--file", dir.resolve("nope.jsonl").toString(), "--dry-run");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).last().isEqualTo("coldchain publish: --file " + dir.resolve("nope.jsonl")
                + ": no such file");
    }

    @Test
    void shouldExitWith2AndOneLineWhenTheBrokerIsUnreachable() throws IOException {
        final PublishCommand command = new PublishCommand();
        command.kafka.clusterTimeout = Duration.ofSeconds(1);
        final Path file = write(jsonLines.write(Records.fullFix()));

        final int exit = run(command, "--file", file.toString(), "--bootstrap-server", NO_BROKER);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(2).last().asString()
                .startsWith("coldchain publish: cannot reach Kafka at " + NO_BROKER + " (no answer within 1 s)")
                .endsWith("start a local broker with './coldchain broker' or pass --bootstrap-server");
    }

    @Test
    void shouldExitWith2AndOneLineWhenExportCannotReachTheBroker() {
        final ExportCommand command = new ExportCommand();
        command.kafka.clusterTimeout = Duration.ofSeconds(1);

        final int exit = run(command, "--topic", "alerts", "--bootstrap-server", NO_BROKER);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(2).last().asString()
                .startsWith("coldchain export: cannot reach Kafka at " + NO_BROKER);
    }

    @Test
    void shouldNameTheTopicsExportKnows() {
        final int exit = run(new ExportCommand(), "--topic", "alert");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("coldchain: --topic alert: expected one of plans, temperature, location, "
                + "custody, alerts, late-data, dead-letter, or the full name of one of their topics "
                + "(coldchain.shipment.plans, coldchain.telemetry.temperature, coldchain.telemetry.location, "
                + "coldchain.custody.events, coldchain.alerts, coldchain.errors.late-data, "
                + "coldchain.errors.dead-letter) (see 'export --help')" + System.lineSeparator());
    }

    @Test
    void shouldRejectTimesThatAreNotInstantsOrOutOfOrder() {
        assertThat(run(new ExportCommand(), "--topic", "alerts", "--from", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("'yesterday' is not an ISO-8601 instant such as 2025-03-01T06:00:00Z");

        assertThat(run(new ExportCommand(), "--topic", "alerts", "--from", "2025-03-01T07:00:00+01:00",
                "--to", "2025-03-01T06:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("--from 2025-03-01T06:00:00Z must be before --to 2025-03-01T06:00:00Z");
    }

    private int run(final Object command, final String... args) {
        final CommandLine cli = UserErrors.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static PublishReport published(final Map<RecordType, Long> counts) {
        return new PublishReport(counts, 0, false, List.of(), OptionalLong.of(Records.T0));
    }

    private Path write(final String... lines) throws IOException {
        return Files.write(dir.resolve("in.jsonl"), List.of(lines), StandardCharsets.UTF_8);
    }
}
