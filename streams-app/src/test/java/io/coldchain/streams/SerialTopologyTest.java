package io.coldchain.streams;

import static io.coldchain.streams.SerialScenario.STRANGER;
import static io.coldchain.streams.SerialScenario.TOKYO;
import static io.coldchain.streams.SerialScenario.errorDeclaration;
import static io.coldchain.streams.SerialScenario.receiving;
import static io.coldchain.streams.SerialScenario.scan;
import static io.coldchain.streams.SerialScenario.sgtin;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.serial.IntegrityRule;
import io.coldchain.rules.serial.SerialAlertIds;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.streams.topology.AlertsTopology;
import io.coldchain.streams.topology.SerialTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Serial integrity and custody-chain findings through the whole topology (TopologyTestDriver). */
class SerialTopologyTest {

    @TempDir
    Path stateDir;

    private SerialScenario scenario;

    @BeforeEach
    void start() {
        scenario = new SerialScenario(stateDir);
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    private static List<Alert> serialAndCustodyFindings(final List<Alert> alerts) {
        return alerts.stream().filter(a -> a.getRuleId().startsWith("serial-") || a.getRuleId().startsWith("custody-"))
                .toList();
    }

    private static List<Alert> ofType(final List<Alert> alerts, final AlertType type) {
        return alerts.stream().filter(a -> a.getType() == type).toList();
    }

    @Test
    void shouldStaySilentForANormalChainFromShippingToReceivingWithThePlannedParties() {
        scenario.plan("SHP-A", sgtin("S1"), sgtin("S2"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("S2")))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1"), sgtin("S2")));

        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldLogASerialsStateOnceWhenItsInputsAreAppliedInOnePunctuation() {
        // Declared and sighted within the settle time: both inputs, and the judgement of the declaration span that
        // the scan's stream time makes due, are applied at one wall-clock check, before one commit.
        scenario.plan("SHP-A", sgtin("S1"), sgtin("S2"))
                .scanned(scan("ev-1", "SHP-A", 30, sgtin("S1"), sgtin("S2")))
                .settle();

        assertThat(scenario.changelogRecords(SerialTopology.STATE_STORE)).hasSize(2).allSatisfy((serial, records) ->
                assertThat(records).as("changelog records of %s", serial).isEqualTo(1L));
    }

    /**
     * What an input costs the changelogs (issue 12, docs/BENCHMARKS.md "Lever 18"): its serial's one value of waiting
     * inputs, written once per commit (the test driver commits after every record: the plan's, the scan's, the settle
     * check's deletion), where the buffer of entries with a settle-times store wrote seven records for these two
     * inputs; and of the index, the retention entry only: the due entry of the declaration span that the scan's
     * stream time makes due is put and deleted in the one settle check, and never written.
     */
    @Test
    void shouldLogASerialsWaitingInputsAsOneValueAndNoIndexEntryThatComesAndGoesInOnePunctuation() {
        scenario.plan("SHP-A", sgtin("S1"), sgtin("S2"))
                .scanned(scan("ev-1", "SHP-A", 30, sgtin("S1"), sgtin("S2")))
                .settle();

        assertThat(scenario.changelogRecords(SerialTopology.PENDING_STORE)).as("plan, scan, applied")
                .containsOnly(Map.entry(sgtin("S1"), 3L), Map.entry(sgtin("S2"), 3L));
        assertThat(scenario.changelogRecords(SerialTopology.BUFFER_STORE)).as("no overflow").isEmpty();
        assertThat(scenario.changelogRecords(SerialTopology.SETTLE_TIMES_STORE)).isEmpty();
        assertThat(scenario.changelogRecords(SerialTopology.RETENTION_INDEX_STORE)).as("retention entries only")
                .hasSize(2).allSatisfy((entry, records) -> {
                    assertThat(entry).doesNotStartWith(SerialStates.DUE_PREFIX);
                    assertThat(records).isEqualTo(1L);
                });
    }

    @Test
    void shouldFlagASerialListedByTwoOpenShipments() {
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-B", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"))); // stream time: the declaration grace has passed

        final List<Alert> duplicates = ofType(scenario.alerts(), AlertType.DUPLICATE_SERIAL);
        assertThat(duplicates).hasSize(1);
        assertThat(duplicates.get(0).getSerial()).isEqualTo(sgtin("S1"));
        assertThat(duplicates.get(0).getEvidence()).containsEntry("declaration.shipmentId", "SHP-B")
                .containsEntry("otherDeclaration.shipmentId", "SHP-A");
    }

    @Test
    void shouldNotFlagTwoPlansWhenTheOneThatDeliveredTheFirstShipmentArrivesLast() {
        // A backfill: the later shipment's plan is applied before the earlier shipment's plans reach the serial
        // checks (their task ran behind by more than the settle time).
        scenario.plan(issued(SerialScenario.planOf("SHP-B", sgtin("S1")), Duration.ofDays(2)), later(Duration.ofDays(2)))
                .settle()
                .plan(issued(SerialScenario.planOf("SHP-A", sgtin("S1")), Duration.ofHours(-1)), later(Duration.ofHours(-1)))
                .settle()
                .plan(issued(SerialScenario.planOf("SHP-A", sgtin("S1")), Duration.ofHours(5))
                        .setStatus(ShipmentStatus.DELIVERED), later(Duration.ofHours(5)))
                .settle()
                .advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING);

        assertThat(ofType(scenario.alerts(), AlertType.DUPLICATE_SERIAL)).isEmpty();
    }

    @Test
    void shouldLetTheNextShipmentListAPackItsConsigneeReceivedWithoutADeliveredPlan() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")))
                .plan(issued(SerialScenario.planOf("SHP-B", sgtin("S1")), Duration.ofDays(1)), later(Duration.ofDays(1)))
                .scanned(scan("ev-3", "SHP-B", 24 * 60 + 60, sgtin("S1")))
                .advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING);

        assertThat(scenario.alerts()).isEmpty();
    }

    private static ShipmentPlan.Builder issued(final ShipmentPlan.Builder plan, final Duration afterT0) {
        return plan.setIssuedAt(later(afterT0).toEpochMilli());
    }

    private static Instant later(final Duration afterT0) {
        return SerialScenario.T0.plus(afterT0);
    }

    @Test
    void shouldFlagImpossibleTravelWithBothSightingsAsEvidence() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-basel", "SHP-A", 0, sgtin("S1")))
                .scanned(scan("ev-tokyo", "SHP-A", 120, sgtin("S1")).setBizLocation(TOKYO).setBizStep("receiving")
                        .setCustodian(SerialScenario.CONSIGNEE).setSourceParty(SerialScenario.CARRIER)
                        .setDestinationParty(SerialScenario.CONSIGNEE));

        final List<Alert> travel = ofType(scenario.alerts(), AlertType.IMPOSSIBLE_TRAVEL);
        assertThat(travel).hasSize(1);
        assertThat(travel.get(0).getSerial()).isEqualTo(sgtin("S1"));
        assertThat(travel.get(0).getEvidence()).containsEntry("sighting.eventId", "ev-tokyo")
                .containsEntry("otherSighting.eventId", "ev-basel").containsKey("distanceMeters");
    }

    @Test
    void shouldFlagASerialSeenInAnotherShipmentAsADuplicate() {
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(scan("ev-2", "SHP-C", 30, sgtin("S1")));

        final List<Alert> duplicates = ofType(scenario.alerts(), AlertType.DUPLICATE_SERIAL);
        assertThat(duplicates).isNotEmpty();
        assertThat(duplicates.get(0).getShipmentId()).isEqualTo("SHP-C");
    }

    @Test
    void shouldFlagASightingAfterThePackWasDispensed() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")))
                .scanned(receiving("ev-3", "SHP-A", 300, sgtin("S1")).setBizStep("dispensing").setDisposition("dispensed"))
                .scanned(receiving("ev-4", "SHP-A", 2_000, sgtin("S1")));

        final List<Alert> reused = ofType(scenario.alerts(), AlertType.REUSED_SERIAL);
        assertThat(reused).hasSize(1);
        assertThat(reused.get(0).getEvidence()).containsEntry("endOfLife.eventId", "ev-3");
    }

    @Test
    void shouldReportAReuseWhenTheDispensingArrivesAfterTheLaterReshipment() {
        final String reuse = SerialAlertIds.of(sgtin("S1"), IntegrityRule.SIGHTED_AFTER_END_OF_LIFE, "ev-ship-b");
        dispensedInAAndPlannedInB(scenario);

        scenario.scanned(reshippedInB());
        assertThat(ofType(scenario.alerts(), AlertType.REUSED_SERIAL)).isEmpty();

        scenario.scanned(dispensedInA());
        assertThat(ofType(scenario.alerts(), AlertType.REUSED_SERIAL)).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo(reuse);
            assertThat(alert.getShipmentId()).isEqualTo("SHP-B");
            assertThat(alert.getEvidence()).containsEntry("sighting.eventId", "ev-ship-b")
                    .containsEntry("endOfLife.eventId", "ev-dispense-a");
        });

        scenario.close();
        scenario = new SerialScenario(stateDir.resolve("in-order"));
        dispensedInAAndPlannedInB(scenario);
        scenario.scanned(dispensedInA()).scanned(reshippedInB());
        assertThat(ofType(scenario.alerts(), AlertType.REUSED_SERIAL)).extracting(Alert::getAlertId)
                .containsExactly(reuse);
    }

    private static void dispensedInAAndPlannedInB(final SerialScenario scenario) {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")))
                .plan(SerialScenario.planOf("SHP-B", sgtin("S1")), SerialScenario.T0.plusSeconds(6 * 3600));
    }

    private static CustodyEvent.Builder dispensedInA() {
        return receiving("ev-dispense-a", "SHP-A", 300, sgtin("S1")).setBizStep("dispensing")
                .setDisposition("dispensed");
    }

    /** Shipped again from the consignee's site, in another shipment, 5.5 h after it was dispensed. */
    private static CustodyEvent.Builder reshippedInB() {
        return scan("ev-ship-b", "SHP-B", 630, sgtin("S1")).setBizLocation(SerialScenario.FRANKFURT)
                .setSourceParty(SerialScenario.CONSIGNEE);
    }

    @Test
    void shouldFlagALotThatDoesNotMatchTheCommissionedOne() {
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")).setLot("L99"));

        final List<Alert> mismatch = ofType(scenario.alerts(), AlertType.ATTRIBUTE_MISMATCH);
        assertThat(mismatch).hasSize(1);
        assertThat(mismatch.get(0).getSummary()).contains("L99", "L42");
    }

    @Test
    void shouldFlagASerialNoPlanDeclaredOnceTheDeclarationGraceHasPassed() {
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("GHOST")))
                .scanned(scan("ev-2", "SHP-A", 9, sgtin("S1")).setBizStep("departing"));
        assertThat(scenario.alerts()).as("within the declaration grace").isEmpty();

        scenario.scanned(receiving("ev-3", "SHP-A", 240, sgtin("S1")));
        assertThat(scenario.alerts()).as("due in stream time, but another shipment's plan may still be on its way")
                .isEmpty();
        // A minute of wall clock after the sighting arrived (each alerts() lets SETTLE pass), before the stream is quiet.
        scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING.minus(SerialTopology.SETTLE.multipliedBy(3)));
        final List<Alert> unknown = ofType(scenario.alerts(), AlertType.UNKNOWN_SERIAL);
        assertThat(unknown).singleElement().satisfies(alert -> {
            assertThat(alert.getSerial()).isEqualTo(sgtin("GHOST"));
            assertThat(alert.getAlertId())
                    .isEqualTo(SerialAlertIds.of(sgtin("GHOST"), IntegrityRule.NOT_DECLARED, "ev-1"));
            assertThat(alert.getEvidence()).containsEntry("sighting.eventId", "ev-1");
        });
    }

    @Test
    void shouldRaiseNothingWhenThePlanIsIssuedThreeMinutesAfterTheFirstScan() {
        scenario.scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("S2")))
                .plan(SerialScenario.planOf("SHP-A", sgtin("S1"), sgtin("S2"))
                        .setIssuedAt(SerialScenario.T0.plusSeconds(180).toEpochMilli()), SerialScenario.T0.plusSeconds(180))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1"), sgtin("S2")));
        scenario.advanceWallClock(Duration.ofMinutes(1));

        assertThat(serialAndCustodyFindings(scenario.alerts())).isEmpty();
        assertThat(scenario.serialStates().get(sgtin("S1")).pending()).isEmpty();
    }

    @Test
    void shouldJudgeAHandOffAgainstThePlanThatArrivesAfterIt() {
        final CustodyEvent.Builder stranger = receiving("ev-2", "SHP-A", 120, sgtin("S1")).setCustodian(STRANGER)
                .setDestinationParty(STRANGER);
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"))).scanned(stranger);
        final List<String> inOrder = serialAndCustodyFindings(scenario.alerts()).stream().map(Alert::getAlertId).toList();
        assertThat(inOrder).hasSize(1);
        scenario.close();

        scenario = new SerialScenario(stateDir.resolve("plan-last"));
        scenario.scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"))).scanned(stranger);
        assertThat(scenario.alerts()).as("held for the plan").isEmpty();
        scenario.plan("SHP-A", sgtin("S1"));
        scenario.advanceWallClock(Duration.ofSeconds(SerialTopology.HELD_CHECK_WALL_SECONDS));

        assertThat(serialAndCustodyFindings(scenario.alerts())).extracting(Alert::getAlertId).isEqualTo(inOrder);
        assertThat(scenario.metric(SerialTopology.WITHOUT_PLAN + "-total")).isZero();
    }

    /*
     * Orders a real broker delivers and a TopologyTestDriver, piping one record at a time, never does. The
     * application's tasks run at their own pace: in a replay, one task's custody scans can reach the checks before the
     * plan published ahead of them (its partition fetched later), while stream time is already far past them (other
     * shipments' later data); and the tasks feeding the serial repartition topic deliver one pack's sightings from
     * different shipments in any order. Each case must reach the verdict of the in-order run.
     */

    @Test
    void shouldCheckTheHandOffPartiesWhenThePlanReachesTheTaskSecondsAfterItsScansInAReplay() {
        final CustodyEvent.Builder stranger = receiving("ev-2", "SHP-A", 120, sgtin("S1")).setCustodian(STRANGER)
                .setDestinationParty(STRANGER);
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"))).scanned(stranger);
        final List<String> inOrder = serialAndCustodyFindings(scenario.alerts()).stream().map(Alert::getAlertId).toList();
        assertThat(inOrder).as("the unexpected custodian").hasSize(1);
        scenario.close();

        scenario = new SerialScenario(stateDir.resolve("replay"));
        final double threeDays = Duration.ofDays(3).toMinutes();
        scenario.plan("SHP-B", sgtin("S9")).scanned(scan("ev-b1", "SHP-B", threeDays, sgtin("S9")))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"))).scanned(stranger)
                // Stream time moves on (well past the plan wait of SHP-A's scans) before SHP-A's plan is read.
                .scanned(receiving("ev-b2", "SHP-B", threeDays + 240, sgtin("S9")))
                .advanceWallClock(Duration.ofSeconds(5))
                .plan("SHP-A", sgtin("S1"));

        assertThat(serialAndCustodyFindings(scenario.alerts())).extracting(Alert::getAlertId).isEqualTo(inOrder);
        scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING);
        assertThat(serialAndCustodyFindings(scenario.alerts())).as("no UNKNOWN_SERIAL once quiet either").isEmpty();
        assertThat(scenario.metric(SerialTopology.WITHOUT_PLAN + "-total")).isZero();
    }

    /** The genuine pack S1 of SHP-A: shipped at Basel, received at Frankfurt five hours later. */
    private static List<CustodyEvent.Builder> genuineBaselToFrankfurt() {
        return List.of(scan("ev-basel", "SHP-A", 0, sgtin("S1")), receiving("ev-frankfurt", "SHP-A", 300, sgtin("S1")));
    }

    /** Its clone in SHP-C, whose plan does not list it: at Hamburg 40 min after the Basel scan, then at Altona. */
    private static List<CustodyEvent.Builder> cloneAtHamburgThenAltona() {
        return List.of(
                scan("ev-hamburg", "SHP-C", 40, sgtin("S1")).setBizLocation(SerialScenario.area("Hamburg DC", 53.5511, 9.9937)),
                receiving("ev-altona", "SHP-C", 95, sgtin("S1"))
                        .setBizLocation(SerialScenario.area("Apotheke Altona", 53.5503, 9.9350)));
    }

    /** The findings of the two plans and four scans piped in event order: an impossible trip and a duplicate. */
    private List<Alert> cloneInEventOrder(final List<CustodyEvent.Builder> genuine,
                                          final List<CustodyEvent.Builder> clone) {
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9"));
        List.of(genuine.get(0), clone.get(0), clone.get(1), genuine.get(1)).forEach(scenario::scanned);
        final List<Alert> inOrder = serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts());
        assertThat(inOrder).extracting(Alert::getType)
                .containsExactlyInAnyOrder(AlertType.IMPOSSIBLE_TRAVEL, AlertType.DUPLICATE_SERIAL);
        return inOrder;
    }

    @Test
    void shouldJudgeACloneAsInOrderWhenTheGenuinePacksLaterSightingArrivesBeforeTheClones() {
        final List<CustodyEvent.Builder> genuine = genuineBaselToFrankfurt();
        final List<CustodyEvent.Builder> clone = cloneAtHamburgThenAltona();
        final List<Alert> inOrder = cloneInEventOrder(genuine, clone);
        assertThat(inOrder).extracting(Alert::getShipmentId).containsOnly("SHP-C");
        scenario.close();

        scenario = new SerialScenario(stateDir.resolve("genuine-first"));
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9"));
        List.of(genuine.get(0), genuine.get(1), clone.get(0), clone.get(1)).forEach(scenario::scanned);

        assertThat(serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts()))
                .as("no DUPLICATE_SERIAL of the genuine shipment, opened and resolved")
                .extracting(Alert::getAlertId).containsExactlyInAnyOrderElementsOf(
                        inOrder.stream().map(Alert::getAlertId).toList());
    }

    /**
     * OtherProducersIT's p12 on a loaded machine: the genuine pack's two scans reached the serial checks while the
     * clone's, published before the later of them, were still unread on the custody topic, their task behind by more
     * than the settle time. Applied in arrival order, the genuine shipment got a DUPLICATE_SERIAL, opened and then
     * resolved ("arrived late between the two sightings"). With the broker's signal ({@link InputProgress}) the checks
     * wait for what the upstream topics held when the serial's last input came, however long that takes.
     */
    @Test
    void shouldWaitForTheClonesScansWhileTheTaskThatReadsThemRunsBehindHoweverLong() {
        final List<CustodyEvent.Builder> genuine = genuineBaselToFrankfurt();
        final List<CustodyEvent.Builder> clone = cloneAtHamburgThenAltona();
        final List<Alert> inOrder = cloneInEventOrder(genuine, clone);
        scenario.close();

        final InputProgress progress = InputProgress.create();
        scenario = new SerialScenario(stateDir.resolve("clone-behind"), SerialSettings.defaults(),
                Map.of(InputProgress.CONFIG, progress));
        final List<String> upstream = SerialTopology.upstreamTopics(scenario.topics());
        upstream.forEach(topic -> progress.described(topic, 3));
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9"));
        genuine.forEach(scenario::scanned);
        Instant now = SerialScenario.T0;
        for (int s = 0; s < 90; s++, now = now.plusSeconds(1)) {
            sample(progress, upstream, now, true);
            scenario.advanceWallClock(Duration.ofSeconds(1));
        }
        assertThat(scenario.serialStatesNow().get(sgtin("S1"))).as("the genuine scans wait for what is unread")
                .isNull();
        assertThat(scenario.metricNow(SerialTopology.ARRIVALS_BEHIND)).as("reported: about 90 s behind (the driver's one task)")
                .isGreaterThanOrEqualTo(85_000.0);
        clone.forEach(scenario::scanned);
        for (int s = 0; s < 90; s++, now = now.plusSeconds(1)) {
            sample(progress, upstream, now, false);
            scenario.advanceWallClock(Duration.ofSeconds(1));
        }

        assertThat(scenario.metricNow(SerialTopology.ARRIVALS_BEHIND)).as("caught up: a sampling interval or so")
                .isLessThanOrEqualTo(2_000.0);
        assertThat(serialFindings(scenario.alertsNow())).as("the in-order findings, none of the genuine shipment")
                .extracting(Alert::getAlertId)
                .containsExactlyInAnyOrderElementsOf(inOrder.stream().map(Alert::getAlertId).toList());
    }

    /**
     * The other half of what the checks wait for: the upstream tasks have committed, so what they wrote is on the
     * repartition topic, but the checks have not read their repartition partition that far yet (a serial backlog).
     */
    @Test
    void shouldWaitUntilTheChecksHaveReadTheirRepartitionPartitionPastWhatTheUpstreamCommitsCarried() {
        final InputProgress progress = InputProgress.create();
        scenario.close();
        scenario = new SerialScenario(stateDir.resolve("repartition-behind"), SerialSettings.defaults(),
                Map.of(InputProgress.CONFIG, progress));
        final List<String> upstream = SerialTopology.upstreamTopics(scenario.topics());
        upstream.forEach(topic -> progress.described(topic, 3));
        // The driver runs every sub-topology in one task, 0_0: the checks' repartition partition is 0.
        final TopicPartition repartition = new TopicPartition(
                SerialTopology.repartitionTopic(ColdchainTopologyTest.APPLICATION_ID), 0);
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-B", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")));
        Instant now = SerialScenario.T0;
        for (int s = 0; s < 90; s++, now = now.plusSeconds(1)) {
            sample(progress, upstream, now, false);
            progress.sampled(repartition, now.toEpochMilli(), 1_000_000, -1); // far more than the checks have read
            scenario.advanceWallClock(Duration.ofSeconds(1));
        }
        assertThat(scenario.serialStatesNow().get(sgtin("S1"))).as("inputs upstream committed, not yet read here")
                .isNull();
        assertThat(ofType(scenario.alertsNow(), AlertType.DUPLICATE_SERIAL)).isEmpty();
        for (int s = 0; s < 15; s++, now = now.plusSeconds(1)) {
            sample(progress, upstream, now, false);
            progress.sampled(repartition, now.toEpochMilli(), 0, -1); // read to its end
            scenario.advanceWallClock(Duration.ofSeconds(1));
        }

        assertThat(ofType(scenario.alertsNow(), AlertType.DUPLICATE_SERIAL)).hasSize(1);
    }

    /** A sample of every partition of {@code topics}: read to its end, but for one custody partition when behind. */
    private static void sample(final InputProgress progress, final List<String> topics, final Instant at,
                               final boolean behind) {
        for (final String topic : topics) {
            for (int p = 0; p < 3; p++) {
                final boolean unread = behind && p == 0 && topic.equals(topics.get(0));
                progress.sampled(new TopicPartition(topic, p), at.toEpochMilli(), 10, unread ? 8 : 10);
            }
        }
    }

    @Test
    void shouldFindTheCloneWhenTheGenuineShipmentsPlanReachesTheChecksSecondsAfterTheCloneAndStreamTimeIsFarAhead() {
        final Area hamburg = SerialScenario.area("Hamburg DC", 53.5511, 9.9937);
        final CustodyEvent.Builder clone = scan("ev-hamburg", "SHP-C", 40, sgtin("S1")).setBizLocation(hamburg);
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9")).scanned(clone);
        final List<Alert> inOrder = serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts());
        assertThat(inOrder).extracting(Alert::getType).containsExactly(AlertType.DUPLICATE_SERIAL);
        scenario.close();

        // A replay: SHP-A's plan was published before the clone's scan, but the task that reads it runs behind, so its
        // declaration reaches the serial checks 20 s (wall clock) after the clone's sighting, while stream time is
        // already days ahead (other shipments' later data): the sighting is due at once.
        scenario = new SerialScenario(stateDir.resolve("genuine-plan-behind"));
        final double threeDays = Duration.ofDays(3).toMinutes();
        scenario.plan("SHP-C", sgtin("S9")).plan("SHP-B", sgtin("S7"))
                .scanned(scan("ev-b1", "SHP-B", threeDays, sgtin("S7")))
                .scanned(clone);
        assertThat(serialFindings(scenario.advanceWallClock(Duration.ofSeconds(10)).alerts()))
                .as("the clone's sighting is due, but a plan listing the pack may still be on its way").isEmpty();
        scenario.plan("SHP-A", sgtin("S1"));

        assertThat(serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts()))
                .as("the in-order verdict: no UNKNOWN_SERIAL opened and resolved, the DUPLICATE_SERIAL found")
                .extracting(Alert::getAlertId).containsExactlyElementsOf(inOrder.stream().map(Alert::getAlertId).toList());
    }

    @Test
    void shouldGiveTheCloneOneFindingWhenTheGenuineShippingScanReachesTheChecksInTheMinuteAfterTheClones() {
        // The loaded replay of issue SHP-000256/257: the genuine pack ships at Basel, its clone is scanned in Hamburg
        // 10 min later in a shipment that does not list it. In event time the clone's sighting is an impossible trip,
        // and that is its finding; SHP-A's plan is not held against it as well.
        final Area hamburg = SerialScenario.area("Hamburg DC", 53.5511, 9.9937);
        final CustodyEvent.Builder genuine = scan("ev-basel", "SHP-A", 0, sgtin("S1"));
        final CustodyEvent.Builder clone = scan("ev-hamburg", "SHP-C", 10, sgtin("S1")).setBizLocation(hamburg);
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9")).scanned(genuine).scanned(clone);
        final List<Alert> inOrder = serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts());
        assertThat(inOrder).extracting(Alert::getType).containsExactly(AlertType.IMPOSSIBLE_TRAVEL);
        scenario.close();

        // SHP-A's scans come from a task that runs behind: the clone's sighting settles alone, with stream time days
        // ahead (due at once, held for the minute a plan may need), and the genuine scan arrives 20 s later.
        scenario = new SerialScenario(stateDir.resolve("genuine-scan-behind"));
        final double threeDays = Duration.ofDays(3).toMinutes();
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9")).plan("SHP-B", sgtin("S7"))
                .scanned(scan("ev-b1", "SHP-B", threeDays, sgtin("S7")))
                .scanned(clone);
        assertThat(serialFindings(scenario.advanceWallClock(Duration.ofSeconds(10)).alerts()))
                .as("the clone's sighting settled alone and waits").isEmpty();
        scenario.scanned(genuine);

        assertThat(serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts()))
                .as("the in-order finding, not also one against SHP-A's plan")
                .extracting(Alert::getAlertId).containsExactlyElementsOf(inOrder.stream().map(Alert::getAlertId).toList());
    }

    @Test
    void shouldKeepTheCloneJudgedAgainstTheGenuinePlanWhenTheGenuineScanArrivesAfterItsMinuteTheDocumentedLimit() {
        // docs/EVENT-TIME.md, Limits: an input that reaches the checks after the sighting was judged changes a verdict
        // already given. Here the genuine scan comes 90 s after the clone's: its impossible trip is added, and the
        // finding against SHP-A's plan, which the in-order stream does not give, stays open.
        final Area hamburg = SerialScenario.area("Hamburg DC", 53.5511, 9.9937);
        final double threeDays = Duration.ofDays(3).toMinutes();
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9")).plan("SHP-B", sgtin("S7"))
                .scanned(scan("ev-b1", "SHP-B", threeDays, sgtin("S7")))
                .scanned(scan("ev-hamburg", "SHP-C", 10, sgtin("S1")).setBizLocation(hamburg));
        final List<Alert> judged = serialFindings(scenario.advanceWallClock(Duration.ofSeconds(10))
                .advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING.plusSeconds(20)).alerts());
        assertThat(judged).as("judged without the genuine scan: against SHP-A's plan").singleElement()
                .satisfies(alert -> assertThat(alert.getEvidence()).containsEntry("otherDeclaration.shipmentId",
                        "SHP-A"));

        scenario.scanned(scan("ev-basel", "SHP-A", 0, sgtin("S1")));

        assertThat(serialFindings(scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING).alerts()))
                .as("the trip is added; nothing takes back the first finding").extracting(Alert::getType)
                .containsExactly(AlertType.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void shouldHoldTheJudgementOfASightingNoPlanListsForAMinuteAfterItArrivedWhileOtherInputsKeepComing() {
        final List<Alert> found = cloneWhileTheStreamGoesOn(false);
        assertThat(found).as("judged once the minute is over, with the plans there are")
                .extracting(Alert::getType).containsExactly(AlertType.UNKNOWN_SERIAL);
    }

    @Test
    void shouldFindTheDuplicateWhenTheOtherShipmentsPlanArrivesLateInTheMinute() {
        final List<Alert> found = cloneWhileTheStreamGoesOn(true);
        assertThat(found).as("judged with SHP-A's plan: no UNKNOWN_SERIAL opened and resolved")
                .singleElement().satisfies(alert -> {
                    assertThat(alert.getType()).isEqualTo(AlertType.DUPLICATE_SERIAL);
                    assertThat(alert.getShipmentId()).isEqualTo("SHP-C");
                });
    }

    @Test
    void shouldNotHoldASerialWhoseSightingItsOwnShipmentsNextPlanDeclaresInTheSameBatch() {
        // SHP-C's first plan does not list S1; its next one, published three minutes after the scan, does. Applied
        // together in event-time order, the sighting is pending only until the declaration after it.
        scenario.plan("SHP-C", sgtin("S9")).scanned(scan("ev-1", "SHP-C", 0, sgtin("S1")))
                .plan(SerialScenario.planOf("SHP-C", sgtin("S9"), sgtin("S1")), SerialScenario.T0.plusSeconds(180))
                .advanceWallClock(SerialTopology.SETTLE.plusSeconds(2));
        scenario.scanned(scan("ev-2", "SHP-C", 30, sgtin("S1")))
                .advanceWallClock(SerialTopology.SETTLE.plusSeconds(1));

        assertThat(scenario.serialStatesNow().get(sgtin("S1")).sightings())
                .as("the next input applied once settled, not held for other shipments' plans").hasSize(2);
        assertThat(ofSerial(scenario.alertsNow(), sgtin("S1"))).isEmpty();
    }

    /**
     * A replay, stream time days past the clone's scan (its sighting is due as soon as it is applied), and the scans of
     * another pack arriving every 20 s from the clone's application on, so the stream never goes quiet: only the wait
     * for other shipments' plans holds the clone's judgement. With {@code withPlan}, SHP-A's plan listing the pack
     * (published before the scan) arrives 50 s after the clone's sighting.
     *
     * @return the findings on the clone's pack a minute after its sighting arrived (none before, asserted)
     */
    private List<Alert> cloneWhileTheStreamGoesOn(final boolean withPlan) {
        final double threeDays = Duration.ofDays(3).toMinutes();
        scenario.plan("SHP-C", sgtin("S9")).plan("SHP-B", sgtin("S7"))
                .scanned(scan("ev-b0", "SHP-B", threeDays, sgtin("S7")))
                .scanned(scan("ev-clone", "SHP-C", 40, sgtin("S1")).setBizLocation(TOKYO));
        scenario.advanceWallClock(SerialTopology.SETTLE); // 10 s: applied, and still pending
        for (int i = 1; i <= 2; i++) {
            scenario.scanned(scan("ev-b" + i, "SHP-B", threeDays + i, sgtin("S7")))
                    .advanceWallClock(Duration.ofSeconds(20));
        }
        // 50 s
        if (withPlan) {
            scenario.plan("SHP-A", sgtin("S1"));
        }
        scenario.advanceWallClock(Duration.ofSeconds(9)); // 59 s
        assertThat(ofSerial(scenario.alertsNow(), sgtin("S1"))).as("held for the minute").isEmpty();

        scenario.advanceWallClock(Duration.ofSeconds(2)); // 61 s, the stream not quiet (last arrival at 30 or 50 s)
        return ofSerial(scenario.alertsNow(), sgtin("S1"));
    }

    /**
     * A clone in use is scanned again and again in a shipment whose plan does not list it (or a portal re-reads it):
     * the wait for other shipments' plans is one wait, not one per scan, or the finding would come only when the scans
     * stop. Scans every 30 s of wall clock, in rising and in falling event time (a backlog re-sent newest first).
     */
    @ParameterizedTest(name = "event times {0}")
    @ValueSource(strings = {"rising", "falling"})
    void shouldJudgeAPackScannedAgainAndAgainInAShipmentThatDoesNotListItWithinOneWait(final String order) {
        final double threeDays = Duration.ofDays(3).toMinutes();
        scenario.plan("SHP-C", sgtin("S9")).plan("SHP-B", sgtin("S7"))
                .scanned(scan("ev-b0", "SHP-B", threeDays, sgtin("S7")));
        final List<Alert> found = new ArrayList<>();
        int judgedAfterSeconds = -1;
        for (int i = 0; i < 20 && found.isEmpty(); i++) { // up to 10 minutes of scans
            final double minutes = "rising".equals(order) ? 40 + i * 0.5 : 40 - i * 0.5;
            scenario.scanned(scan("ev-clone-" + i, "SHP-C", minutes, sgtin("S1")).setBizLocation(TOKYO))
                    .advanceWallClock(Duration.ofSeconds(30));
            found.addAll(ofSerial(scenario.alertsNow(), sgtin("S1")));
            judgedAfterSeconds = 30 * (i + 1);
        }

        assertThat(found).as("found while the scans go on").extracting(Alert::getType).contains(AlertType.UNKNOWN_SERIAL);
        assertThat(judgedAfterSeconds).as("seconds of scans before the finding: one wait (a minute) and a settle")
                .isLessThanOrEqualTo(120);
    }

    private static List<Alert> ofSerial(final List<Alert> alerts, final String serial) {
        return alerts.stream().filter(a -> serial.equals(a.getSerial()) && a.getRuleId().startsWith("serial-")).toList();
    }

    @Test
    void shouldApplyTheInputsOfSerialsThatArriveAfterAQuietMinute() {
        scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING.plusSeconds(2)); // quiet: everything judged
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")));

        scenario.advanceWallClock(SerialTopology.SETTLE.plusSeconds(5));

        assertThat(scenario.serialStates().get(sgtin("S1"))).as("declared and sighted after the quiet").isNotNull()
                .satisfies(state -> assertThat(state.sightings()).hasSize(1));
    }

    @Test
    void shouldNotFindTwoOpenPlansWhenThePlanClosingTheFirstArrivesAfterTheNext() {
        final ShipmentPlan.Builder delivered = SerialScenario.planOf("SHP-A", sgtin("S1"))
                .setStatus(ShipmentStatus.DELIVERED).setIssuedAt(SerialScenario.T0.plusSeconds(5 * 3600).toEpochMilli());
        final ShipmentPlan.Builder next = SerialScenario.planOf("SHP-B", sgtin("S1"))
                .setIssuedAt(SerialScenario.T0.plusSeconds(30 * 3600).toEpochMilli());
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")))
                .plan(next, SerialScenario.T0.plusSeconds(30 * 3600))
                .plan(delivered, SerialScenario.T0.plusSeconds(5 * 3600));

        assertThat(serialFindings(scenario.alerts())).isEmpty();
    }

    private static List<Alert> serialFindings(final List<Alert> alerts) {
        return alerts.stream().filter(a -> a.getRuleId().startsWith("serial-")).toList();
    }

    @Test
    void shouldRaiseUnknownSerialWithTheUsualIdWhenNoPlanEverArrives() {
        scenario.scanned(scan("ev-1", "SHP-X", 0, sgtin("GHOST")))
                .plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-2", "SHP-A", 300, sgtin("S1")));
        scenario.advanceWallClock(Duration.ofSeconds(30));
        assertThat(scenario.alerts()).as("a shipment without plan waits the plan wait for it").isEmpty();

        scenario.scanned(receiving("ev-3", "SHP-A", SerialSettings.defaults().planWait().toMinutes() + 60, sgtin("S1")));
        // Stream time is past the plan wait; the held scan is released, and its sighting judged, once they have also
        // waited a minute of wall clock for a plan racing them (before the stream goes quiet, a minute after ev-3).
        scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING.minusSeconds(30));
        final List<Alert> found = serialAndCustodyFindings(scenario.alerts());
        assertThat(found).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.UNKNOWN_SERIAL);
            assertThat(alert.getAlertId())
                    .isEqualTo(SerialAlertIds.of(sgtin("GHOST"), IntegrityRule.NOT_DECLARED, "ev-1"));
            assertThat(alert.getShipmentId()).isEqualTo("SHP-X");
        });
        assertThat(scenario.metric(SerialTopology.WITHOUT_PLAN + "-total")).isEqualTo(1.0);
    }

    @Test
    void shouldJudgeASerialNoPlanDeclaredOnceTheStreamGoesQuietWithTheUsualId() {
        // The end of a backfill: no later data moves stream time past the grace, and no plan is on its way.
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("GHOST")));
        assertThat(serialAndCustodyFindings(scenario.alerts())).as("within the grace").isEmpty();

        scenario.advanceWallClock(SerialTopology.QUIET_BEFORE_JUDGING.plusSeconds(10));

        assertThat(serialAndCustodyFindings(scenario.alerts())).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.UNKNOWN_SERIAL);
            assertThat(alert.getAlertId()).isEqualTo(SerialAlertIds.of(sgtin("GHOST"), IntegrityRule.NOT_DECLARED, "ev-1"));
        });
    }

    @Test
    void shouldFlagAnInvalidCheckDigitAsAFindingAndKeepProcessing() {
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), "00614141123453.X1"));

        final List<Alert> invalid = ofType(scenario.alerts(), AlertType.INVALID_SERIAL);
        assertThat(invalid).hasSize(1);
        assertThat(invalid.get(0).getEvidence()).containsEntry("rawSerial", "00614141123453.X1");
        scenario.scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), "00614141123453.X1"));
        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldLeaveOutAndCountTheCasesShippersAndProductCodesThatEpcisSystemsListBesideThePacks() {
        // Shipping lists the case's SSCC and the returnable shipper beside the packs, receiving scans the case label
        // (GS1-128 barcode data), its Digital Link and the shipper's GS1-128 label (GRAI).
        final String sscc = "urn:epc:id:sscc:0614141.1234567890";
        scenario.plan("SHP-A", sgtin("S1"), sgtin("S2"), sscc)
                .scanned(scan("ev-1", "SHP-A", 0, sscc, sgtin("S1"), "urn:epc:id:grai:0614141.12345.400",
                        sgtin("S2")))
                .scanned(receiving("ev-2", "SHP-A", 240, "]C100106141412345678908",
                        "https://id.gs1.org/00/106141412345678908", sgtin("S1"), sgtin("S2"),
                        "]C1800303870585000552987"));

        assertThat(scenario.alerts()).isEmpty();
        assertThat(scenario.metric(SerialTopology.OTHER_IDENTIFIERS + "-total")).isEqualTo(5.0);
        assertThat(scenario.metric(SerialTopology.PLANNED_OTHER_IDENTIFIERS + "-total")).isEqualTo(1.0);
        assertThat(scenario.serialStates().get(sgtin("S1")).sightings()).hasSize(2);
        assertThat(scenario.serialStates().get(sgtin("S2")).sightings()).hasSize(2);
    }

    @Test
    void shouldStillFlagAnIdentifierThatIsNeitherAPackNorAnotherGs1Key() {
        final String slashInSerial = "https://id.gs1.org/01/00614141123452/21/S1/2";
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), "urn:epc:id:sgtin:0614141.012345", "PACK-0042",
                        "00614141123453", slashInSerial, "https://id.gs1.org/01/00614141123452//21/S9"));

        // An SGTIN URN without serial, a made-up label, a bare GTIN, a Digital Link whose serial holds an unescaped
        // '/' (not the pack S1) or whose path is broken: one finding each, none taken for "not a pack".
        assertThat(ofType(scenario.alerts(), AlertType.INVALID_SERIAL))
                .extracting(alert -> alert.getEvidence().get("rawSerial"))
                .containsExactlyInAnyOrder("urn:epc:id:sgtin:0614141.012345", "PACK-0042", "00614141123453",
                        slashInSerial, "https://id.gs1.org/01/00614141123452//21/S9");
        assertThat(scenario.serialStates().get(sgtin("S1")).sightings()).hasSize(1);
        assertThat(scenario.metric(SerialTopology.OTHER_IDENTIFIERS + "-total")).isZero();
    }

    @Test
    void shouldFlagAHandOffToAPartyThePlanDoesNotList() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-2", "SHP-A", 120, sgtin("S1")).setCustodian(STRANGER).setDestinationParty(STRANGER));

        final List<Alert> unexpected = ofType(scenario.alerts(), AlertType.UNEXPECTED_CUSTODIAN);
        assertThat(unexpected).hasSize(1);
        assertThat(unexpected.get(0).getEvidence()).containsEntry("unexpected.custodian.gln", STRANGER.getGln());
    }

    @Test
    void shouldFlagReceivingWithoutShippingAndResolveItWhenTheShippingScanArrivesLate() {
        scenario.plan("SHP-A", sgtin("S1")).scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")));

        final List<Alert> gap = ofType(scenario.alerts(), AlertType.CUSTODY_GAP);
        assertThat(gap).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN);

        scenario.scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")));
        final List<Alert> resolved = ofType(scenario.alerts(), AlertType.CUSTODY_GAP);
        assertThat(resolved).extracting(Alert::getStatus).containsExactly(AlertStatus.RESOLVED);
        assertThat(resolved.get(0).getAlertId()).isEqualTo(gap.get(0).getAlertId());
    }

    @Test
    void shouldStaySilentWhenThePlannedCarrierNeverScans() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")).setCustodian(SerialScenario.SHIPPER)
                        .setDestinationParty(SerialScenario.CONSIGNEE))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")).setSourceParty(SerialScenario.SHIPPER))
                .scanned(receiving("ev-3", "SHP-A", 300, sgtin("S1")).setBizStep("storing").setSourceParty(null)
                        .setDestinationParty(null))
                .scanned(receiving("ev-4", "SHP-A", 600, sgtin("S1")).setBizStep("dispensing")
                        .setDisposition("dispensed").setSourceParty(null).setDestinationParty(null));

        assertThat(serialAndCustodyFindings(scenario.alerts())).isEmpty();
    }

    @Test
    void shouldIgnoreAndCountRedeliveriesBySameIdAndBySameContent() {
        final CustodyEvent.Builder first = scan("ev-1", "SHP-A", 0, sgtin("S1"));
        scenario.plan("SHP-A", sgtin("S1")).scanned(first)
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(scan("ev-1-again", "SHP-A", 0, sgtin("S1")).setRecordTime(first.getRecordTime() + 60_000));

        assertThat(scenario.alerts()).isEmpty();
        assertThat(scenario.metric(SerialTopology.REDELIVERED_EVENTS + "-total")).isEqualTo(2.0);
        assertThat(scenario.metric(SerialTopology.REDELIVERED_SIGHTINGS + "-total")).isEqualTo(2.0);
    }

    @Test
    void shouldResolveAFindingWhenItsEventIsDeclaredErroneous() {
        final CustodyEvent wrong = scan("ev-1", "SHP-A", 0, sgtin("S1")).setLot("L99").build();
        scenario.plan("SHP-A", sgtin("S1")).scanned(CustodyEvent.newBuilder(wrong));
        final List<Alert> opened = ofType(scenario.alerts(), AlertType.ATTRIBUTE_MISMATCH);
        assertThat(opened).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN);

        scenario.scanned(errorDeclaration(wrong, 60));
        final List<Alert> resolved = scenario.alerts();
        assertThat(resolved).extracting(Alert::getStatus).containsOnly(AlertStatus.RESOLVED);
        assertThat(resolved).extracting(Alert::getAlertId).contains(opened.get(0).getAlertId());
        assertThat(scenario.metric(SerialTopology.RETRACTED_EVENTS + "-total")).isEqualTo(1.0);

        scenario.scanned(errorDeclaration(wrong, 60));
        assertThat(scenario.alerts()).isEmpty();
        assertThat(scenario.metric(SerialTopology.REDELIVERED_EVENTS + "-total")).isEqualTo(1.0);
    }

    @Test
    void shouldStaySilentWhenAnErrorDeclarationArrivesBeforeTheEventItRetracts() {
        final CustodyEvent wrong = scan("ev-1", "SHP-A", 0, sgtin("S1")).setLot("L99").build();
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(errorDeclaration(wrong, 60))
                .scanned(CustodyEvent.newBuilder(wrong));

        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldFlagOnePackAtTwoPlacesAtOnce() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-basel", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-frankfurt", "SHP-A", 1, sgtin("S1")));

        final List<Alert> duplicates = ofType(scenario.alerts(), AlertType.DUPLICATE_SERIAL);
        assertThat(duplicates).singleElement().satisfies(alert -> {
            assertThat(alert.getRuleId()).isEqualTo("serial-at-two-places-at-once");
            assertThat(alert.getShipmentId()).isEqualTo("SHP-A");
            assertThat(alert.getEvidence()).containsEntry("sighting.eventId", "ev-frankfurt")
                    .containsEntry("sighting.locationName", "Frankfurt Hospital")
                    .containsEntry("otherSighting.eventId", "ev-basel")
                    .containsEntry("otherSighting.locationName", "Basel DC")
                    .containsEntry("elapsedMillis", "60000");
        });
    }

    @Test
    void shouldNotCompareLaterSightingsWithOneDeclaredErroneous() {
        // Scanned at Tokyo by mistake, declared erroneous, corrected by the scan at Basel at the same time:
        // without the declaration, Tokyo and Basel at once would be a duplicate.
        final CustodyEvent wrong = scan("ev-wrong", "SHP-A", 0, sgtin("S1")).setBizLocation(TOKYO).build();
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(CustodyEvent.newBuilder(wrong))
                .scanned(errorDeclaration(wrong, 10).setErrorDeclaration(
                        ErrorDeclaration.newBuilder()
                                .setDeclarationTime(wrong.getEventTime() + 600_000)
                                .setReason("incorrect_data")
                                .setCorrectiveEventIds(List.of("ev-basel")).build()))
                .scanned(scan("ev-basel", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-frankfurt", "SHP-A", 240, sgtin("S1")));

        // The route rules see the Tokyo scan too (and resolve their alert on the declaration); the serial
        // and custody rules never report it.
        assertThat(serialAndCustodyFindings(scenario.alerts())).isEmpty();
        assertThat(scenario.serialStates().get(sgtin("S1")).sightings()).extracting(s -> s.eventId())
                .containsExactly("ev-basel", "ev-frankfurt");
    }

    @Test
    void shouldTreatEpcUrnsAndDigitalLinksAsTheSerialThePlanLists() {
        scenario.plan("SHP-A", sgtin("S1"), sgtin("S/2"))
                .scanned(scan("ev-1", "SHP-A", 0, "urn:epc:id:sgtin:0614141.012345.S1",
                        "urn:epc:id:sgtin:0614141.012345.S%2F2"))
                .scanned(receiving("ev-2", "SHP-A", 240, "https://id.gs1.org/01/00614141123452/21/S1",
                        " (01)00614141123452(21)S/2 "));

        assertThat(scenario.alerts()).isEmpty();
        assertThat(scenario.serialStates().get(sgtin("S1")).sightings()).hasSize(2);
        assertThat(scenario.serialStates().get(sgtin("S/2")).sightings()).hasSize(2);
    }

    /** GS, U+001D: the FNC1 that ends a variable-length field in a raw element string. */
    private static final String GS = "\u001d";

    @Test
    void shouldTakeARawDataMatrixScanOfADeclaredPackAsThatPackWithTheLotAndExpiryItCarries() {
        // Expiry 270600: day 00 is the last day of June, the plan's 2027-06-30; the event itself carries neither.
        final String dataMatrix = "]d2" + "0100614141123452" + "17270600" + "10L42" + GS + "21S1";
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, dataMatrix).setLot(null).setExpiryDate(null))
                .scanned(receiving("ev-2", "SHP-A", 240, "(01)00614141123452(17)270630(10)L42(21)S1"));

        assertThat(scenario.alerts()).isEmpty();
        assertThat(scenario.serialStates().get(sgtin("S1")).sightings())
                .extracting(s -> s.lot() + " " + s.expiryDate())
                .containsExactly("L42 2027-06-30", "L42 2027-06-30");
    }

    @Test
    void shouldFlagAPackWhoseDataMatrixLotDiffersFromThePlansAndOnlyThatPack() {
        // The event says L42 (the plan's lot); the code of pack S1 says L77: what was read off the pack counts.
        scenario.plan("SHP-A", sgtin("S1"), sgtin("S2"))
                .scanned(scan("ev-1", "SHP-A", 0, "]d2" + "0100614141123452" + "10L77" + GS + "21S1", sgtin("S2")));

        final List<Alert> mismatch = ofType(scenario.alerts(), AlertType.ATTRIBUTE_MISMATCH);
        assertThat(mismatch).singleElement().satisfies(alert -> {
            assertThat(alert.getSummary()).contains(sgtin("S1"), "L77", "L42");
            assertThat(alert.getSummary()).doesNotContain(sgtin("S2"));
        });
        assertThat(ofType(scenario.alerts(), AlertType.INVALID_SERIAL)).isEmpty();
    }

    @Test
    void shouldLetADeliveredPackMoveOnInItsNextShipment() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")))
                .plan(SerialScenario.planOf("SHP-A", sgtin("S1")).setStatus(ShipmentStatus.DELIVERED),
                        SerialScenario.T0.plusSeconds(5 * 3600))
                .plan(SerialScenario.planOf("SHP-B", sgtin("S1"))
                        .setIssuedAt(SerialScenario.T0.plusSeconds(6 * 3600).toEpochMilli()),
                        SerialScenario.T0.plusSeconds(6 * 3600))
                .scanned(receiving("ev-3", "SHP-B", 24 * 60, sgtin("S1")).setBizStep("shipping")
                        .setDisposition("in_transit").setCustodian(SerialScenario.SHIPPER)
                        .setSourceParty(SerialScenario.SHIPPER).setDestinationParty(SerialScenario.CARRIER));

        assertThat(scenario.alerts()).isEmpty();
    }

    @Test
    void shouldDeleteSerialStateOnceItsRetentionAfterExpiryHasPassed() {
        scenario.close();
        scenario = new SerialScenario(stateDir.resolve("retention"), SerialSettings.builder()
                .retentionAfterExpiry(Duration.ofDays(1)).sweepInterval(Duration.ofHours(1)).build());
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")));
        assertThat(scenario.serialStates().get(sgtin("S1"))).isNotNull();
        assertThat(scenario.retentionIndex().approximateNumEntries()).isEqualTo(1);

        // The plan's product expires on 2027-06-30: the state may go after 2027-07-02T00:00Z.
        final double minutesAfterT0 = Duration.between(SerialScenario.T0, Instant.parse("2027-07-02T12:00:00Z"))
                .toMinutes();
        final ShipmentPlan.Builder later = SerialScenario.planOf("SHP-LATE", sgtin("S2"));
        later.setProduct(Product.newBuilder(later.getProduct()).setExpiryDate("2029-12-31").build());
        scenario.plan(later, SerialScenario.T0)
                .scanned(scan("ev-late", "SHP-LATE", minutesAfterT0, sgtin("S2")).setExpiryDate("2029-12-31"));

        assertThat(scenario.serialStates().get(sgtin("S1"))).isNull();
        assertThat(scenario.serialStates().get(sgtin("S2"))).isNotNull();
        assertThat(scenario.metric(SerialTopology.EXPIRED_SERIALS + "-total")).isEqualTo(1.0);
        try (var index = scenario.retentionIndex().all()) {
            assertThat(index).toIterable().extracting(kv -> kv.value).containsExactly(sgtin("S2"));
        }
    }

    @Test
    void shouldNameEverySerialNodeStoreAndTheRepartitionTopic() {
        final String description = scenario.describe();

        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_", "KTABLE_");
        assertThat(description).contains(SerialTopology.PLANS_STREAM, SerialTopology.DECLARE, SerialTopology.OBSERVE,
                SerialTopology.MERGE, SerialTopology.DETECT, SerialTopology.STATE_STORE, SerialTopology.PENDING_STORE,
                SerialTopology.BUFFER_STORE, SerialTopology.SETTLE_TIMES_STORE, SerialTopology.SETTLE_INDEX_STORE,
                SerialTopology.RETENTION_INDEX_STORE, SerialTopology.CHAIN_DETECT, SerialTopology.CHAIN_STORE,
                AlertsTopology.COUNT + "-serial", AlertsTopology.SINK + "-serial",
                SerialTopology.REPARTITION + "-repartition");
    }

    /**
     * The serial checks read their repartition topic in a sub-topology of their own: merged with a stream of the
     * detection task, the topic would become an input of that task, which then idles for it every time it runs dry
     * between two commits (docs/BENCHMARKS.md, "Lever 9").
     */
    @Test
    void shouldReadTheRepartitionTopicInASubTopologyOfItsOwn() {
        final java.util.Set<String> sources = scenario.description().subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node.name().equals(SerialTopology.DETECT)))
                .flatMap(sub -> sub.nodes().stream())
                .filter(node -> node instanceof org.apache.kafka.streams.TopologyDescription.Source)
                .flatMap(node -> ((org.apache.kafka.streams.TopologyDescription.Source) node).topicSet().stream())
                .collect(java.util.stream.Collectors.toSet());

        assertThat(sources).hasSize(1).allMatch(topic -> topic.endsWith(SerialTopology.REPARTITION + "-repartition"));
    }

    @Test
    void shouldGiveTheSameAlertIdsOnReplay() {
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("GHOST")))
                .scanned(scan("ev-2", "SHP-C", 30, sgtin("S1")));
        final List<String> first = scenario.alerts().stream().map(Alert::getAlertId).toList();
        scenario.close();

        scenario = new SerialScenario(stateDir.resolve("replay"));
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-C", sgtin("S9"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("GHOST")))
                .scanned(scan("ev-2", "SHP-C", 30, sgtin("S1")));

        assertThat(first).isNotEmpty().isEqualTo(scenario.alerts().stream().map(Alert::getAlertId).toList());
    }
}
