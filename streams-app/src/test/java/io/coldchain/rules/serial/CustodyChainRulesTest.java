package io.coldchain.rules.serial;

import static io.coldchain.rules.serial.SerialFixtures.CARRIER;
import static io.coldchain.rules.serial.SerialFixtures.CONSIGNEE;
import static io.coldchain.rules.serial.SerialFixtures.SGTIN;
import static io.coldchain.rules.serial.SerialFixtures.SHIPPER;
import static io.coldchain.rules.serial.SerialFixtures.STRANGER;
import static io.coldchain.rules.serial.SerialFixtures.declaredErroneous;
import static io.coldchain.rules.serial.SerialFixtures.event;
import static io.coldchain.rules.serial.SerialFixtures.receiving;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.streams.Plans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustodyChainRulesTest {

    private final ShipmentPlan plan = Plans.baselToFrankfurt("SHP-A")
            .setExpectedCustodians(List.of(SHIPPER, CARRIER, CONSIGNEE)).build();
    private final CustodyChainRules rules = new CustodyChainRules(SerialSettings.builder().eventsPerShipment(4).build());
    private final List<Alert> alerts = new ArrayList<>();
    private ChainState state;

    private ChainOutcome custody(final ShipmentPlan withPlan, final CustodyEvent.Builder event) {
        return custody(withPlan, event.build());
    }

    private ChainOutcome custody(final ShipmentPlan withPlan, final CustodyEvent event) {
        final ChainOutcome outcome = rules.onCustody(withPlan, state, event);
        state = outcome.state();
        alerts.addAll(outcome.alerts());
        return outcome;
    }

    /** Shipper hands to carrier, carrier to consignee: each hand-off a shipping and a receiving scan. */
    private void fullChain() {
        custody(plan, event("ev-1", Duration.ZERO, SGTIN));
        custody(plan, receiving("ev-2", Duration.ofMinutes(30), SHIPPER, CARRIER));
        custody(plan, event("ev-3", Duration.ofMinutes(40), SGTIN).setCustodian(CARRIER).setSourceParty(CARRIER)
                .setDestinationParty(CONSIGNEE));
        custody(plan, receiving("ev-4", Duration.ofHours(4), CARRIER, CONSIGNEE));
    }

    @Test
    void shouldStaySilentForTheFullPlannedChain() {
        fullChain();

        assertThat(alerts).isEmpty();
        assertThat(state.steps()).hasSize(4);
    }

    @Test
    void shouldFlagAPartyThePlanDoesNotListOncePerStep() {
        custody(plan, event("ev-1", Duration.ZERO, SGTIN).setDestinationParty(STRANGER));
        custody(plan, event("ev-1b", Duration.ofMinutes(1), "00614141123452.S2").setDestinationParty(STRANGER));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.UNEXPECTED_CUSTODIAN);
            assertThat(alert.getShipmentId()).isEqualTo("SHP-A");
            assertThat(alert.getEvidence()).containsEntry("unexpected.destinationParty.gln", STRANGER.getGln())
                    .containsEntry("eventId", "ev-1").containsKey("expectedCustodianGlns");
        });
        assertThat(state.steps()).singleElement().satisfies(step -> assertThat(step.events()).isEqualTo(2));
    }

    @Test
    void shouldFlagReceivingWithoutShippingAndResolveItWhenTheShippingArrivesLate() {
        custody(plan, receiving("ev-2", Duration.ofMinutes(30), SHIPPER, CARRIER));
        custody(plan, event("ev-1", Duration.ZERO, SGTIN));

        assertThat(alerts).extracting(Alert::getType).containsExactly(AlertType.CUSTODY_GAP, AlertType.CUSTODY_GAP);
        assertThat(alerts).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    }

    @Test
    void shouldFlagAPlannedCustodianThatNeverHeldTheShipment() {
        custody(plan, event("ev-1", Duration.ZERO, SGTIN).setDestinationParty(CONSIGNEE));
        custody(plan, receiving("ev-2", Duration.ofHours(4), SHIPPER, CONSIGNEE));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.getRuleId()).isEqualTo(IntegrityRule.SKIPPED_CUSTODIAN.ruleId());
            assertThat(alert.getEvidence()).containsEntry("skippedCustodian.gln", CARRIER.getGln())
                    .containsEntry("eventId", "ev-2");
        });
    }

    @Test
    void shouldRecogniseRedeliveryBySameIdAndBySameContent() {
        final CustodyEvent first = event("ev-1", Duration.ZERO, SGTIN).build();
        custody(plan, first);
        final ChainState before = state;

        final ChainOutcome sameId = custody(plan, CustodyEvent.newBuilder(first).setRecordTime(1L));
        final ChainOutcome sameContent = custody(plan, CustodyEvent.newBuilder(first).setEventId("ev-1-resent"));

        assertThat(sameId.verdict()).isEqualTo(Verdict.REDELIVERY);
        assertThat(sameContent.verdict()).isEqualTo(Verdict.REDELIVERY);
        assertThat(state).isSameAs(before);
    }

    @Test
    void shouldTakeBackADeclaredEventResolveItsFindingAndIgnoreItAfterwards() {
        final CustodyEvent wrong = receiving("ev-2", Duration.ofMinutes(30), SHIPPER, STRANGER).build();
        custody(plan, wrong);
        assertThat(alerts).extracting(Alert::getType)
                .containsExactlyInAnyOrder(AlertType.UNEXPECTED_CUSTODIAN, AlertType.CUSTODY_GAP);

        final ChainOutcome retraction = custody(plan, declaredErroneous(wrong));
        final ChainOutcome original = custody(plan, wrong);
        final ChainOutcome declarationAgain = custody(plan, declaredErroneous(wrong));

        assertThat(retraction.verdict()).isEqualTo(Verdict.RETRACTION);
        assertThat(retraction.alerts()).extracting(Alert::getStatus).containsOnly(AlertStatus.RESOLVED).hasSize(2);
        assertThat(original.verdict()).isEqualTo(Verdict.RETRACTED);
        assertThat(declarationAgain.verdict()).isEqualTo(Verdict.REDELIVERY);
        assertThat(state.steps()).isEmpty();
    }

    @Test
    void shouldCheckOnlyWhatNeedsNoPlanWhenThereIsNone() {
        custody(null, receiving("ev-2", Duration.ofMinutes(30), STRANGER, STRANGER));

        assertThat(alerts).extracting(Alert::getRuleId)
                .containsExactly(IntegrityRule.RECEIVED_WITHOUT_SHIPPING.ruleId());
        assertThat(state.shipmentId()).isEqualTo("SHP-A");
    }

    @Test
    void shouldRememberOnlyTheLatestEventsForRedelivery() {
        fullChain();
        custody(plan, receiving("ev-5", Duration.ofHours(5), CARRIER, CONSIGNEE).setEpcList(List.of("00614141123452.S9")));

        assertThat(state.seen()).extracting(SeenEvent::eventId).containsExactly("ev-2", "ev-3", "ev-4", "ev-5");
    }
}
