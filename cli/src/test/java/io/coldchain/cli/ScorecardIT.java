package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.score.Fleets;
import io.coldchain.cli.score.ScoreCommand;
import io.coldchain.cli.score.ScoreReport;
import io.coldchain.schemas.AlertType;
import io.coldchain.sim.incidents.IncidentType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Acceptance of the detection scorecard on the real local broker: a seeded fleet with every incident and
 * confounder type ({@link Fleets#endToEnd}) on an imperfect network (out-of-order and redelivered records, skewed
 * logger clocks, late batches, GPS outliers) is published, the exactly-once streams application processes it,
 * and the alerts, read back with {@code read_committed}, must detect every incident (recall 1.0) and be right
 * (precision at least 0.99), through the same scorecard and {@code score} command a user runs.
 *
 * <p>The simulation is published before the streams application starts, as a replay: every partition's
 * records are then waiting. {@link LiveScorecardIT} publishes while the application runs.
 */
class ScorecardIT {

    @TempDir
    static Path dir;

    private static FleetRun run;

    @BeforeAll
    static void runTheFleet() throws Exception {
        run = new FleetRun("coldchain-scorecard-it", dir).publish().startStreams(Map.of()).awaitAlertsSettled();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void shouldDetectEveryIncidentAndStaySilentOnEveryConfounder() {
        final ScoreReport report = run.score();

        assertThat(run.truth().stream().map(l -> l.type()).collect(Collectors.toSet()))
                .as("every incident and confounder type is in the fleet")
                .containsAll(IncidentType.drawable().stream().map(Enum::name).toList());
        assertThat(report.missed()).as("missed incidents").isEmpty();
        assertThat(report.recall()).hasValue(1.0);
        assertThat(report.precision().orElseThrow()).as("precision; false alerts: %s", report.falseAlerts())
                .isGreaterThanOrEqualTo(0.99);
        assertThat(report.confounders()).allSatisfy(row -> assertThat(row.falseAlerts()).as(row.type()).isZero());
        // Every detector family is wired in and took part.
        assertThat(report.alerts().stream().map(ScoreReport.AlertRow::type).collect(Collectors.toSet()))
                .containsAll(Set.of(AlertType.TEMPERATURE_EXCURSION, AlertType.SENSOR_SILENT,
                        AlertType.ROUTE_DEVIATION, AlertType.UNSCHEDULED_STOP, AlertType.DIVERSION,
                        AlertType.REUSED_SERIAL, AlertType.UNKNOWN_SERIAL, AlertType.UNEXPECTED_CUSTODIAN));
        assertThat(report.alerts().stream().map(ScoreReport.AlertRow::type))
                .containsAnyOf(AlertType.DUPLICATE_SERIAL, AlertType.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void shouldPassTheScoreCommandsThresholdsReadingTheAlertsTopic() {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(new ScoreCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--labels", run.labels().toString(),
                        "--bootstrap-server", run.bootstrapServers(), "--min-precision", "0.99", "--min-recall", "1.0");
        System.out.println(out);

        assertThat(exit).as("score exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("recall 1.000 (minimum 1.0) ok");
    }
}
