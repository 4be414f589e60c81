package io.coldchain.streams;

import static io.coldchain.streams.SerialScenario.STRANGER;
import static io.coldchain.streams.SerialScenario.TOKYO;
import static io.coldchain.streams.SerialScenario.errorDeclaration;
import static io.coldchain.streams.SerialScenario.receiving;
import static io.coldchain.streams.SerialScenario.scan;
import static io.coldchain.streams.SerialScenario.sgtin;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void shouldFlagASerialListedByTwoOpenShipments() {
        scenario.plan("SHP-A", sgtin("S1")).plan("SHP-B", sgtin("S1"));

        final List<Alert> duplicates = ofType(scenario.alerts(), AlertType.DUPLICATE_SERIAL);
        assertThat(duplicates).hasSize(1);
        assertThat(duplicates.get(0).getSerial()).isEqualTo(sgtin("S1"));
        assertThat(duplicates.get(0).getEvidence()).containsEntry("declaration.shipmentId", "SHP-B")
                .containsEntry("otherDeclaration.shipmentId", "SHP-A");
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
    void shouldFlagALotThatDoesNotMatchTheCommissionedOne() {
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")).setLot("L99"));

        final List<Alert> mismatch = ofType(scenario.alerts(), AlertType.ATTRIBUTE_MISMATCH);
        assertThat(mismatch).hasSize(1);
        assertThat(mismatch.get(0).getSummary()).contains("L99", "L42");
    }

    @Test
    void shouldFlagASerialNoPlanDeclared() {
        scenario.plan("SHP-A", sgtin("S1")).scanned(scan("ev-1", "SHP-A", 0, sgtin("S1"), sgtin("GHOST")));

        final List<Alert> unknown = ofType(scenario.alerts(), AlertType.UNKNOWN_SERIAL);
        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).getSerial()).isEqualTo(sgtin("GHOST"));
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
    void shouldFlagACustodianThatWasSkipped() {
        scenario.plan("SHP-A", sgtin("S1"))
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")).setCustodian(SerialScenario.SHIPPER)
                        .setDestinationParty(SerialScenario.SHIPPER))
                .scanned(receiving("ev-2", "SHP-A", 240, sgtin("S1")).setSourceParty(SerialScenario.SHIPPER));

        assertThat(ofType(scenario.alerts(), AlertType.CUSTODY_GAP)).singleElement()
                .satisfies(a -> assertThat(a.getEvidence()).containsEntry("skippedCustodian.gln",
                        SerialScenario.CARRIER.getGln()));
    }

    @Test
    void shouldIgnoreAndCountRedeliveriesBySameIdAndBySameContent() {
        final CustodyEvent.Builder first = scan("ev-1", "SHP-A", 0, sgtin("S1"));
        scenario.plan("SHP-A", sgtin("S1")).scanned(first)
                .scanned(scan("ev-1", "SHP-A", 0, sgtin("S1")))
                .scanned(scan("ev-1-again", "SHP-A", 0, sgtin("S1")).setRecordTime(first.getRecordTime() + 60_000));

        assertThat(scenario.alerts()).isEmpty();
        assertThat(scenario.metric("redelivered-custody-events-total")).isEqualTo(2.0);
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
