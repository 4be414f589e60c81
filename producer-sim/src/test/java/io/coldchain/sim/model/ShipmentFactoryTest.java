package io.coldchain.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.sim.Fixtures;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShipmentFactoryTest {

    private final ShipmentFactory factory = new ShipmentFactory(Fixtures.settings().withShipments(1_000));

    @Test
    void shouldBuildTheSameShipmentWhateverTheNumberOfShipments() {
        final ShipmentFactory few = new ShipmentFactory(Fixtures.settings().withShipments(3));
        final ShipmentFactory many = new ShipmentFactory(Fixtures.settings().withShipments(10_000));
        assertThat(few.plan(3)).isEqualTo(many.plan(3));
        assertThat(few.scenario(3).deliveryScan()).isEqualTo(many.scenario(3).deliveryScan());
    }

    @Test
    void shouldNumberShipmentsFromOne() {
        assertThat(factory.plan(42).getShipmentId()).isEqualTo("SHP-000042");
        assertThat(ShipmentFactory.shipmentId(1)).isEqualTo("SHP-000001");
    }

    @Test
    void shouldCarryGtinsWithValidCheckDigitsAndWellFormedSgtins() {
        IntStream.rangeClosed(1, 200).mapToObj(factory::plan).forEach(plan -> {
            final String gtin = plan.getProduct().getGtin();
            assertThat(gtin).hasSize(14).containsOnlyDigits();
            assertThat(Gs1.hasValidCheckDigit(gtin)).as(gtin).isTrue();
            assertThat(plan.getSerials()).hasSizeBetween(5, 20).allSatisfy(sgtin -> {
                assertThat(sgtin).startsWith(gtin + ".");
                assertThat(sgtin.substring(15)).matches("[0-9A-Z]{1,20}");
            });
        });
        assertThat(Medicine.CATALOGUE).extracting(Medicine::gtin).contains("00614141123452");
    }

    @Test
    void shouldNeverRepeatASerialWithinASimulation() {
        final Set<String> seen = new HashSet<>();
        IntStream.rangeClosed(1, 1_000).mapToObj(factory::plan)
                .forEach(plan -> plan.getSerials().forEach(s -> assertThat(seen.add(s)).as(s).isTrue()));
        assertThat(seen).hasSizeGreaterThan(5_000);
    }

    @Test
    void shouldPlanAGreatCircleRouteWithWaypointsEveryTenToTwentyKilometres() {
        IntStream.rangeClosed(1, 100).mapToObj(factory::scenario).forEach(s -> {
            final ShipmentPlan plan = s.plan();
            final List<GeoPoint> waypoints = plan.getRoute().getWaypoints();
            assertThat(Fixtures.latLon(waypoints.get(0))).isEqualTo(s.origin().position());
            assertThat(Fixtures.latLon(waypoints.get(waypoints.size() - 1))).isEqualTo(s.destination().position());
            for (int i = 0; i + 1 < waypoints.size(); i++) {
                assertThat(Fixtures.haversine(Fixtures.latLon(waypoints.get(i)), Fixtures.latLon(waypoints.get(i + 1))))
                        .isBetween(10_000.0, 20_000.0);
            }
            assertThat(plan.getRoute().getCorridorHalfWidthMeters()).isEqualTo(2_000.0);
        });
    }

    @Test
    void shouldDescribeTheShipmentTheWayTheStreamsAppExpects() {
        final ShipmentScenario s = factory.scenario(7);
        final ShipmentPlan plan = s.plan();
        final long start = Fixtures.START.toEpochMilli();
        assertThat(plan.getProfileName()).isEqualTo("refrigerated-2-8");
        assertThat(plan.getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT);
        assertThat(plan.getOrigin().getName()).isEqualTo(s.origin().depotName());
        assertThat(plan.getOrigin().getGln()).isEqualTo(s.origin().depotGln());
        assertThat(plan.getOrigin().getRadiusMeters()).isEqualTo(500.0);
        assertThat(plan.getDestination().getGln()).isEqualTo(s.destination().depotGln());
        assertThat(plan.getPlannedDeparture() - start).isBetween(60_000L, 15 * 60_000L);
        final double plannedHours = (plan.getPlannedArrival() - plan.getPlannedDeparture()) / 3_600_000.0;
        assertThat(plannedHours).isCloseTo(s.distanceMeters() / 1000 / 70 + 10 / 60.0, within(1 / 60.0));
        assertThat(plan.getExpectedCustodians()).extracting(Party::getGln)
                .containsExactly(s.origin().depotGln(), s.carrier().gln(), s.destination().depotGln());
        assertThat(LocalDate.parse(plan.getProduct().getExpiryDate())).isAfter(LocalDate.of(2025, 9, 1));
        assertThat(plan.getProduct().getLot()).matches("[A-Z]{2}25[0-9A-Z]{4}");
    }

    @Test
    void shouldArriveNoLaterThanPlannedAtSeventyToNinetyKilometresPerHour() {
        IntStream.rangeClosed(1, 300).mapToObj(factory::scenario).forEach(s -> {
            final double hours = (s.arrival() - s.departure()) / 3_600_000.0;
            assertThat(s.distanceMeters() / 1000 / hours).isBetween(70.0, 90.0);
            assertThat(s.arrival()).isLessThanOrEqualTo(s.plan().getPlannedArrival());
            assertThat(s.delivery() - s.arrival()).isBetween(120_000L, 600_000L);
        });
    }

    @Test
    void shouldRunWarmTheConfiguredFractionOfShipments() {
        for (final double fraction : new double[] {0, 0.1, 0.25, 0.5, 1}) {
            final ShipmentFactory f = new ShipmentFactory(Fixtures.settings().withWarmFraction(fraction));
            final long warm = IntStream.rangeClosed(1, 400).filter(f::isWarm).count();
            assertThat(warm).as("warm at %s", fraction).isEqualTo(Math.round(400 * fraction));
            assertThat(IntStream.rangeClosed(1, 400).filter(k -> f.scenario(k).warmSpell().isPresent()).count())
                    .isEqualTo(warm);
        }
    }

    @Test
    void shouldShowAWarmShipmentInEveryDefaultSizedDemo() {
        for (long seed = 0; seed < 50; seed++) {
            final ShipmentFactory f = new ShipmentFactory(Fixtures.settings().withSeed(seed));
            assertThat(IntStream.rangeClosed(1, 5).filter(f::isWarm).count()).as("seed %d", seed).isBetween(1L, 2L);
        }
    }

    @Test
    void shouldPlaceWarmSpellsOfAtLeastFortyMinutesWithinTheDrive() {
        IntStream.rangeClosed(1, 1_000).filter(factory::isWarm).mapToObj(factory::scenario).forEach(s -> {
            final WarmSpell spell = s.warmSpell().orElseThrow();
            assertThat(spell.durationMillis()).isGreaterThanOrEqualTo(50 * 60_000L);
            assertThat(spell.start()).isGreaterThan(s.departure());
            assertThat(spell.end() + TemperatureModel.SETTLE_MILLIS).isLessThanOrEqualTo(s.arrival());
        });
    }

    @Test
    void shouldFlyTheAirShareAfterHandlingAtTheOriginAndLeaveRoadShipmentsAlone() {
        final ShipmentFactory road = new ShipmentFactory(Fixtures.settings().withShipments(200));
        final ShipmentFactory mixed = new ShipmentFactory(Fixtures.settings().withShipments(200).withAirShare(0.3));
        int flown = 0;
        for (int k = 1; k <= 200; k++) {
            final ShipmentScenario s = mixed.scenario(k);
            final ShipmentPlan plan = s.plan();
            if (plan.getRoute().getWaypoints().size() * 15_000.0 < s.distanceMeters() / 2) {
                flown++;
                final double flightHours = (s.arrival() - s.departure() - 150 * 60_000L) / 3_600_000.0;
                assertThat(s.distanceMeters()).isBetween(Hubs.MIN_AIR_LEG_METERS, Hubs.MAX_AIR_LEG_METERS);
                assertThat(s.arrival() - s.departure()).isGreaterThan(90 * 60_000L + (long) (s.distanceMeters() / 850 * 3600));
                assertThat(flightHours).isLessThan(s.distanceMeters() / 1000 / 750);
                assertThat(s.arrival()).isLessThanOrEqualTo(plan.getPlannedArrival());
            } else {
                assertThat(plan).isEqualTo(road.plan(k));
            }
        }
        assertThat(flown).isBetween(40, 80);
    }
}
