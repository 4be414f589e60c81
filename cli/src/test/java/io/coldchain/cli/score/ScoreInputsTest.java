package io.coldchain.cli.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreInputsTest {

    private static final String EXPORTED = "{\"type\":\"alert\",\"alertId\":\"a1\",\"alertType\":\"UNSCHEDULED_STOP\","
            + "\"severity\":\"HIGH\",\"status\":\"OPEN\",\"shipmentId\":\"SHP-000007\",\"serial\":null,"
            + "\"ruleId\":\"route-unscheduled-stop\",\"firstEvidenceTime\":1,\"lastEvidenceTime\":2,\"summary\":\"s\","
            + "\"evidence\":{}}";
    private static final String BARE = "{\"alertId\":\"a2\",\"type\":\"UNKNOWN_SERIAL\",\"status\":\"RESOLVED\","
            + "\"shipmentId\":\"SHP-000008\",\"serial\":\"00614141123452.X\",\"lastEvidenceTime\":5}";

    @TempDir
    Path dir;

    @Test
    void shouldReadExportedAndBareAlertsAndSkipOtherRecords() throws Exception {
        final Path file = Files.writeString(dir.resolve("alerts.jsonl"), EXPORTED + "\n\n" + BARE + "\n"
                + "{\"type\":\"temperature\",\"deviceId\":\"d\",\"shipmentId\":\"S\",\"eventTime\":1,"
                + "\"temperatureCelsius\":5.0}\n");

        assertThat(ScoreInputs.alerts(file)).containsExactly(
                new ObservedAlert("a1", AlertType.UNSCHEDULED_STOP, AlertStatus.OPEN, "SHP-000007", null,
                        "route-unscheduled-stop", 2),
                new ObservedAlert("a2", AlertType.UNKNOWN_SERIAL, AlertStatus.RESOLVED, "SHP-000008",
                        "00614141123452.X", null, 5));
    }

    @Test
    void shouldNameTheFileAndLineOfABadAlert() throws Exception {
        final Path file = Files.writeString(dir.resolve("alerts.jsonl"), EXPORTED + "\n"
                + "{\"type\":\"alert\",\"alertId\":\"x\",\"alertType\":\"FIRE\",\"status\":\"OPEN\",\"shipmentId\":\"S\","
                + "\"lastEvidenceTime\":1}\n");
        assertThatThrownBy(() -> ScoreInputs.alerts(file))
                .hasMessage("alerts file " + file + " line 2: 'FIRE' is not an alert type");
        assertThatThrownBy(() -> ScoreInputs.alert("{\"type\":\"alert\",\"alertId\":\"x\",\"alertType\":\"DELAY\","
                + "\"status\":\"OPEN\",\"shipmentId\":\"S\"}")).hasMessageContaining("lastEvidenceTime");
        assertThatThrownBy(() -> ScoreInputs.alerts(dir.resolve("missing.jsonl")))
                .hasMessage("alerts file " + dir.resolve("missing.jsonl") + " does not exist");
    }

    @Test
    void shouldReadLabelsAndNameTheLineOfABadOne() throws Exception {
        final Path good = Files.writeString(dir.resolve("labels.jsonl"), "{\"type\":\"DETOUR\",\"expectedAlertTypes\":"
                + "[\"ROUTE_DEVIATION\"],\"shipmentId\":\"S\",\"serial\":null,\"start\":1,\"end\":2}\n");
        assertThat(ScoreInputs.labels(good)).singleElement().satisfies(l -> assertThat(l.type()).isEqualTo("DETOUR"));

        final Path bad = Files.writeString(dir.resolve("bad.jsonl"), "\nnot json\n");
        assertThatThrownBy(() -> ScoreInputs.labels(bad)).hasMessageStartingWith("labels file " + bad + " line 2: not JSON");
        assertThat(ScoreInputs.labels(Files.writeString(dir.resolve("empty.jsonl"), ""))).isEqualTo(List.of());
    }
}
