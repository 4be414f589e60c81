package io.coldchain.streams;

import static io.coldchain.schemas.LimitDirection.AT_OR_ABOVE;
import static io.coldchain.schemas.LimitDirection.AT_OR_BELOW;
import static io.coldchain.schemas.TemperatureRuleKind.CONSECUTIVE;
import static io.coldchain.schemas.TemperatureRuleKind.CUMULATIVE;
import static io.coldchain.schemas.TemperatureRuleKind.INSTANT;
import static io.coldchain.streams.TemperatureScenario.minutes;
import static io.coldchain.streams.TemperatureScenario.profile;
import static io.coldchain.streams.TemperatureScenario.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.TemperatureReading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temperature rules end to end through the topology (TopologyTestDriver). */
class TemperatureRulesTest {

    @TempDir
    Path stateDir;

    private TemperatureScenario scenario;

    @BeforeEach
    void start() {
        scenario = new TemperatureScenario(stateDir.resolve("a"));
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    private static List<Alert> ofRule(final List<Alert> alerts, final String ruleId) {
        return alerts.stream().filter(a -> a.getRuleId().equals(ruleId)).toList();
    }

    @Test
    @DisplayName("30.0 °C trips an instant '>= 30 °C' rule, 29.9 °C does not")
    void shouldTreatThresholdsAsInclusive() {
        scenario.plan(profile(2, 40, rule("heat-30", INSTANT, AT_OR_ABOVE, 30.0, Duration.ZERO)).build())
                .at(0, 5).at(15, 29.9).at(20, 30.0).quiet();

        final List<Alert> heat = ofRule(scenario.alerts(), "heat-30");
        assertThat(heat).hasSize(1);
        assertThat(heat.get(0).getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(heat.get(0).getFirstEvidenceTime()).isEqualTo(minutes(20));
    }

    @Test
    @DisplayName("3.5 h below -0.5 °C in pieces each under 1 h trips a cumulative 3 h rule, not the consecutive 1 h rule")
    void shouldCatchFragmentedFreezingWithTheCumulativeRule() {
        scenario.plan(profile(-10, 40,
                rule("freeze-1h", CONSECUTIVE, AT_OR_BELOW, -0.5, Duration.ofHours(1)),
                rule("freeze-total-3h", CUMULATIVE, AT_OR_BELOW, -0.5, Duration.ofHours(3))).build());
        scenario.at(0, 5);
        for (int piece = 0; piece < 5; piece++) {
            final int start = 10 + 70 * piece;
            scenario.every(10, start, start + 50, -1.0).every(10, start + 50, start + 70, 4.0);
        }
        scenario.quiet();

        final List<Alert> alerts = scenario.alerts();
        assertThat(ofRule(alerts, "freeze-1h")).isEmpty();
        final List<Alert> total = ofRule(alerts, "freeze-total-3h");
        assertThat(total).hasSize(1);
        assertThat(total.get(0).getStatus()).isEqualTo(AlertStatus.OPEN);
        // 50 min in each of pieces 1-3, then 30 min into piece 4 (which starts at minute 220).
        assertThat(total.get(0).getLastEvidenceTime()).isEqualTo(minutes(250));
        assertThat(scenario.state().rules().get("freeze-total-3h").cumulativeMillis()).isEqualTo(Duration.ofMinutes(250).toMillis());
    }

    @Test
    void shouldTripAConsecutiveRuleWhenItsDurationIsReachedAndResolveAfterTheClearTime() {
        scenario.plan(profile(-10, 40, rule("heat-30-1h", CONSECUTIVE, AT_OR_ABOVE, 30.0, Duration.ofHours(1))).build())
                .at(0, 5).at(20, 31).at(35, 32).at(50, 31).at(65, 33).at(80, 31).at(95, 5).at(100, 5).at(110, 5).quiet();

        final List<Alert> heat = ofRule(scenario.alerts(), "heat-30-1h");
        assertThat(heat).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(heat.get(0).getFirstEvidenceTime()).isEqualTo(minutes(20));
        assertThat(heat.get(0).getLastEvidenceTime()).isEqualTo(minutes(80));
        assertThat(heat.get(0).getEvidence()).containsEntry("peakCelsius", "33.00");
        assertThat(heat.get(1).getLastEvidenceTime()).isEqualTo(minutes(105 + 5));
        assertThat(heat.get(1).getAlertId()).isEqualTo(heat.get(0).getAlertId());
    }

    @Test
    void shouldNotResolveInsideTheDeadBandNorBeforeTheMinimumClearTime() {
        scenario.plan(profile(2, 8).build())
                .at(0, 5).at(15, 9).at(20, 7.8).at(35, 7.8).at(40, 7.0).at(45, 7.0).at(50, 7.0).quiet();

        final List<Alert> band = ofRule(scenario.alerts(), "test-profile-band");
        assertThat(band).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(band.get(1).getLastEvidenceTime()).isEqualTo(minutes(50));
    }

    @Test
    void shouldNotFlapWhenReadingsHoverAroundTheLimit() {
        scenario.plan(profile(2, 8).build()).at(0, 5);
        for (int m = 15; m < 75; m += 5) {
            scenario.at(m, m % 10 == 0 ? 8.1 : 7.9);
        }
        scenario.quiet();

        assertThat(ofRule(scenario.alerts(), "test-profile-band")).extracting(Alert::getStatus)
                .containsExactly(AlertStatus.OPEN);
    }

    @Test
    void shouldRaiseNothingDuringTheAcclimatisationPeriod() {
        scenario.plan(profile(2, 8).build()).at(0, 5).at(5, 12).at(9, 12).quiet();
        assertThat(scenario.alerts()).isEmpty();

        scenario.at(10, 12).quiet();
        final List<Alert> band = ofRule(scenario.alerts(), "test-profile-band");
        assertThat(band).hasSize(1);
        assertThat(band.get(0).getFirstEvidenceTime()).isEqualTo(minutes(10));
    }

    @Test
    void shouldMeasureTimeNotReadingsWhenSamplingIsIrregular() {
        scenario.plan(profile(2, 8, rule("warm-total-30m", CUMULATIVE, AT_OR_ABOVE, 10, Duration.ofMinutes(30))).build())
                .at(0, 5).at(10, 12).at(11, 12).at(23, 5).at(30, 12).at(48, 5).at(60, 5).quiet();

        final List<Alert> warm = ofRule(scenario.alerts(), "warm-total-30m");
        assertThat(warm).hasSize(1);
        // 13 min from the first stretch, then 17 of the 18 min from minute 30.
        assertThat(warm.get(0).getLastEvidenceTime()).isEqualTo(minutes(47));
    }

    @Test
    void shouldReportAGapAsMissingDataAndNotCountItAsTimeBeyondTheLimit() {
        scenario.plan(profile(2, 8, rule("warm-40m", CONSECUTIVE, AT_OR_ABOVE, 10, Duration.ofMinutes(40))).build())
                .at(0, 5).at(15, 12).at(70, 12).at(85, 12).quiet();

        final List<Alert> alerts = scenario.alerts();
        final List<Alert> missing = alerts.stream().filter(a -> a.getType() == AlertType.MISSING_DATA).toList();
        assertThat(missing).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(missing.get(0).getFirstEvidenceTime()).isEqualTo(minutes(45));
        assertThat(missing.get(0).getLastEvidenceTime()).isEqualTo(minutes(70));
        assertThat(alerts).extracting(Alert::getType).doesNotContain(AlertType.SENSOR_SILENT);
        final List<Alert> warm = ofRule(alerts, "warm-40m");
        assertThat(warm).hasSize(1);
        // 30 min counted before the gap (the maximum a reading stands for), 10 more after it.
        assertThat(warm.get(0).getLastEvidenceTime()).isEqualTo(minutes(80));
        assertThat(scenario.state().missingDataMillis()).isEqualTo(Duration.ofMinutes(25).toMillis());
    }

    @Test
    void shouldAllowTheExcursionsUspPermitsForControlledRoomTemperature() {
        // USP <659>: labelled 20..25 °C, excursions within 15..30 °C permitted (MKT at or below 25 °C).
        scenario.namedPlan("controlled-room-temperature").every(5, 0, 60, 22.0).every(5, 65, 125, 28.5)
                .every(5, 130, 180, 17.0).quiet();
        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldFlagControlledRoomTemperatureOutsideWhatUspPermits() {
        scenario.namedPlan("controlled-room-temperature").every(5, 0, 60, 22.0).every(5, 65, 90, 31.0).quiet();
        assertThat(scenario.alerts()).extracting(Alert::getType).contains(AlertType.TEMPERATURE_EXCURSION);
    }

    @Test
    void shouldReportAGapLongerThanTheSilenceLimitOnceAsSensorSilentNotAlsoAsMissingData() {
        // The gap is seen only when the next reading arrives (a replay at full speed): the same OPEN and RESOLVED as live.
        scenario.plan(profile(2, 8).build()).at(0, 5).at(10, 5).at(100, 5).at(110, 5).quiet();

        final List<Alert> alerts = scenario.alerts();
        assertThat(alerts).extracting(Alert::getType).containsOnly(AlertType.SENSOR_SILENT);
        assertThat(alerts).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(alerts.get(0).getFirstEvidenceTime()).isEqualTo(minutes(10));
        assertThat(alerts.get(0).getLastEvidenceTime()).isEqualTo(minutes(70));
        assertThat(alerts.get(1).getLastEvidenceTime()).isEqualTo(minutes(100));
        assertThat(alerts.get(0).getAlertId()).isEqualTo(alerts.get(1).getAlertId());
    }

    @Test
    void shouldUpdateTheExcursionAsTheStabilityBudgetIsDrawnAndFlagItsExhaustion() {
        scenario.plan(profile(2, 8).setStabilityBudgetMillis(Duration.ofMinutes(60).toMillis()).build())
                .at(0, 5).every(5, 15, 90, 9.0).at(90, 5).quiet();

        final List<Alert> alerts = scenario.alerts();
        final List<Alert> band = ofRule(alerts, "test-profile-band");
        assertThat(band).extracting(Alert::getStatus)
                .containsExactly(AlertStatus.OPEN, AlertStatus.UPDATED, AlertStatus.UPDATED, AlertStatus.UPDATED);
        assertThat(band).extracting(Alert::getLastEvidenceTime)
                .containsExactly(minutes(15), minutes(45), minutes(60), minutes(75));
        assertThat(band.get(3).getEvidence()).containsEntry("budgetUsedPercent", "100.00");
        final List<Alert> budget = ofRule(alerts, "test-profile-stability-budget");
        assertThat(budget).hasSize(1);
        assertThat(budget.get(0).getLastEvidenceTime()).isEqualTo(minutes(75));
        assertThat(scenario.state().rules().get("test-profile-band").cumulativeMillis())
                .isEqualTo(Duration.ofMinutes(75).toMillis());
    }

    @Test
    @DisplayName("22 h at 5 °C + 2 h at 25 °C gives a 24 h MKT of 9.83 °C and trips the refrigerated MKT rule")
    void shouldTripTheMktRuleWithTheGoldenVector() {
        scenario.namedPlan("refrigerated-2-8")
                .every(30, 0, 22 * 60, 5.0).every(30, 22 * 60, 24 * 60, 25.0).at(24 * 60, 5.0).quiet();

        final List<Alert> mkt = scenario.alerts().stream().filter(a -> a.getType() == AlertType.MKT_EXCEEDED).toList();
        assertThat(mkt).hasSize(1);
        assertThat(Double.parseDouble(mkt.get(0).getEvidence().get("mktCelsius"))).isCloseTo(9.83, within(0.01));
        assertThat(mkt.get(0).getLastEvidenceTime()).isEqualTo(minutes(24 * 60));
    }

    @Test
    void shouldKeepTheRollingMktInTheConditionStore() {
        scenario.namedPlan("refrigerated-2-8").every(30, 0, 23 * 60, 5.0).every(30, 23 * 60, 24 * 60, 15.0)
                .at(24 * 60, 5.0).quiet();

        assertThat(scenario.state().mktCelsius()).isCloseTo(5.76, within(0.01));
        assertThat(scenario.alerts()).noneMatch(a -> a.getType() == AlertType.MKT_EXCEEDED);
    }

    @Test
    void shouldGiveTheSameAlertsWithTheSameIdsWhenReadingsArriveShuffledWithinTheGracePeriod() {
        final List<double[]> readings = new ArrayList<>();
        for (int m = 0; m <= 180; m += 1) {
            final double celsius = m >= 30 && m < 100 ? 9.5 + (m % 7) * 0.3 : m >= 140 && m < 150 ? 1.0 : 5.0;
            readings.add(new double[] {m, celsius});
        }
        final List<double[]> shuffled = new ArrayList<>(readings);
        final Random random = new Random(7);
        for (int i = 0; i + 4 <= shuffled.size(); i += 4) {
            java.util.Collections.shuffle(shuffled.subList(i, i + 4), random);
        }
        assertThat(shuffled).isNotEqualTo(readings);

        final List<Alert> inOrder = run(scenario, readings);
        try (TemperatureScenario other = new TemperatureScenario(stateDir.resolve("b"))) {
            final List<Alert> outOfOrder = run(other, shuffled);
            assertThat(inOrder).isNotEmpty();
            assertThat(outOfOrder).isEqualTo(inOrder);
            assertThat(other.late()).isEmpty();
        }
    }

    private static List<Alert> run(final TemperatureScenario s, final List<double[]> readings) {
        s.namedPlan("refrigerated-2-8");
        readings.forEach(r -> s.at(r[0], r[1]));
        s.quiet();
        return s.alerts();
    }

    @Test
    void shouldSendReadingsLaterThanTheGracePeriodToTheLateDataTopicWithTheReason() {
        scenario.plan(profile(2, 8).build()).at(0, 5).at(10, 5).at(20, 5).at(5, 30);

        final List<TestRecord<String, SpecificRecord>> late = scenario.late();
        assertThat(late).hasSize(1);
        assertThat(late.get(0).key()).isEqualTo(TemperatureScenario.SHIPMENT);
        assertThat(((TemperatureReading) late.get(0).value()).getTemperatureCelsius()).isEqualTo(30.0);
        assertThat(new String(late.get(0).headers().lastHeader("coldchain.late.reason").value(), StandardCharsets.UTF_8))
                .contains("beyond the grace period");
        scenario.quiet();
        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldCountReadingsSetAsideAsLate() {
        scenario.plan(profile(2, 8).build()).at(0, 5).at(10, 5).at(20, 5).at(5, 30).at(6, 30);

        assertThat(scenario.late()).hasSize(2);
        assertThat(scenario.setAside("late")).isEqualTo(2.0);
        assertThat(scenario.setAside("no-plan")).isZero();
    }

    @Test
    void shouldWaitTheGracePeriodForAPlanThatArrivesAfterTheFirstReadings() {
        // The plan's partition can be read after the telemetry's: the readings wait for it in the buffer.
        scenario.at(0, 5).at(2, 5).at(4, 5);
        scenario.plan(profile(2, 8).build()).at(12, 12).at(14, 5).quiet();

        assertThat(scenario.late()).isEmpty();
        final List<Alert> alerts = scenario.alerts();
        assertThat(alerts).extracting(Alert::getStatus).startsWith(AlertStatus.OPEN);
        assertThat(alerts.get(0).getFirstEvidenceTime()).isEqualTo(minutes(12));
        assertThat(scenario.setAside("no-plan")).isZero();
    }

    @Test
    void shouldSetAsideReadingsWhosePlanHasNotArrivedWhenTheyAreDueWithTheReason() {
        scenario.at("SHP-NO-PLAN", 0, 5).at("SHP-NO-PLAN", 1, 12).quiet();

        final List<TestRecord<String, SpecificRecord>> late = scenario.late();
        assertThat(late).extracting(TestRecord::key).containsExactly("SHP-NO-PLAN", "SHP-NO-PLAN");
        assertThat(late).extracting(r -> ((TemperatureReading) r.value()).getTemperatureCelsius())
                .containsExactly(5.0, 12.0);
        assertThat(new String(late.get(0).headers().lastHeader("coldchain.late.reason").value(), StandardCharsets.UTF_8))
                .contains("no shipment plan for 'SHP-NO-PLAN'");
        assertThat(scenario.setAside("no-plan")).isEqualTo(2.0);
        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldFlagASilentLoggerAgainstStreamTimeAndResolveWhenItResumes() {
        scenario.plan(profile(2, 8).build()).plan("SHP-OTHER", profile(2, 8).build());
        scenario.every(5, 0, 35, 5.0);
        for (int m = 0; m <= 130; m += 5) {
            scenario.at("SHP-OTHER", m, 5.0);
        }
        scenario.at(135, 5.0).quiet();

        final List<Alert> silent = scenario.alerts().stream().filter(a -> a.getType() == AlertType.SENSOR_SILENT).toList();
        assertThat(silent).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(silent).allMatch(a -> a.getShipmentId().equals(TemperatureScenario.SHIPMENT));
        assertThat(silent.get(0).getFirstEvidenceTime()).isEqualTo(minutes(30));
        assertThat(silent.get(0).getLastEvidenceTime()).isEqualTo(minutes(90));
    }

    @Test
    void shouldJudgeSilenceByTheRevisedPlanWhenThePlanChangesAfterChecksFoundNothingToDo() {
        // Checks up to minute 60 find the logger quiet for less than its 60 min limit (nothing to do until minute 90);
        // then the plan is revised to a 20 min limit: the next check must not rely on what the old plan promised.
        scenario.plan(profile(2, 8).build()).plan("SHP-OTHER", profile(2, 8).build());
        scenario.every(5, 0, 35, 5.0);
        for (int m = 0; m <= 60; m += 5) {
            scenario.at("SHP-OTHER", m, 5.0);
        }
        assertThat(scenario.alerts()).noneMatch(a -> a.getType() == AlertType.SENSOR_SILENT);

        scenario.plan(profile(2, 8).setMaxSilenceMillis(Duration.ofMinutes(20).toMillis()).build());
        for (int m = 65; m <= 75; m += 5) {
            scenario.at("SHP-OTHER", m, 5.0);
        }

        final List<Alert> silent = scenario.alerts().stream().filter(a -> a.getType() == AlertType.SENSOR_SILENT).toList();
        assertThat(silent).singleElement().satisfies(a -> {
            assertThat(a.getShipmentId()).isEqualTo(TemperatureScenario.SHIPMENT);
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getLastEvidenceTime()).isEqualTo(minutes(50));
        });
    }

    @Test
    void shouldFlagASilentLoggerOnTheWallClockWhenNoDataArrivesAtAllWhileLive() {
        scenario.plan(profile(2, 8).build()).every(5, 0, 15, 5.0);
        scenario.advanceWallClock(Duration.ofMinutes(80));

        assertThat(scenario.alerts()).extracting(Alert::getType).containsExactly(AlertType.SENSOR_SILENT);
    }

    @Test
    void shouldNotUseTheWallClockForSilenceWhenReplayingOldData() {
        // History of a month ago, plan included (issued then): the wall clock says 80 min of silence, event time does not.
        scenario.planIssuedAt(profile(2, 8).build(), -30 * 24 * 60 - 60).every(5, -30 * 24 * 60, -30 * 24 * 60 + 15, 5.0);
        scenario.advanceWallClock(Duration.ofMinutes(80));

        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldForgetTheShipmentsStateWhenItsPlanIsClosed() {
        scenario.plan(profile(2, 8).build()).every(5, 0, 20, 5.0).quiet();
        assertThat(scenario.state()).isNotNull();

        scenario.plan(TemperatureScenario.SHIPMENT, profile(2, 8).build());
        scenario.closePlan().plan("SHP-OTHER", profile(2, 8).build()).at("SHP-OTHER", 30, 5).at("SHP-OTHER", 40, 5).quiet();

        assertThat(scenario.state()).isNull();
    }
}
