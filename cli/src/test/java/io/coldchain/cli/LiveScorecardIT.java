package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.score.ScoreReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet of {@link ScorecardIT} published at full speed <em>while</em> the streams application runs: hours of
 * event time reach the broker in about a second, on four topics, and each task must still read a shipment's plan
 * before the telemetry and scans that follow it. With Kafka Streams' default {@code max.task.idle.ms=0} a task
 * runs ahead on whichever topic's records the consumer hands out first, and custody scans reach the serial checks
 * before their plans' declarations (false UNKNOWN_SERIAL alerts); the production setting (500 ms) prevents that.
 */
class LiveScorecardIT {

    @TempDir
    Path dir;

    @Test
    void shouldScoreALiveRunAsWellAsAReplay() throws Exception {
        try (FleetRun run = new FleetRun("coldchain-live-scorecard-it", dir)) {
            final ScoreReport report = run.startStreams(Map.of()).publish().awaitAlertsSettled().score();
            System.out.println("live run: recall " + report.recall() + ", precision " + report.precision());

            assertThat(report.missed()).as("missed incidents").isEmpty();
            assertThat(report.precision().orElseThrow()).as("precision; false alerts: %s", report.falseAlerts())
                    .isGreaterThanOrEqualTo(0.99);
        }
    }
}
