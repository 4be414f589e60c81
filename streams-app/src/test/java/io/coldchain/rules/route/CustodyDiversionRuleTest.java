package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.MAINZ;
import static io.coldchain.rules.route.RouteFixtures.REST_STOP_KM;
import static io.coldchain.rules.route.RouteFixtures.alongRoute;
import static io.coldchain.rules.route.RouteFixtures.area;
import static io.coldchain.rules.route.RouteFixtures.at;
import static io.coldchain.rules.route.RouteFixtures.plan;
import static io.coldchain.rules.route.RouteFixtures.point;
import static io.coldchain.rules.route.RouteFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.Outcome;
import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.ErrorDeclaration;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustodyDiversionRuleTest {

    private static final Area MAINZ_PHARMA = area("Mainz Pharma GmbH", "4005555000019", MAINZ, 200);

    private final CustodyDiversionRule rule = new CustodyDiversionRule();
    private final ShipmentPlan plan = plan("SHP-X").build();
    private final long time = at(Duration.ofHours(4));

    @Test
    void shouldRaiseHighDiversionForAReceivingScanInAnotherCity() {
        final Alert alert = check(plan, scan("SHP-X", "receiving", MAINZ_PHARMA, time)).orElseThrow();

        assertThat(alert.type()).isEqualTo(AlertType.DIVERSION);
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.ruleId()).isEqualTo(CustodyDiversionRule.RULE_ID);
        assertThat(alert.alertId()).isEqualTo(AlertIds.episode("SHP-X", CustodyDiversionRule.RULE_ID, time));
        assertThat(alert.evidence()).containsEntry("bizLocation", "Mainz Pharma GmbH").containsEntry("bizStep", "receiving");
        assertThat(Double.parseDouble(alert.evidence().get("distanceToDestinationMeters"))).isBetween(33_000.0, 34_500.0);
    }

    @Test
    void shouldAcceptScansAtTheDestinationTheOriginAndPlannedStops() {
        assertThat(check(plan, scan("SHP-X", "receiving", area("Frankfurt DC dock 4", null, point(50.1150, 8.6850), 50), time))).isEmpty();
        assertThat(check(plan, scan("SHP-X", "departing", plan.origin(), time))).isEmpty();
        assertThat(check(plan, scan("SHP-X", "arriving", area("Rest area", null, alongRoute(REST_STOP_KM), 100), time))).isEmpty();
    }

    @Test
    void shouldMatchALocationByGlnWhateverItsCoordinates() {
        final Area destinationByGln = area("Frankfurt DC", plan.destination().gln(), point(50.2, 8.9), 10);

        assertThat(check(plan, scan("SHP-X", "receiving", destinationByGln, time))).isEmpty();
    }

    @Test
    void shouldIgnoreScansWithoutALocationAndSensorReports() {
        final CustodyEvent noLocation = scan("SHP-X", "receiving", MAINZ_PHARMA, time).toBuilder()
                .bizLocation(null).build();

        assertThat(check(plan, noLocation)).isEmpty();
        assertThat(check(plan, scan("SHP-X", "sensor_reporting", MAINZ_PHARMA, time))).isEmpty();
    }

    @Test
    void shouldKeepRaisingDiversionForADeliveryScanOutsideTheDestinationOnceDelivered() {
        final ShipmentPlan delivered = plan("SHP-X").status(ShipmentStatus.DELIVERED).build();

        assertThat(check(delivered, scan("SHP-X", "receiving", MAINZ_PHARMA, time))).isPresent();
        assertThat(check(delivered, scan("SHP-X", "urn:epcglobal:cbv:bizstep:arriving", MAINZ_PHARMA, time)))
                .isPresent();
        assertThat(check(delivered, scan("SHP-X", "https://ref.gs1.org/cbv/BizStep-accepting", MAINZ_PHARMA,
                time))).isPresent();
        assertThat(check(delivered, scan("SHP-X", "receiving", plan.destination(), time))).isEmpty();
    }

    @Test
    void shouldLeaveTheConsigneesOwnHandlingAfterDeliveryAlone() {
        final ShipmentPlan delivered = plan("SHP-X").status(ShipmentStatus.DELIVERED).build();
        final long later = time + Duration.ofDays(2).toMillis();

        assertThat(check(delivered, scan("SHP-X", "storing", MAINZ_PHARMA, later))).isEmpty();
        assertThat(check(delivered, scan("SHP-X", "shipping", MAINZ_PHARMA, later))).isEmpty();
        assertThat(check(delivered, scan("SHP-X", "dispensing", MAINZ_PHARMA, later))).isEmpty();
        assertThat(check(plan, scan("SHP-X", "storing", MAINZ_PHARMA, time))).as("in transit: handled elsewhere")
                .isPresent();
    }

    @Test
    void shouldResolveTheAlertOfAScanLaterDeclaredErroneous() {
        final CustodyEvent original = scan("SHP-X", "receiving", MAINZ_PHARMA, time);
        final CustodyEvent declaration = original.toBuilder()
                .errorDeclaration(new ErrorDeclaration(time + 3_600_000, "incorrect_data", List.of()))
                .build();

        final Alert opened = check(plan, original).orElseThrow();
        final Alert resolved = check(plan, declaration).orElseThrow();

        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.alertId()).isEqualTo(opened.alertId());
        assertThat(resolved.summary()).startsWith("Declared erroneous");
    }

    private Optional<Alert> check(final ShipmentPlan plan, final CustodyEvent scan) {
        final Outcome<Void> outcome = rule.onEvent(plan, null, scan);
        assertThat(outcome.state()).as("stateless").isNull();
        assertThat(outcome.alerts()).hasSizeLessThanOrEqualTo(1);
        return outcome.alerts().stream().findFirst();
    }
}
