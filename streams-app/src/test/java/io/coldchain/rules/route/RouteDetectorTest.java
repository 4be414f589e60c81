package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.A5;
import static io.coldchain.rules.route.RouteFixtures.FRANKFURT_DC;
import static io.coldchain.rules.route.RouteFixtures.HAMBURG_HUB;
import static io.coldchain.rules.route.RouteFixtures.MAINZ;
import static io.coldchain.rules.route.RouteFixtures.NORTH;
import static io.coldchain.rules.route.RouteFixtures.REST_STOP_KM;
import static io.coldchain.rules.route.RouteFixtures.at;
import static io.coldchain.rules.route.RouteFixtures.fix;
import static io.coldchain.rules.route.RouteFixtures.journey;
import static io.coldchain.rules.route.RouteFixtures.northPlan;
import static io.coldchain.rules.route.RouteFixtures.offRoute;
import static io.coldchain.rules.route.RouteFixtures.plan;
import static io.coldchain.rules.route.RouteFixtures.routeMeters;
import static io.coldchain.rules.route.RouteFixtures.trip;
import static io.coldchain.rules.route.RouteFixtures.waypointKm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.rules.Outcome;
import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.Severity;
import io.coldchain.domain.Route;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.streams.StateSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route rules on whole trips, without Kafka; the acceptance scenarios run through Kafka in RouteTopologyTest. */
class RouteDetectorTest {

    private static final double ROUTE_KM = routeMeters() / 1_000;
    private static final double NORTH_KM = routeMeters(NORTH) / 1_000;
    private static final double HUB_KM = waypointKm(NORTH, HAMBURG_HUB);
    private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(15);

    private final Map<DropReason, Integer> heardDrops = new EnumMap<>(DropReason.class);
    private final RouteDetector detector = new RouteDetector(RouteSettings.defaults(),
            (shipmentId, reason) -> heardDrops.merge(reason, 1, Integer::sum));

    @Test
    void shouldOpenEscalateAndResolveADetourUnderOneAlertId() {
        final Run run = run(plan("SHP-D").build(), trip("SHP-D").alongRouteTo(110, 90)
                .driveTo(offRoute(125, 30_000), 70).rejoinRouteAt(140, 70).alongRouteTo(170, 90).fixes());

        assertThat(run.alerts()).extracting(Alert::type, Alert::status, Alert::severity).containsExactly(
                tuple(AlertType.ROUTE_DEVIATION, AlertStatus.OPEN, Severity.MEDIUM),
                tuple(AlertType.ROUTE_DEVIATION, AlertStatus.UPDATED, Severity.HIGH),
                tuple(AlertType.ROUTE_DEVIATION, AlertStatus.RESOLVED, Severity.HIGH));
        assertThat(run.alerts()).extracting(Alert::alertId).containsOnly(run.alerts().get(0).alertId());
        final Alert resolved = run.alerts().get(2);
        assertThat(meters(resolved, "maxDistanceMeters")).isBetween(29_500.0, 30_500.0);
        assertThat(meters(resolved, "exitAlongRouteMeters")).isBetween(109_000.0, 111_000.0);
        assertThat(resolved.firstEvidenceTime()).isEqualTo(run.alerts().get(0).firstEvidenceTime());
    }

    @Test
    void shouldStartAndDiscardADeviationCandidateForASingleJumpOutsideANarrowCorridor() {
        final ShipmentPlan narrow = plan("SHP-J").route(new Route(plan("SHP-J").build().route().waypoints(), 150)).build();
        final List<LocationFix> fixes = trip("SHP-J").alongRouteTo(40, 90).glitch(offRoute(41.5, 200), 2.0)
                .alongRouteTo(45, 90).fixes();
        final int jump = fixes.size() - 5;

        final Run beforeJump = run(narrow, fixes.subList(0, jump));
        final Run atJump = run(narrow, fixes.subList(jump, jump + 1), beforeJump.state());
        final Run after = run(narrow, fixes.subList(jump + 1, fixes.size()), atJump.state());

        assertThat(atJump.state().deviation().episode().phase()).isEqualTo(Episode.Phase.PENDING);
        assertThat(after.state().deviation().episode()).isEqualTo(Episode.IDLE);
        assertThat(beforeJump.alerts()).isEmpty();
        assertThat(atJump.alerts()).isEmpty();
        assertThat(after.alerts()).isEmpty();
    }

    @Test
    void shouldRaiseDiversionWhenMovingAwayFromTheDestinationForTooLongAndResolveOnProgress() {
        final Run run = run(plan("SHP-N").build(), trip("SHP-N").alongRouteTo(100, 90)
                .alongRouteTo(20, 90).alongRouteTo(110, 90).fixes());

        final List<Alert> diversions = ofType(run, AlertType.DIVERSION);
        assertThat(diversions).extracting(Alert::status, Alert::ruleId).containsExactly(
                tuple(AlertStatus.OPEN, RouteDetector.NO_PROGRESS_RULE),
                tuple(AlertStatus.RESOLVED, RouteDetector.NO_PROGRESS_RULE));
        assertThat(Long.parseLong(diversions.get(0).evidence().get("movingWithoutProgressMillis")))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(45).toMillis());
        assertThat(ofType(run, AlertType.ROUTE_DEVIATION)).as("it never left the corridor").isEmpty();
    }

    @Test
    void shouldRaiseALowSeverityDelayWhenTheProjectedArrivalSlipsAndResolveItOnArrival() {
        final ShipmentPlan tight = plan("SHP-L").plannedArrival(at(Duration.ofHours(3))).build();

        final Run run = run(tight, trip("SHP-L").alongRouteTo(ROUTE_KM, 70).fixes());

        assertThat(run.alerts()).extracting(Alert::type).containsOnly(AlertType.DELAY);
        assertThat(run.alerts()).extracting(Alert::severity).containsOnly(Severity.LOW);
        assertThat(run.alerts().get(0).status()).isEqualTo(AlertStatus.OPEN);
        assertThat(run.alerts().get(0).lastEvidenceTime()).isLessThan(at(Duration.ofMinutes(30)));
        final Alert resolved = run.alerts().get(run.alerts().size() - 1);
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(Long.parseLong(resolved.evidence().get("lateMillis"))).as("4 h 27 min driven, 3 h planned")
                .isBetween(Duration.ofMinutes(80).toMillis(), Duration.ofMinutes(95).toMillis());
        assertThat(run.state().arrived()).isTrue();
    }

    @Test
    void shouldStayQuietOnAnOnTimeTripWithAStopWithinItsAllowedDwell() {
        final Run run = run(plan("SHP-Q").build(), trip("SHP-Q").alongRouteTo(REST_STOP_KM, 90)
                .stay(Duration.ofMinutes(30)).alongRouteTo(ROUTE_KM, 90).fixes());

        assertThat(run.alerts()).isEmpty();
        assertThat(run.state().arrived()).isTrue();
    }

    @Test
    void shouldRaiseProlongedStopAtAPlannedStopBeyondItsAllowedDwell() {
        final Run run = run(plan("SHP-P").build(), trip("SHP-P").alongRouteTo(REST_STOP_KM, 90)
                .stay(Duration.ofMinutes(60)).alongRouteTo(REST_STOP_KM + 20, 90).fixes());

        assertThat(run.alerts()).extracting(Alert::type, Alert::status).containsExactly(
                tuple(AlertType.PROLONGED_STOP, AlertStatus.OPEN),
                tuple(AlertType.PROLONGED_STOP, AlertStatus.RESOLVED));
        assertThat(run.alerts().get(0).evidence()).containsEntry("plannedStop", "Bruchsal services");
        assertThat(Long.parseLong(run.alerts().get(0).evidence().get("dwellMillis")))
                .isGreaterThan(Duration.ofMinutes(45).toMillis());
    }

    @Test
    void shouldRaiseDiversionWhenThePlanIsMarkedDeliveredWhileTheVehicleIsElsewhere() {
        final List<LocationFix> fixes = trip("SHP-W").alongRouteTo(295, 90).driveTo(MAINZ, 70)
                .stay(Duration.ofMinutes(15)).fixes();
        final ShipmentPlan inTransit = plan("SHP-W").build();
        final ShipmentPlan delivered = plan("SHP-W").status(ShipmentStatus.DELIVERED).build();

        final Run before = run(inTransit, fixes.subList(0, fixes.size() - 1));
        final Outcome<RouteState> last = detector.onEvent(delivered, before.state(), fixes.get(fixes.size() - 1));

        assertThat(ofType(before, AlertType.DIVERSION)).isEmpty();
        assertThat(last.alerts()).filteredOn(a -> a.type() == AlertType.DIVERSION)
                .extracting(Alert::ruleId, a -> a.evidence().get("trigger"))
                .containsExactly(tuple(RouteDetector.DELIVERY_RULE, "plan-delivered"));
        assertThat(last.state()).isNull();
    }

    @Test
    void shouldJudgeADeliveryNoticedByATimeCheckByWhetherTheVehicleCouldHaveReachedTheDestinationSince() {
        final List<LocationFix> fixes = trip("SHP-V").alongRouteTo(295, 90).driveTo(MAINZ, 70)
                .stay(Duration.ofMinutes(15)).fixes();
        final Run before = run(plan("SHP-V").build(), fixes);
        final long lastFix = fixes.get(fixes.size() - 1).eventTime();
        final ShipmentPlan delivered = plan("SHP-V").status(ShipmentStatus.DELIVERED).build();

        final Outcome<RouteState> soon = detector.onTime(delivered, before.state(), lastFix + 60_000);
        final Outcome<RouteState> muchLater = detector.onTime(delivered, before.state(),
                lastFix + Duration.ofMinutes(30).toMillis());

        assertThat(soon.alerts()).filteredOn(a -> a.type() == AlertType.DIVERSION)
                .extracting(Alert::status, a -> a.evidence().get("trigger"))
                .as("33 km away a minute before").containsExactly(tuple(AlertStatus.OPEN, "plan-delivered"));
        assertThat(muchLater.alerts()).filteredOn(a -> a.type() == AlertType.DIVERSION)
                .as("time enough to have driven there: no evidence").isEmpty();
        assertThat(soon.state()).isNull();
        assertThat(muchLater.state()).isNull();
    }

    @Test
    void shouldResolveEveryOpenEpisodeWhenTheVehicleFinallyReachesTheDestination() {
        final Run run = run(plan("SHP-M").build(), trip("SHP-M").alongRouteTo(295, 90).driveTo(MAINZ, 70)
                .stay(Duration.ofHours(2)).driveTo(FRANKFURT_DC, 70).fixes());

        final Map<String, List<AlertStatus>> byEpisode = new java.util.LinkedHashMap<>();
        run.alerts().forEach(a -> byEpisode.computeIfAbsent(a.alertId(), id -> new ArrayList<>()).add(a.status()));
        assertThat(byEpisode.values()).allSatisfy(statuses -> assertThat(statuses).last().isEqualTo(AlertStatus.RESOLVED));
        assertThat(run.alerts()).extracting(Alert::type).contains(AlertType.DIVERSION, AlertType.UNSCHEDULED_STOP,
                AlertType.ROUTE_DEVIATION);
    }

    @Test
    void shouldCountDroppedFixesByReasonAndNeverAlertOnThem() {
        final List<LocationFix> fixes = new ArrayList<>(trip("SHP-G").alongRouteTo(30, 90).fixes());
        final long t = fixes.get(fixes.size() - 1).eventTime();
        fixes.add(fix("SHP-G", t + 10_000, 0, 0, 5.0));
        fixes.add(fix("SHP-G", t + 20_000, 95, 8, 5.0));
        fixes.add(fix("SHP-G", t + 30_000, 48, 7.8, 500.0));
        fixes.add(fix("SHP-G", t, 48, 7.8, 5.0));
        fixes.add(fix("SHP-G", t + 40_000, 50.5, 9.0, 2.0));

        final Run run = run(plan("SHP-G").build(), fixes);

        assertThat(run.alerts()).isEmpty();
        assertThat(run.state().droppedFixes()).containsOnly(Map.entry(DropReason.ZERO_POSITION, 1L),
                Map.entry(DropReason.OUT_OF_RANGE, 1L), Map.entry(DropReason.POOR_ACCURACY, 1L),
                Map.entry(DropReason.DUPLICATE_TIMESTAMP, 1L), Map.entry(DropReason.IMPOSSIBLE_SPEED, 1L));
        assertThat(heardDrops).hasSize(5).allSatisfy((reason, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void shouldBuildTheRouteIndexOncePerPlanAndAgainOnlyWhenTheRouteChanges() {
        final ShipmentPlan plan = plan("SHP-I").build();
        final List<LocationFix> fixes = trip("SHP-I").alongRouteTo(100, 90).fixes();
        final Run first = run(plan, fixes.subList(0, 40));
        final ShipmentPlan replanned = plan("SHP-I").route(new Route(RouteIndexTest.densified(500),
                plan.route().corridorHalfWidthMeters())).build();

        run(replanned, fixes.subList(40, fixes.size()), first.state());

        assertThat(detector.indexes().builds()).isEqualTo(2);
    }

    @Test
    void shouldKeepACompactStateThatSurvivesItsSerde() {
        final Run run = run(plan("SHP-S").build(), trip("SHP-S").alongRouteTo(110, 90)
                .driveTo(offRoute(125, 30_000), 70).stay(Duration.ofMinutes(20)).fixes());
        final StateSerde<RouteState> serde = new StateSerde<>(RouteState.class);

        final byte[] bytes = serde.serializer().serialize("t", run.state());

        assertThat(bytes.length).as("no track, whatever the number of fixes").isLessThan(2_000);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(run.state());
    }

    @Test
    void shouldForgetTheShipmentOnceItsPlanIsClosed() {
        final Run run = run(plan("SHP-C").build(), trip("SHP-C").alongRouteTo(10, 90).fixes());

        final Outcome<RouteState> closed = detector.onEvent(plan("SHP-C").status(ShipmentStatus.CLOSED).build(),
                run.state(), fix("SHP-C", at(Duration.ofHours(1)), 47.7, 7.6, 5.0));

        assertThat(closed.state()).isNull();
        assertThat(closed.alerts()).isEmpty();
    }

    @Test
    void shouldKeepStateWhileTimePassesAndForgetItOnceTheShipmentIsOver() {
        final Run run = run(plan("SHP-T").build(), trip("SHP-T").alongRouteTo(ROUTE_KM, 90).fixes());
        final long later = at(Duration.ofHours(6));

        assertThat(detector.onTime(plan("SHP-T").build(), run.state(), later).state()).isEqualTo(run.state());
        assertThat(detector.onTime(plan("SHP-T").status(ShipmentStatus.DELIVERED).build(), run.state(), later)
                .state()).isNull();
        assertThat(detector.onTime(null, run.state(), later).state()).isNull();
        assertThat(detector.onTime(plan("SHP-T").build(), run.state(), later).alerts()).isEmpty();
    }

    @Test
    void shouldPromiseQuietInTransitAndNothingOnceTheShipmentIsOver() {
        final Run run = run(plan("SHP-Q").build(), trip("SHP-Q").alongRouteTo(ROUTE_KM, 90).fixes());
        final ShipmentPlan inTransit = plan("SHP-Q").build();

        assertThat(detector.quietUntil(inTransit, run.state())).isEqualTo(Long.MAX_VALUE);
        assertThat(detector.onTime(inTransit, run.state(), Long.MAX_VALUE).state()).isSameAs(run.state());
        assertThat(detector.quietUntil(plan("SHP-Q").status(ShipmentStatus.DELIVERED).build(), run.state()))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(detector.quietUntil(plan("SHP-Q").status(ShipmentStatus.CLOSED).build(), run.state()))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(detector.quietUntil(null, run.state())).isEqualTo(Long.MIN_VALUE);
    }

    // ---- moving speed and planned stops ----------------------------------------------------------

    @Test
    void shouldNotRaiseDelayForAPlannedHubDwellOnALongRouteThatIsOnScheduleOtherwise() {
        final ShipmentPlan plan = northPlan("SHP-HUB", drivingAt(80).plus(Duration.ofMinutes(50))).build();
        for (long seed = 1; seed <= 10; seed++) {
            final RouteFixtures.Journey trip = journey(NORTH).alongRouteTo(HUB_KM, 80);
            final long departsHub = trip.stay(Duration.ofMinutes(40)).time();
            final List<LocationFix> fixes = trip.toTheEnd(80).stay(Duration.ofMinutes(30))
                    .sampled("SHP-HUB", MIN_INTERVAL, MAX_INTERVAL, 0, seed);
            final int afterHub = firstAfter(fixes, departsHub + Duration.ofMinutes(30).toMillis());

            final Run toHub = run(plan, fixes.subList(0, afterHub));
            final Run rest = run(plan, fixes.subList(afterHub, fixes.size()), toHub.state());

            assertThat(toHub.alerts()).as("seed %d", seed).isEmpty();
            assertThat(toHub.state().movingSpeedMps() * 3.6).as("seed %d: the dwell is not driving time", seed)
                    .isBetween(76.0, 84.0);
            assertThat(rest.alerts()).as("seed %d", seed).isEmpty();
            assertThat(rest.state().arrived()).isTrue();
        }
    }

    @Test
    void shouldStillRaiseDelayForAGenuinelySlowShipmentOnTheLongRoute() {
        final ShipmentPlan plan = northPlan("SHP-SLOW", drivingAt(80).plus(Duration.ofMinutes(50))).build();
        final List<LocationFix> fixes = journey(NORTH).alongRouteTo(HUB_KM, 65).stay(Duration.ofMinutes(40))
                .toTheEnd(65).sampled("SHP-SLOW", MIN_INTERVAL, MAX_INTERVAL, 0, 7);

        final Run run = run(plan, fixes);

        assertThat(run.alerts()).extracting(Alert::type).containsOnly(AlertType.DELAY);
        assertThat(run.alerts().get(0).status()).isEqualTo(AlertStatus.OPEN);
        assertThat(run.alerts().get(0).lastEvidenceTime()).as("judged long before the hub")
                .isLessThan(at(Duration.ofHours(2)));
        assertThat(Double.parseDouble(run.alerts().get(0).evidence().get("speedKmh"))).isBetween(60.0, 70.0);
    }

    @Test
    void shouldNotJudgeDelayInsideAPlannedStopWithinItsAllowedDwell() {
        final ShipmentPlan tight = northPlan("SHP-WAIT", drivingAt(80).plus(Duration.ofMinutes(5))).build();
        final RouteFixtures.Journey trip = journey(NORTH).alongRouteTo(HUB_KM, 80);
        final long arrives = trip.time();
        final List<LocationFix> fixes = trip.stay(Duration.ofMinutes(55)).alongRouteTo(HUB_KM + 20, 80)
                .sampled("SHP-WAIT", MIN_INTERVAL, MIN_INTERVAL, 0, 1);
        final int atHub = firstAfter(fixes, arrives);
        final int leaving = firstAfter(fixes, arrives + Duration.ofMinutes(55).toMillis());

        final Run toHub = run(tight, fixes.subList(0, atHub));
        final Run atTheHub = run(tight, fixes.subList(atHub, leaving), toHub.state());
        final Run after = run(tight, fixes.subList(leaving, fixes.size()), atTheHub.state());

        assertThat(toHub.alerts()).isEmpty();
        assertThat(atTheHub.alerts()).as("55 min of the allowed 60: planned").isEmpty();
        assertThat(after.alerts()).extracting(Alert::type, Alert::status).as("50 min behind once it moves on")
                .containsExactly(tuple(AlertType.DELAY, AlertStatus.OPEN));
    }

    // ---- after delivery ---------------------------------------------------------------------------

    @Test
    void shouldRaiseNothingForFixesAfterDeliveryWanderingOffTheRouteWhenTheTrackerWasSilentInTheYard() {
        final List<LocationFix> trip = trip("SHP-YARD").alongRouteTo(ROUTE_KM, 90).stay(Duration.ofMinutes(40))
                .driveTo(MAINZ, 70).stay(Duration.ofHours(2)).driveTo(offRoute(200, 40_000), 80).fixes();
        final List<LocationFix> silentInYard = trip.stream().filter(f -> GreatCircle.distanceMeters(f.lat(),
                f.lon(), FRANKFURT_DC.lat(), FRANKFURT_DC.lon()) > 1_500).toList();
        final long delivered = arrivalAt(trip, FRANKFURT_DC) + Duration.ofMinutes(20).toMillis();
        final int after = firstAfter(silentInYard, delivered);

        final Run before = run(plan("SHP-YARD").build(), silentInYard.subList(0, after));
        final Run afterDelivery = run(delivered("SHP-YARD"), silentInYard.subList(after, silentInYard.size()),
                before.state());

        assertThat(before.alerts()).isEmpty();
        assertThat(before.state().arrived()).as("no fix in the destination area").isFalse();
        assertThat(afterDelivery.alerts()).isEmpty();
        assertThat(afterDelivery.state()).as("released").isNull();
    }

    @Test
    void shouldRaiseNothingForATruckLeavingTheDestinationAfterDelivery() {
        final List<LocationFix> trip = trip("SHP-AWAY").alongRouteTo(ROUTE_KM, 90).stay(Duration.ofMinutes(30))
                .driveTo(MAINZ, 70).stay(Duration.ofHours(2)).rejoinRouteAt(250, 90).alongRouteTo(100, 90).fixes();
        final long delivered = arrivalAt(trip, FRANKFURT_DC) + Duration.ofMinutes(15).toMillis();
        final int after = firstAfter(trip, delivered);

        final Run before = run(plan("SHP-AWAY").build(), trip.subList(0, after));
        final Run afterDelivery = run(delivered("SHP-AWAY"), trip.subList(after, trip.size()), before.state());

        assertThat(before.alerts()).isEmpty();
        assertThat(afterDelivery.alerts()).isEmpty();
        assertThat(afterDelivery.state()).isNull();
        assertThat(detector.onTime(delivered("SHP-AWAY"), before.state(), delivered).state()).isNull();
    }

    @Test
    void shouldEndOpenEpisodesAtDeliveryWhenTheVehicleMayHaveBeenAtTheDestination() {
        final ShipmentPlan late = plan("SHP-END").plannedArrival(at(Duration.ofHours(3))).build();
        final List<LocationFix> trip = trip("SHP-END").alongRouteTo(ROUTE_KM - 3, 70).fixes();
        final Run before = run(late, trip);
        final long delivered = trip.get(trip.size() - 1).eventTime() + Duration.ofMinutes(10).toMillis();

        final Outcome<RouteState> settled = detector.onTime(delivered("SHP-END"), before.state(), delivered);

        assertThat(ofType(before, AlertType.DELAY)).extracting(Alert::status).containsExactly(AlertStatus.OPEN);
        assertThat(settled.alerts()).extracting(Alert::type, Alert::status, Alert::alertId).containsExactly(
                tuple(AlertType.DELAY, AlertStatus.RESOLVED, before.alerts().get(0).alertId()));
        assertThat(settled.alerts().get(0).evidence()).containsEntry("endedBy", "delivery");
        assertThat(settled.alerts().get(0).summary()).startsWith("Shipment delivered");
        assertThat(settled.state()).isNull();
    }

    @Test
    void shouldKeepTheDiversionOpenWhenDeliveredWhileTheVehicleStoodInAnotherCity() {
        final List<LocationFix> fixes = trip("SHP-STAY").alongRouteTo(295, 90).driveTo(MAINZ, 70)
                .stay(Duration.ofHours(2)).fixes();
        final Run before = run(plan("SHP-STAY").build(), fixes.subList(0, fixes.size() - 1));

        final Outcome<RouteState> last = detector.onEvent(delivered("SHP-STAY"), before.state(),
                fixes.get(fixes.size() - 1));

        final Alert stay = ofType(before, AlertType.DIVERSION).get(0);
        assertThat(stay.evidence()).containsEntry("trigger", "delivery-like-stay");
        assertThat(last.alerts()).filteredOn(a -> a.type() == AlertType.DIVERSION)
                .extracting(Alert::alertId, Alert::status, a -> a.evidence().get("trigger"))
                .containsExactly(tuple(stay.alertId(), AlertStatus.UPDATED, "plan-delivered"));
        assertThat(last.alerts()).filteredOn(a -> a.status() == AlertStatus.RESOLVED)
                .extracting(Alert::type)
                .containsOnly(AlertType.ROUTE_DEVIATION, AlertType.UNSCHEDULED_STOP, AlertType.DELAY);
        assertThat(last.state()).isNull();
    }

    // ---- irregular sampling -----------------------------------------------------------------------

    @Test
    void shouldStayQuietOnACleanShipmentSampledIrregularlyWithDuplicateFixes() {
        for (long seed = 1; seed <= 20; seed++) {
            heardDrops.clear();
            final List<LocationFix> fixes = journey(A5).alongRouteTo(120, 90).stay(Duration.ofMinutes(20))
                    .alongRouteTo(REST_STOP_KM, 90).stay(Duration.ofMinutes(35)).toTheEnd(90)
                    .stay(Duration.ofMinutes(30))
                    .sampled("SHP-IRR", MIN_INTERVAL, MAX_INTERVAL, 0.2, seed);

            final Run run = run(plan("SHP-IRR").build(), fixes);

            assertThat(run.alerts()).as("seed %d", seed).isEmpty();
            assertThat(run.state().arrived()).isTrue();
            assertThat(run.state().droppedFixes()).as("seed %d", seed).containsOnlyKeys(DropReason.DUPLICATE_TIMESTAMP);
        }
    }

    private static ShipmentPlan delivered(final String shipmentId) {
        return plan(shipmentId).status(ShipmentStatus.DELIVERED).build();
    }

    private static Duration drivingAt(final double kmh) {
        return Duration.ofSeconds(Math.round(NORTH_KM / kmh * 3_600));
    }

    /** Index of the first fix later than {@code time}. */
    private static int firstAfter(final List<LocationFix> fixes, final long time) {
        for (int i = 0; i < fixes.size(); i++) {
            if (fixes.get(i).eventTime() > time) {
                return i;
            }
        }
        return fixes.size();
    }

    /** Event time of the first fix within 1 km of {@code place}. */
    private static long arrivalAt(final List<LocationFix> fixes, final GeoPoint place) {
        return fixes.stream().filter(f -> GreatCircle.distanceMeters(f.lat(), f.lon(), place.lat(),
                place.lon()) <= 1_000).findFirst().orElseThrow().eventTime();
    }

    private Run run(final ShipmentPlan plan, final List<LocationFix> fixes) {
        return run(plan, fixes, null);
    }

    private Run run(final ShipmentPlan plan, final List<LocationFix> fixes, final RouteState initial) {
        RouteState state = initial;
        final List<Alert> alerts = new ArrayList<>();
        for (final LocationFix fix : fixes) {
            final Outcome<RouteState> outcome = detector.onEvent(plan, state, fix);
            state = outcome.state();
            alerts.addAll(outcome.alerts());
        }
        return new Run(alerts, state);
    }

    private static List<Alert> ofType(final Run run, final AlertType type) {
        return run.alerts().stream().filter(a -> a.type() == type).toList();
    }

    private static double meters(final Alert alert, final String evidence) {
        return Double.parseDouble(alert.evidence().get(evidence));
    }

    private record Run(List<Alert> alerts, RouteState state) {
    }
}
