package io.coldchain.sim;

import static io.coldchain.sim.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.model.LatLon;
import io.coldchain.sim.model.ShipmentEvents;
import io.coldchain.sim.model.ShipmentFactory;
import io.coldchain.sim.network.Realism;
import io.coldchain.sim.publish.Pacing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final SimulationSettings FORTY = Fixtures.settings().withShipments(40);
    private static List<SimEvent> events;
    private static Map<String, List<SimEvent>> byShipment;

    @BeforeAll
    static void simulateFortyShipments() {
        events = Fixtures.eventsOf(FORTY);
        byShipment = Fixtures.byShipment(events);
    }

    @Test
    void shouldProduceTheSameEventsForTheSameSeedAndStart() {
        final SimulationSettings settings = Fixtures.settings().withShipments(8);
        assertThat(Fixtures.eventsOf(settings)).isEqualTo(Fixtures.eventsOf(settings));
    }

    @Test
    void shouldProduceOtherEventsForAnotherSeedOrStart() {
        final SimulationSettings settings = Fixtures.settings().withShipments(8);
        final List<SimEvent> reference = Fixtures.eventsOf(settings);
        assertThat(Fixtures.eventsOf(settings.withSeed(43))).isNotEqualTo(reference);
        assertThat(Fixtures.eventsOf(settings.withStart(Fixtures.START.plusSeconds(60)))).isNotEqualTo(reference);
    }

    @Test
    void shouldEmitEventsInNonDecreasingEventTime() {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).eventTime()).as("event %d", i).isGreaterThanOrEqualTo(events.get(i - 1).eventTime());
        }
    }

    @Test
    void shouldPublishEveryPlanBeforeAnyTelemetry() {
        assertThat(events.subList(0, 40)).allSatisfy(e -> {
            assertThat(e).isInstanceOf(SimEvent.Plan.class);
            assertThat(e.eventTime()).isEqualTo(Fixtures.START.toEpochMilli());
        });
        assertThat(events.subList(0, 40)).extracting(SimEvent::shipmentId)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 40)
                        .mapToObj(ShipmentFactory::shipmentId).toList());
        // Later plans are only the DELIVERED updates, one per shipment, each right after its delivery scan.
        final List<SimEvent.Plan> updates = only(events.subList(40, events.size()), SimEvent.Plan.class);
        assertThat(updates).hasSize(40).allSatisfy(p -> assertThat(p.plan().getStatus()).isEqualTo(ShipmentStatus.DELIVERED));
    }

    @Test
    void shouldRepublishThePlanAsDeliveredRightAfterTheDeliveryScanByTheLegacyHabit() {
        byShipment.forEach((id, list) -> {
            final SimEvent last = list.get(list.size() - 1);
            final SimEvent.Custody delivery = (SimEvent.Custody) list.get(list.size() - 2);
            assertThat(last).isInstanceOf(SimEvent.Plan.class);
            assertThat(((SimEvent.Plan) last).plan().getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(last.eventTime()).isEqualTo(delivery.eventTime());
            assertThat(((SimEvent.Plan) last).plan().getShipmentId()).isEqualTo(id);
        });
    }

    @Test
    void shouldGiveEachShipmentPickupReadingsFixesAndDeliveryInThatOrder() {
        byShipment.forEach((id, list) -> {
            assertThat(list.get(0)).isInstanceOf(SimEvent.Plan.class);
            final CustodyEvent pickup = ((SimEvent.Custody) list.get(1)).event();
            final CustodyEvent delivery = ((SimEvent.Custody) list.get(list.size() - 2)).event();
            assertThat(pickup.getBizStep()).isEqualTo("shipping");
            assertThat(delivery.getBizStep()).isEqualTo("receiving");
            assertThat(only(list, SimEvent.Custody.class)).hasSize(2);
            assertThat(only(list, SimEvent.Temperature.class)).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.eventTime()).isBetween(pickup.getEventTime(), delivery.getEventTime()));
            assertThat(only(list, SimEvent.Location.class)).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.eventTime()).isBetween(pickup.getEventTime(), delivery.getEventTime()));
        });
    }

    @Test
    void shouldSpaceReadingsAndFixesByTheirIntervals() {
        final List<SimEvent> list = byShipment.get("SHP-000001");
        assertThat(steps(only(list, SimEvent.Temperature.class))).containsOnly(Duration.ofMinutes(5).toMillis());
        assertThat(steps(only(list, SimEvent.Location.class))).containsOnly(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void shouldKeepGpsFixesNearThePlannedRoute() {
        byShipment.forEach((id, list) -> {
            final ShipmentPlan plan = ((SimEvent.Plan) list.get(0)).plan();
            final List<LatLon> route = plan.getRoute().getWaypoints().stream().map(Fixtures::latLon).toList();
            assertThat(only(list, SimEvent.Location.class)).allSatisfy(f -> {
                final LocationFix fix = f.fix();
                assertThat(Fixtures.distanceToRouteMeters(new LatLon(fix.getLat(), fix.getLon()), route))
                        .as("%s at %d", id, fix.getEventTime()).isLessThan(200.0);
                assertThat(fix.getAccuracyMeters()).isBetween(3.0, 15.0);
                assertThat(fix.getBatteryPercent()).isBetween(5f, 100f);
            });
        });
    }

    @Test
    void shouldDriveAtSeventyToNinetyKilometresPerHour() {
        byShipment.forEach((id, list) -> {
            final List<Double> moving = only(list, SimEvent.Location.class).stream()
                    .map(f -> f.fix().getSpeedKmh()).filter(s -> s > 0).toList();
            final double mean = moving.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(mean).as(id).isBetween(70.0, 90.0);
            assertThat(moving).allSatisfy(s -> assertThat(s).isBetween(55.0, 105.0));
        });
    }

    @Test
    void shouldRunTheConfiguredFractionWarmAndKeepTheOthersInTwoToEightDegrees() {
        final Map<Boolean, List<String>> warmOrNot = byShipment.keySet().stream().sorted()
                .collect(Collectors.partitioningBy(id -> readings(id).stream().anyMatch(t -> t > 8)));
        assertThat(warmOrNot.get(true)).hasSize(10);
        assertThat(warmOrNot.get(false)).allSatisfy(id -> assertThat(readings(id)).allSatisfy(
                t -> assertThat(t).isBetween(2.0, 8.0)));
    }

    @Test
    void shouldHoldWarmShipmentsAboveNineDegreesForFortyMinutesThenBringThemBack() {
        byShipment.keySet().stream().filter(id -> readings(id).stream().anyMatch(t -> t > 8)).forEach(id -> {
            final List<TemperatureReading> readings = only(byShipment.get(id), SimEvent.Temperature.class).stream()
                    .map(SimEvent.Temperature::reading).toList();
            final int first = indexOf(readings, true, 0);
            final int back = indexOf(readings, false, first);
            assertThat(back).as("%s comes back into 2..8", id).isPositive();
            assertThat(readings.subList(first, back)).allSatisfy(
                    r -> assertThat(r.getTemperatureCelsius()).isBetween(9.0, 14.0));
            assertThat(readings.get(back).getEventTime() - readings.get(first).getEventTime())
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(40).toMillis());
            assertThat(readings.subList(back, readings.size())).allSatisfy(
                    r -> assertThat(r.getTemperatureCelsius()).isBetween(2.0, 8.0));
        });
    }

    @Test
    void shouldScanPickupAtTheOriginAndDeliveryAtTheDestination() {
        byShipment.forEach((id, list) -> {
            final ShipmentPlan plan = ((SimEvent.Plan) list.get(0)).plan();
            final CustodyEvent pickup = ((SimEvent.Custody) list.get(1)).event();
            final CustodyEvent delivery = ((SimEvent.Custody) list.get(list.size() - 2)).event();
            final LocationFix lastFix = only(list, SimEvent.Location.class).get(
                    only(list, SimEvent.Location.class).size() - 1).fix();

            assertThat(pickup.getBizLocation()).isEqualTo(plan.getOrigin());
            assertThat(pickup.getDisposition()).isEqualTo("in_transit");
            assertThat(pickup.getAction()).isEqualTo(EpcisAction.OBSERVE);
            assertThat(pickup.getSourceParty()).isEqualTo(plan.getExpectedCustodians().get(0));
            assertThat(pickup.getDestinationParty()).isEqualTo(plan.getExpectedCustodians().get(1));
            assertThat(pickup.getCustodian()).isEqualTo(plan.getExpectedCustodians().get(1));

            assertThat(delivery.getBizLocation()).isEqualTo(plan.getDestination());
            assertThat(delivery.getDisposition()).isIn("in_progress", "active");
            assertThat(delivery.getCustodian()).isEqualTo(plan.getExpectedCustodians().get(2));
            assertThat(Fixtures.haversine(new LatLon(lastFix.getLat(), lastFix.getLon()),
                    Fixtures.latLon(plan.getDestination().getCenter())))
                    .isLessThan(plan.getDestination().getRadiusMeters());

            for (final CustodyEvent scan : List.of(pickup, delivery)) {
                assertThat(scan.getEpcList()).isEqualTo(plan.getSerials());
                assertThat(scan.getLot()).isEqualTo(plan.getProduct().getLot());
                assertThat(scan.getExpiryDate()).isEqualTo(plan.getProduct().getExpiryDate());
                assertThat(scan.getRecordTime() - scan.getEventTime()).isBetween(1_000L, 60_000L);
                assertThat(scan.getEventId()).startsWith("urn:uuid:");
                assertThat(scan.getEventTimeZoneOffset()).matches("[+-]\\d\\d:\\d\\d");
            }
            assertThat(pickup.getEventId()).isNotEqualTo(delivery.getEventId());
        });
    }

    @Test
    void shouldLeaveTemperaturesAloneWhenOnlyTheFixIntervalChanges() {
        final SimulationSettings settings = Fixtures.settings().withShipments(3);
        assertThat(readingsOf(settings.withFixInterval(Duration.ofSeconds(20)))).isEqualTo(readingsOf(settings));
    }

    @Test
    void shouldYieldTheEarliestHeadTiesToTheLowerShipmentAsAScanOfEveryShipmentWould() {
        // The merge against its definition: at every step the stream whose next arrival is earliest, ties to the lower
        // shipment index, found by looking at every stream. Network realism (held-up, reordered, duplicated records)
        // and every incident make streams whose arrival times jump, and many ties (readings and fixes on the minute).
        final SimulationSettings settings = Fixtures.settings().withShipments(150)
                .withRealism(Realism.preset()).withIncidents(IncidentMix.all());
        final ShipmentFactory factory = new ShipmentFactory(settings);
        final List<ShipmentEvents> streams = new ArrayList<>();
        for (int k = 1; k <= settings.shipments(); k++) {
            streams.add(factory.run(k));
        }
        final List<SimEvent> expected = new ArrayList<>();
        int ties = 0;
        while (true) {
            ShipmentEvents earliest = null;
            int atEarliest = 0;
            for (final ShipmentEvents stream : streams) {
                if (!stream.hasNext()) {
                    continue;
                }
                if (earliest == null || stream.peekTime() < earliest.peekTime()) {
                    earliest = stream;
                    atEarliest = 1;
                } else if (stream.peekTime() == earliest.peekTime()) {
                    atEarliest++;
                    earliest = stream.index() < earliest.index() ? stream : earliest;
                }
            }
            if (earliest == null) {
                break;
            }
            ties += atEarliest > 1 ? 1 : 0;
            expected.add(earliest.next());
        }
        assertThat(ties).as("steps where two or more shipments' next arrivals share the earliest time").isGreaterThan(100);

        final List<SimEvent> merged = new ArrayList<>();
        Simulation.iterator(settings).forEachRemaining(merged::add);
        assertThat(merged).hasSize(expected.size()).isEqualTo(expected);
    }

    @Test
    void shouldStreamTenThousandShipmentsInEventTimeOrder() {
        // How fast is measured, not asserted (shared machines): the figure is printed for whoever reads the log.
        final SimulationSettings settings = Fixtures.settings().withShipments(10_000);
        final long began = System.nanoTime();
        final Iterator<SimEvent> it = Simulation.iterator(settings);
        long count = 0;
        long lastTime = Long.MIN_VALUE;
        while (count < 200_000 && it.hasNext()) {
            final SimEvent e = it.next();
            assertThat(e.eventTime()).isGreaterThanOrEqualTo(lastTime);
            lastTime = e.eventTime();
            count++;
        }
        final double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(count).isEqualTo(200_000);
        System.out.printf("10,000 shipments: first 200,000 events in %.2f s (%.0f events/s)%n", seconds, count / seconds);
    }

    @Test
    void shouldPlaceTheAnchoredStartSoTheLastEventLandsWhenTheRunEnds() {
        final Instant now = Instant.parse("2025-03-03T12:00:30Z");
        final Duration span = Simulation.span(Fixtures.settings());
        assertThat(Simulation.anchoredStart(Fixtures.settings(), Pacing.timesRealTime(1), now))
                .isEqualTo(Instant.parse("2025-03-03T12:00:00Z"));
        assertThat(Simulation.anchoredStart(Fixtures.settings(), Pacing.UNPACED, now))
                .isBeforeOrEqualTo(now.minus(span)).isAfter(now.minus(span).minusSeconds(60));
        final Instant at60 = Simulation.anchoredStart(Fixtures.settings(), Pacing.timesRealTime(60), now);
        final Instant lastEvent = at60.plus(span);
        final Instant runEnds = now.plus(span.dividedBy(60));
        assertThat(Duration.between(runEnds, lastEvent).abs()).isLessThan(Duration.ofMinutes(2));
    }

    private static List<Long> steps(final List<? extends SimEvent> list) {
        return java.util.stream.IntStream.range(1, list.size())
                .mapToObj(i -> list.get(i).eventTime() - list.get(i - 1).eventTime()).distinct().toList();
    }

    private static List<Double> readings(final String shipmentId) {
        return only(byShipment.get(shipmentId), SimEvent.Temperature.class).stream()
                .map(t -> t.reading().getTemperatureCelsius()).toList();
    }

    private static List<TemperatureReading> readingsOf(final SimulationSettings settings) {
        return only(Fixtures.eventsOf(settings), SimEvent.Temperature.class).stream()
                .map(SimEvent.Temperature::reading).toList();
    }

    private static int indexOf(final List<TemperatureReading> readings, final boolean warm, final int from) {
        for (int i = from; i < readings.size(); i++) {
            if ((readings.get(i).getTemperatureCelsius() > 8) == warm) {
                return i;
            }
        }
        return -1;
    }
}
