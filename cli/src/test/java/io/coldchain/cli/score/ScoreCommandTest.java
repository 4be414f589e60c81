package io.coldchain.cli.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {

    private static final String LABELS = "{\"type\":\"THEFT_STOP\",\"expectedAlertTypes\":[\"UNSCHEDULED_STOP\"],"
            + "\"shipmentId\":\"SHP-000001\",\"serial\":null,\"start\":1000,\"end\":5000,"
            + "\"sideEffectAlertTypes\":[\"ROUTE_DEVIATION\"],\"relatedShipmentId\":null,\"confounder\":false}\n"
            + "{\"type\":\"DETOUR\",\"expectedAlertTypes\":[\"ROUTE_DEVIATION\"],\"shipmentId\":\"SHP-000002\","
            + "\"serial\":null,\"start\":1000,\"end\":5000}\n"
            + "{\"type\":\"TRAFFIC_STOP\",\"expectedAlertTypes\":[],\"shipmentId\":\"SHP-000003\",\"start\":1000,"
            + "\"end\":2000,\"confounder\":true}\n";
    private static final String ALERTS = alert("a", "UNSCHEDULED_STOP", "SHP-000001", 3000)
            + alert("b", "ROUTE_DEVIATION", "SHP-000001", 2000)
            + alert("c", "UNSCHEDULED_STOP", "SHP-000003", 1500);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static String alert(final String id, final String type, final String shipment, final long at) {
        return "{\"type\":\"alert\",\"alertId\":\"" + id + "\",\"alertType\":\"" + type + "\",\"status\":\"OPEN\","
                + "\"shipmentId\":\"" + shipment + "\",\"lastEvidenceTime\":" + at + "}\n";
    }

    private int score(final String... args) {
        return new CommandLine(new ScoreCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void shouldPrintTheTablesAndMeetThresholdsItMeets() throws Exception {
        final Path labels = Files.writeString(dir.resolve("labels.jsonl"), LABELS);
        final Path alerts = Files.writeString(dir.resolve("alerts.jsonl"), ALERTS);

        assertThat(score("--labels", labels.toString(), "--alerts", alerts.toString(), "--min-recall", "0.5",
                "--min-precision", "0.6")).isZero();

        assertThat(out.toString())
                .contains("incident type", "THEFT_STOP", "DETOUR", "all incidents", "alert type", "UNSCHEDULED_STOP",
                        "confounder (must be silent)", "TRAFFIC_STOP")
                .contains("missed incidents:", "false alerts:")
                .containsPattern("all incidents\\s+2\\s+1\\s+1\\s+0.500")
                .containsPattern("all alerts\\s+3\\s+2\\s+1\\s+0.667")
                .containsPattern("TRAFFIC_STOP\\s+1\\s+1")
                .contains("precision 0.667 (minimum 0.6) ok; recall 0.500 (minimum 0.5) ok");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldExitOneBelowAThreshold() throws Exception {
        final Path labels = Files.writeString(dir.resolve("labels.jsonl"), LABELS);
        final Path alerts = Files.writeString(dir.resolve("alerts.jsonl"), ALERTS);

        assertThat(score("--labels", labels.toString(), "--alerts", alerts.toString(), "--min-precision", "0.99"))
                .isEqualTo(1);
        assertThat(out.toString()).contains("precision 0.667 (minimum 0.99) BELOW; recall 0.500");
    }

    @Test
    void shouldSayInOneLineWhatIsWrong() throws Exception {
        assertThat(score("--labels", dir.resolve("none.jsonl").toString(), "--alerts", "x")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("coldchain score: labels file " + dir.resolve("none.jsonl")
                + " does not exist" + System.lineSeparator());

        final Path labels = Files.writeString(dir.resolve("labels.jsonl"), LABELS);
        assertThat(score("--labels", labels.toString(), "--min-recall", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--min-recall must be within 0..1");
    }

    @Test
    void shouldSayInOneLineThatTheBrokerIsUnreachable() throws Exception {
        final Path labels = Files.writeString(dir.resolve("labels.jsonl"), LABELS);
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(score("--labels", labels.toString(), "--bootstrap-server", "localhost:" + port, "--timeout", "2s"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("coldchain score: cannot reach Kafka at localhost:" + port)
                .doesNotContain("\tat ");
    }

    @Test
    void shouldDocumentTheMatchingRulesInItsHelp() {
        assertThat(score("--help")).isZero();
        assertThat(out.toString()).contains("Usage: score", "--labels", "--alerts", "--min-precision", "--min-recall",
                "--tolerance", "Only OPEN alerts count, each alertId once", "side effect", "nearest rank");
    }
}
