package io.coldchain.rules.serial;

import io.coldchain.rules.Outcome;
import io.coldchain.rules.Verdict;
import static io.coldchain.rules.serial.SerialFixtures.CARRIER;
import static io.coldchain.rules.serial.SerialFixtures.CONSIGNEE;
import static io.coldchain.rules.serial.SerialFixtures.HUB;
import static io.coldchain.rules.serial.SerialFixtures.SGTIN;
import static io.coldchain.rules.serial.SerialFixtures.SHIPPER;
import static io.coldchain.rules.serial.SerialFixtures.STRANGER;
import static io.coldchain.rules.serial.SerialFixtures.declaredErroneous;
import static io.coldchain.rules.serial.SerialFixtures.event;
import static io.coldchain.rules.serial.SerialFixtures.receiving;
import static io.coldchain.rules.serial.SerialFixtures.scanBy;
import static io.coldchain.rules.serial.SerialFixtures.shipping;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.Party;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.rules.DomainFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CustodyChainRulesTest {

    private final ShipmentPlan plan = DomainFixtures.baselToFrankfurt("SHP-A")
            .expectedCustodians(List.of(SHIPPER, CARRIER, CONSIGNEE)).build();
    private final CustodyChainRules rules = new CustodyChainRules(SerialSettings.builder().eventsPerShipment(4).build());
    private final List<Alert> alerts = new ArrayList<>();
    private ChainState state;

    private Outcome<ChainState> custody(final ShipmentPlan withPlan, final CustodyEvent.Builder event) {
        return custody(withPlan, event.build());
    }

    private Outcome<ChainState> custody(final ShipmentPlan withPlan, final CustodyEvent event) {
        final Outcome<ChainState> outcome = rules.onEvent(withPlan, state, DomainFixtures.published(event));
        state = outcome.state();
        alerts.addAll(outcome.alerts());
        return outcome;
    }

    private final ShipmentPlan hubPlan = DomainFixtures.baselToFrankfurt("SHP-A")
            .expectedCustodians(List.of(SHIPPER, CARRIER, HUB, CONSIGNEE)).build();

    /** Shipper → carrier (never scans) → hub, which receives, stores and ships → carrier → consignee. */
    private void hubChain() {
        custody(hubPlan, shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER));
        custody(hubPlan, receiving("ev-2", Duration.ofHours(2), CARRIER, HUB));
        custody(hubPlan, scanBy("ev-3", Duration.ofHours(3), "storing", HUB));
        custody(hubPlan, shipping("ev-4", Duration.ofHours(10), HUB, CARRIER));
        custody(hubPlan, receiving("ev-5", Duration.ofHours(14), CARRIER, CONSIGNEE));
        custody(hubPlan, scanBy("ev-6", Duration.ofHours(15), "storing", CONSIGNEE));
        custody(hubPlan, scanBy("ev-7", Duration.ofDays(2), "dispensing", CONSIGNEE));
    }

    /** Receiving from {@code from}, storing (twice, pack by pack), inspecting and dispensing at the consignee. */
    private void fiveLaterScansAtTheConsignee(final Party from) {
        custody(plan, receiving("ev-10", Duration.ofHours(4), from, CONSIGNEE));
        custody(plan, scanBy("ev-11", Duration.ofHours(5), "storing", CONSIGNEE));
        custody(plan, scanBy("ev-12", Duration.ofHours(6), "storing", CONSIGNEE).epcList(List.of("00614141123452.S2")));
        custody(plan, scanBy("ev-13", Duration.ofHours(7), "inspecting", CONSIGNEE));
        custody(plan, scanBy("ev-14", Duration.ofDays(1), "dispensing", CONSIGNEE));
    }

    private static List<List<CustodyEvent>> permutations(final List<CustodyEvent> events) {
        if (events.size() <= 1) {
            return List.of(events);
        }
        final List<List<CustodyEvent>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            final List<CustodyEvent> rest = new ArrayList<>(events);
            final CustodyEvent head = rest.remove(i);
            for (final List<CustodyEvent> tail : permutations(rest)) {
                final List<CustodyEvent> order = new ArrayList<>(List.of(head));
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    private Set<String> alertIds(final AlertStatus status) {
        return alerts.stream().filter(a -> a.status() == status).map(Alert::alertId).collect(Collectors.toSet());
    }

    private static List<String> ids(final List<CustodyEvent> events) {
        return events.stream().map(CustodyEvent::eventId).toList();
    }

    /** Shipper hands to carrier, carrier to consignee: each hand-off a shipping and a receiving scan. */
    private void fullChain() {
        custody(plan, event("ev-1", Duration.ZERO, SGTIN));
        custody(plan, receiving("ev-2", Duration.ofMinutes(30), SHIPPER, CARRIER));
        custody(plan, event("ev-3", Duration.ofMinutes(40), SGTIN).custodian(CARRIER).sourceParty(CARRIER)
                .destinationParty(CONSIGNEE));
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
        custody(plan, event("ev-1", Duration.ZERO, SGTIN).destinationParty(STRANGER));
        custody(plan, event("ev-1b", Duration.ofMinutes(1), "00614141123452.S2").destinationParty(STRANGER));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.UNEXPECTED_CUSTODIAN);
            assertThat(alert.shipmentId()).isEqualTo("SHP-A");
            assertThat(alert.evidence()).containsEntry("unexpected.destinationParty.gln", STRANGER.gln())
                    .containsEntry("eventId", "ev-1").containsKey("expectedCustodianGlns");
        });
        assertThat(state.steps()).singleElement().satisfies(step -> assertThat(step.events()).isEqualTo(2));
    }

    @Test
    void shouldFlagReceivingWithoutShippingAndResolveItWhenTheShippingArrivesLate() {
        custody(plan, receiving("ev-2", Duration.ofMinutes(30), SHIPPER, CARRIER));
        custody(plan, event("ev-1", Duration.ZERO, SGTIN));

        assertThat(alerts).extracting(Alert::type).containsExactly(AlertType.CUSTODY_GAP, AlertType.CUSTODY_GAP);
        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(alerts.get(1).alertId()).isEqualTo(alerts.get(0).alertId());
    }

    @Test
    void shouldStaySilentWhenThePlannedCarrierNeverScans() {
        custody(plan, scanBy("ev-0", Duration.ofMinutes(-30), "commissioning", SHIPPER));
        custody(plan, scanBy("ev-1", Duration.ofMinutes(-10), "packing", SHIPPER));
        custody(plan, shipping("ev-2", Duration.ZERO, SHIPPER, CARRIER));
        custody(plan, scanBy("ev-3", Duration.ofMinutes(5), "departing", SHIPPER));
        custody(plan, receiving("ev-4", Duration.ofHours(4), CARRIER, CONSIGNEE));
        custody(plan, scanBy("ev-5", Duration.ofHours(5), "storing", CONSIGNEE));
        custody(plan, scanBy("ev-6", Duration.ofDays(3), "dispensing", CONSIGNEE));

        assertThat(alerts).isEmpty();
        assertThat(state.gaps()).isEmpty();
    }

    @Test
    void shouldStaySilentWhenTheShippingNamesTheConsigneeAndTheCarrierNeverScans() {
        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CONSIGNEE));
        custody(plan, receiving("ev-2", Duration.ofHours(4), SHIPPER, CONSIGNEE));

        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldStaySilentForAHubThatReceivesStoresAndShips() {
        hubChain();

        assertThat(alerts).isEmpty();
        assertThat(state.gaps()).isEmpty();
    }

    @Test
    void shouldReachNoGapForAHubChainArrivingInAnyOrder() {
        final List<CustodyEvent> chain = List.of(
                shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER).build(),
                receiving("ev-2", Duration.ofHours(2), CARRIER, HUB).build(),
                scanBy("ev-3", Duration.ofHours(3), "storing", HUB).build(),
                shipping("ev-4", Duration.ofHours(10), HUB, CARRIER).build(),
                receiving("ev-5", Duration.ofHours(14), CARRIER, CONSIGNEE).build());
        for (final List<CustodyEvent> order : permutations(chain)) {
            state = null;
            alerts.clear();
            order.forEach(event -> custody(hubPlan, event));

            // A receiving that arrives before its shipping is a gap until the shipping arrives: every alert
            // opened on the way is resolved by the end.
            assertThat(state.gaps()).as("open gaps after %s", ids(order)).isEmpty();
            assertThat(alertIds(AlertStatus.RESOLVED)).as("alerts after %s", ids(order))
                    .isEqualTo(alertIds(AlertStatus.OPEN));
        }
    }

    @Test
    void shouldStaySilentForAPlannedHubThatRecordsOnlyItsShipping() {
        custody(hubPlan, shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER));
        custody(hubPlan, shipping("ev-2", Duration.ofHours(10), HUB, CARRIER));
        custody(hubPlan, receiving("ev-3", Duration.ofHours(14), CARRIER, CONSIGNEE));

        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldFlagShippingByAPartyThatNeverReceivedTheGoodsOnceWhateverFollows() {
        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CONSIGNEE));
        custody(plan, shipping("ev-2", Duration.ofHours(2), CARRIER, CONSIGNEE));
        fiveLaterScansAtTheConsignee(CARRIER);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.CUSTODY_GAP);
            assertThat(alert.ruleId()).isEqualTo(IntegrityRule.SHIPPED_BY_NON_HOLDER.ruleId());
            assertThat(alert.alertId()).isEqualTo(
                    SerialAlertIds.of("SHP-A", IntegrityRule.SHIPPED_BY_NON_HOLDER, "ev-2"));
            assertThat(alert.evidence()).containsEntry("eventId", "ev-2")
                    .containsEntry("shipping.eventId", "ev-1")
                    .containsEntry("shipping.destinationParty.gln", CONSIGNEE.gln());
        });
    }

    @Test
    void shouldFlagShippingByAStrangerAsAGapAndAsAnUnexpectedParty() {
        custody(hubPlan, shipping("ev-1", Duration.ZERO, SHIPPER, HUB));
        custody(hubPlan, shipping("ev-2", Duration.ofHours(2), STRANGER, CONSIGNEE));

        assertThat(alerts).extracting(Alert::ruleId).containsExactly(IntegrityRule.UNEXPECTED_PARTY.ruleId(),
                IntegrityRule.SHIPPED_BY_NON_HOLDER.ruleId());
    }

    @Test
    void shouldFlagGoodsSeenAgainAtTheSiteTheyLeftOnceWhateverFollows() {
        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER));
        custody(plan, scanBy("ev-2", Duration.ofHours(1), "storing", SHIPPER));
        custody(plan, scanBy("ev-3", Duration.ofHours(2), "packing", SHIPPER));
        fiveLaterScansAtTheConsignee(CARRIER);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.ruleId()).isEqualTo(IntegrityRule.SEEN_AFTER_LEAVING.ruleId());
            assertThat(alert.alertId()).isEqualTo(SerialAlertIds.of("SHP-A", IntegrityRule.SEEN_AFTER_LEAVING, "ev-2"));
            assertThat(alert.evidence()).containsEntry("custodian.gln", SHIPPER.gln())
                    .containsEntry("shipping.eventId", "ev-1");
        });
    }

    @Test
    void shouldFlagReceivingWithoutShippingOnceWhateverFollows() {
        custody(plan, receiving("ev-1", Duration.ofHours(4), CARRIER, CONSIGNEE));
        custody(plan, scanBy("ev-2", Duration.ofHours(5), "storing", CONSIGNEE));
        custody(plan, scanBy("ev-3", Duration.ofHours(6), "storing", CONSIGNEE).epcList(List.of("00614141123452.S2")));
        custody(plan, scanBy("ev-4", Duration.ofHours(7), "inspecting", CONSIGNEE));
        custody(plan, scanBy("ev-5", Duration.ofDays(1), "dispensing", CONSIGNEE));
        custody(plan, receiving("ev-6", Duration.ofHours(4), CARRIER, CONSIGNEE).epcList(List.of("00614141123452.S2")));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.ruleId()).isEqualTo(IntegrityRule.RECEIVED_WITHOUT_SHIPPING.ruleId());
            assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        });
    }

    @Test
    void shouldResolveAShippingByANonHolderWhenItsReceivingArrivesLate() {
        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CONSIGNEE));
        custody(plan, shipping("ev-3", Duration.ofHours(2), CARRIER, CONSIGNEE));
        custody(plan, receiving("ev-2", Duration.ofHours(1), SHIPPER, CARRIER));

        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(alerts.get(1).alertId()).isEqualTo(alerts.get(0).alertId());
        assertThat(alerts.get(1).evidence()).containsEntry("eventId", "ev-2");
        assertThat(state.gaps()).isEmpty();
    }

    @Test
    void shouldRaiseAGapThatALateShippingRevealsAndResolveItWhenTheReceivingArrives() {
        custody(plan, shipping("ev-3", Duration.ofHours(2), CARRIER, CONSIGNEE));
        assertThat(alerts).isEmpty();

        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CONSIGNEE));
        custody(plan, receiving("ev-2", Duration.ofHours(1), SHIPPER, CARRIER));

        assertThat(alerts).extracting(Alert::ruleId).containsOnly(IntegrityRule.SHIPPED_BY_NON_HOLDER.ruleId());
        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(alerts.get(0).alertId())
                .isEqualTo(SerialAlertIds.of("SHP-A", IntegrityRule.SHIPPED_BY_NON_HOLDER, "ev-3"));
    }

    @Test
    void shouldChangeNothingWhenTheEventsOfAGapAreRedelivered() {
        final CustodyEvent shipped = shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER).build();
        final CustodyEvent seenAgain = scanBy("ev-2", Duration.ofHours(1), "storing", SHIPPER).build();
        custody(plan, shipped);
        custody(plan, seenAgain);
        final ChainState before = state;

        final Outcome<ChainState> sameId = custody(plan, seenAgain.toBuilder().recordTime(1L));
        final Outcome<ChainState> sameContent = custody(plan, shipped.toBuilder().eventId("ev-1-resent"));

        assertThat(List.of(sameId.verdict(), sameContent.verdict())).containsOnly(Verdict.REDELIVERY);
        assertThat(state).isSameAs(before);
        assertThat(alerts).hasSize(1);
    }

    @Test
    void shouldNotMakeAGapOfAScanWithoutSourceOrDestination() {
        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER));
        custody(plan, shipping("ev-2", Duration.ofHours(1), SHIPPER, CARRIER).sourceParty(null)
                .destinationParty(null).custodian(STRANGER).bizLocation(null));
        custody(plan, receiving("ev-3", Duration.ofHours(4), CARRIER, CONSIGNEE).sourceParty(null)
                .destinationParty(null));

        assertThat(alerts).extracting(Alert::type).doesNotContain(AlertType.CUSTODY_GAP);
    }

    @Test
    void shouldResolveAStoredFindingOfTheRetiredSkippedCustodianRule() {
        final OpenFinding skipped = new OpenFinding("old-id", IntegrityRule.SKIPPED_CUSTODIAN, "SHP-A", null, 0L,
                List.of("ev-0"), null);
        state = new ChainState("SHP-A", List.of(), List.of(), List.of(), List.of(skipped), 0L, null, null);

        custody(plan, shipping("ev-1", Duration.ZERO, SHIPPER, CARRIER));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.alertId()).isEqualTo("old-id");
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        });
        assertThat(state.findings()).isEmpty();
    }

    @Test
    void shouldRecogniseRedeliveryBySameIdAndBySameContent() {
        final CustodyEvent first = event("ev-1", Duration.ZERO, SGTIN).build();
        custody(plan, first);
        final ChainState before = state;

        final Outcome<ChainState> sameId = custody(plan, first.toBuilder().recordTime(1L));
        final Outcome<ChainState> sameContent = custody(plan, first.toBuilder().eventId("ev-1-resent"));

        assertThat(sameId.verdict()).isEqualTo(Verdict.REDELIVERY);
        assertThat(sameContent.verdict()).isEqualTo(Verdict.REDELIVERY);
        assertThat(state).isSameAs(before);
    }

    @Test
    void shouldTakeBackADeclaredEventResolveItsFindingAndIgnoreItAfterwards() {
        final CustodyEvent wrong = receiving("ev-2", Duration.ofMinutes(30), SHIPPER, STRANGER).build();
        custody(plan, wrong);
        assertThat(alerts).extracting(Alert::type)
                .containsExactlyInAnyOrder(AlertType.UNEXPECTED_CUSTODIAN, AlertType.CUSTODY_GAP);

        final Outcome<ChainState> retraction = custody(plan, declaredErroneous(wrong));
        final Outcome<ChainState> original = custody(plan, wrong);
        final Outcome<ChainState> declarationAgain = custody(plan, declaredErroneous(wrong));

        assertThat(retraction.verdict()).isEqualTo(Verdict.RETRACTION);
        assertThat(retraction.alerts()).extracting(Alert::status).containsOnly(AlertStatus.RESOLVED).hasSize(2);
        assertThat(original.verdict()).isEqualTo(Verdict.RETRACTED);
        assertThat(declarationAgain.verdict()).isEqualTo(Verdict.REDELIVERY);
        assertThat(state.steps()).isEmpty();
    }

    @Test
    void shouldCheckOnlyWhatNeedsNoPlanWhenThereIsNone() {
        custody(null, receiving("ev-2", Duration.ofMinutes(30), STRANGER, STRANGER));

        assertThat(alerts).extracting(Alert::ruleId)
                .containsExactly(IntegrityRule.RECEIVED_WITHOUT_SHIPPING.ruleId());
        assertThat(state.shipmentId()).isEqualTo("SHP-A");
    }

    @Test
    void shouldRememberOnlyTheLatestEventsForRedelivery() {
        fullChain();
        custody(plan, receiving("ev-5", Duration.ofHours(5), CARRIER, CONSIGNEE).epcList(List.of("00614141123452.S9")));

        assertThat(state.seen()).extracting(SeenEvent::eventId).containsExactly("ev-2", "ev-3", "ev-4", "ev-5");
    }
}
