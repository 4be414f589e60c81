package io.coldchain.cli.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.sim.incidents.IncidentLabel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matching rules of the scorecard, one at a time. */
class ScorecardTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_741_000_000_000L;
    private static final Duration TOLERANCE = Duration.ofMinutes(30);

    private static IncidentLabel incident(final String type, final String shipment, final List<AlertType> expected,
                                          final List<AlertType> sideEffects, final long start, final long end) {
        return new IncidentLabel(type, expected, shipment, null, start, end, sideEffects, null, false);
    }

    private static IncidentLabel theftStop(final String shipment) {
        return incident("THEFT_STOP", shipment, List.of(AlertType.UNSCHEDULED_STOP),
                List.of(AlertType.ROUTE_DEVIATION, AlertType.DELAY), T0, T0 + 40 * MINUTE);
    }

    private static IncidentLabel confounder(final String type, final String shipment) {
        return new IncidentLabel(type, List.of(), shipment, null, T0, T0 + MINUTE, List.of(), null, true);
    }

    private static ObservedAlert alert(final String id, final AlertType type, final String shipment, final long at) {
        return new ObservedAlert(id, type, AlertStatus.OPEN, shipment, null, "rule", at);
    }

    @Test
    void shouldDetectAnIncidentWithAnAlertOfAnExpectedTypeWithinItsWindow() {
        final ScoreReport report = Scorecard.score(List.of(theftStop("S1")),
                List.of(alert("a", AlertType.UNSCHEDULED_STOP, "S1", T0 + 12 * MINUTE)), TOLERANCE);

        assertThat(report.recall()).hasValue(1.0);
        assertThat(report.precision()).hasValue(1.0);
        assertThat(report.incidents()).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo("THEFT_STOP");
            assertThat(row.detected()).isEqualTo(1);
            assertThat(row.delayP50()).isEqualTo(Duration.ofMinutes(12));
        });
    }

    @Test
    void shouldAcceptDetectionUpToTheToleranceAfterTheEndAndNotBeforeTheStart() {
        final List<IncidentLabel> labels = List.of(theftStop("S1"), theftStop("S2"), theftStop("S3"));
        final ScoreReport report = Scorecard.score(labels, List.of(
                alert("a", AlertType.UNSCHEDULED_STOP, "S1", T0 + 70 * MINUTE),
                alert("b", AlertType.UNSCHEDULED_STOP, "S2", T0 + 71 * MINUTE),
                alert("c", AlertType.UNSCHEDULED_STOP, "S3", T0 - 1)), TOLERANCE);

        assertThat(report.detected()).isEqualTo(1);
        assertThat(report.missed()).extracting(IncidentLabel::shipmentId).containsExactly("S2", "S3");
        assertThat(report.falseAlerts()).extracting(ObservedAlert::alertId).containsExactly("b", "c");
    }

    @Test
    void shouldCountSideEffectsAsTrueButNotAsDetection() {
        final ScoreReport report = Scorecard.score(List.of(theftStop("S1")), List.of(
                alert("a", AlertType.ROUTE_DEVIATION, "S1", T0 + 6 * MINUTE),
                alert("b", AlertType.DELAY, "S1", T0 + 5 * 60 * MINUTE)), TOLERANCE);

        assertThat(report.recall()).hasValue(0.0);
        assertThat(report.precision()).hasValue(1.0);
        assertThat(report.falseAlerts()).isEmpty();
    }

    @Test
    void shouldMatchOnlyTheIncidentsShipmentTypeAndSerial() {
        final IncidentLabel unknown = new IncidentLabel("UNKNOWN_SERIAL", List.of(AlertType.UNKNOWN_SERIAL), "S1",
                "00614141123452.X1", T0, T0, List.of(), null, false);
        final ScoreReport report = Scorecard.score(List.of(unknown), List.of(
                new ObservedAlert("a", AlertType.UNKNOWN_SERIAL, AlertStatus.OPEN, "S1", "00614141123452.X2", "r", T0),
                new ObservedAlert("b", AlertType.UNKNOWN_SERIAL, AlertStatus.OPEN, "S2", "00614141123452.X1", "r", T0),
                new ObservedAlert("c", AlertType.DUPLICATE_SERIAL, AlertStatus.OPEN, "S1", "00614141123452.X1", "r", T0)),
                TOLERANCE);

        assertThat(report.detected()).isZero();
        assertThat(report.falseAlerts()).hasSize(3);
    }

    @Test
    void shouldMatchAlertsOnTheRelatedShipmentOfAClone() {
        final IncidentLabel clone = new IncidentLabel("CLONED_SERIAL",
                List.of(AlertType.DUPLICATE_SERIAL, AlertType.IMPOSSIBLE_TRAVEL), "S2", "G.S", T0, T0 + 60 * MINUTE,
                List.of(AlertType.UNKNOWN_SERIAL), "S1", false);
        final ScoreReport report = Scorecard.score(List.of(clone), List.of(
                new ObservedAlert("a", AlertType.IMPOSSIBLE_TRAVEL, AlertStatus.OPEN, "S1", "G.S", "r", T0 + MINUTE),
                new ObservedAlert("b", AlertType.UNKNOWN_SERIAL, AlertStatus.OPEN, "S2", "G.S", "r", T0)), TOLERANCE);

        assertThat(report.recall()).hasValue(1.0);
        assertThat(report.precision()).hasValue(1.0);
        assertThat(report.incidents().get(0).delayP50()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldCountEachAlertIdOnceAndOnlyItsOpenRecord() {
        final ObservedAlert open = alert("a", AlertType.DELAY, "S9", T0);
        final ScoreReport report = Scorecard.score(List.of(), List.of(open, open,
                new ObservedAlert("a", AlertType.DELAY, AlertStatus.UPDATED, "S9", null, "r", T0 + MINUTE),
                new ObservedAlert("b", AlertType.DELAY, AlertStatus.RESOLVED, "S9", null, "r", T0 + MINUTE)), TOLERANCE);

        assertThat(report.openAlerts()).isEqualTo(1);
        assertThat(report.repeatedOpens()).isEqualTo(1);
        assertThat(report.alertsRead()).isEqualTo(4);
        assertThat(report.alerts()).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo(AlertType.DELAY);
            assertThat(row.falseAlerts()).isEqualTo(1);
            assertThat(row.precision()).hasValue(0.0);
        });
        assertThat(report.recall()).isEmpty();
    }

    @Test
    void shouldChargeFalseAlertsToTheConfounderOfTheirShipment() {
        final ScoreReport report = Scorecard.score(List.of(confounder("TRAFFIC_STOP", "S4"),
                        confounder("GPS_OUTLIER", "S5")),
                List.of(alert("a", AlertType.UNSCHEDULED_STOP, "S4", T0)), TOLERANCE);

        assertThat(report.injected()).isZero();
        assertThat(report.confounders()).containsExactly(new ScoreReport.ConfounderRow("GPS_OUTLIER", 1, 0),
                new ScoreReport.ConfounderRow("TRAFFIC_STOP", 1, 1));
        assertThat(report.precision()).hasValue(0.0);
    }

    @Test
    void shouldReportDelaysByNearestRank() {
        assertThat(Scorecard.percentile(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(Duration.ofMillis(2));
        assertThat(Scorecard.percentile(List.of(1L, 2L, 3L, 4L), 95)).isEqualTo(Duration.ofMillis(4));
        assertThat(Scorecard.percentile(List.of(7L), 95)).isEqualTo(Duration.ofMillis(7));
        assertThat(Scorecard.percentile(List.of(), 50)).isNull();
    }

    @Test
    void shouldTakeTheEarliestDetectingAlertForTheDelay() {
        final ScoreReport report = Scorecard.score(List.of(theftStop("S1")), List.of(
                alert("late", AlertType.UNSCHEDULED_STOP, "S1", T0 + 30 * MINUTE),
                alert("early", AlertType.UNSCHEDULED_STOP, "S1", T0 + 11 * MINUTE)), TOLERANCE);
        assertThat(report.incidents().get(0).delayP95()).isEqualTo(Duration.ofMinutes(11));
        assertThat(report.trueAlerts()).isEqualTo(2);
    }
}
