package io.coldchain.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.PlannedStop;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.sim.Fixtures;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.incidents.Injection;
import io.coldchain.sim.network.Realism;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HubStopTest {

    private static final long MINUTE = 60_000L;
    private static final SimulationSettings HUBS = Fixtures.settings().withShipments(40).withHubShare(1);
    /** Incidents and confounders tied to a time of the trip, which must keep clear of the hub's dwell. */
    private static final Set<IncidentType> TIMED = EnumSet.of(IncidentType.DETOUR, IncidentType.THEFT_STOP,
            IncidentType.WRONG_DESTINATION, IncidentType.TRAFFIC_STOP, IncidentType.GPS_OUTLIER,
            IncidentType.REEFER_FAILURE, IncidentType.DOOR_OPEN, IncidentType.FREEZING, IncidentType.SILENT_LOGGER,
            IncidentType.SHORT_SPIKE, IncidentType.LATE_WITHIN_GRACE, IncidentType.WARM_SPELL);

    private static List<ShipmentScenario> scenarios;
    private static Map<String, List<SimEvent>> events;

    @BeforeAll
    static void simulate() {
        scenarios = Simulation.scenarios(HUBS).toList();
        events = Fixtures.byShipment(Fixtures.eventsOf(HUBS));
    }

    private static List<ShipmentScenario> withHub() {
        return scenarios.stream().filter(s -> s.hub().isPresent()).toList();
    }

    @Test
    void shouldStopMostRoadShipmentsAtAHubOnTheWayWhenTheShareIsOne() {
        // Warm shipments make no stop, and some legs have no hub on the way.
        assertThat(withHub()).hasSizeGreaterThan(15);
        assertThat(withHub()).allSatisfy(s -> {
            final City hub = s.hub().orElseThrow();
            assertThat(hub).isNotEqualTo(s.origin()).isNotEqualTo(s.destination());
            assertThat(hub.roadNetwork()).isEqualTo(s.origin().roadNetwork());
            final double direct = Geo.distanceMeters(s.origin().position(), s.destination().position());
            final double in = Geo.distanceMeters(s.origin().position(), hub.position());
            final double out = Geo.distanceMeters(hub.position(), s.destination().position());
            assertThat(in + out).isLessThanOrEqualTo(1.15 * direct);
            assertThat(in).isGreaterThanOrEqualTo(0.2 * direct);
            assertThat(out).isGreaterThanOrEqualTo(0.2 * direct);
            assertThat(s.warmSpell()).isEmpty();
        });
    }

    @Test
    void shouldOfferOnlyHubsOnTheWay() {
        assertThat(HubStop.candidates(Hubs.city("Basel"), Hubs.city("Hamburg"))).extracting(City::name)
                .contains("Frankfurt", "Cologne").doesNotContain("Basel", "Hamburg", "Madrid", "London");
        assertThat(HubStop.candidates(Hubs.city("Tokyo"), Hubs.city("Osaka"))).isEmpty();
        for (final Hubs.Leg leg : Hubs.roadLegs()) {
            for (final City hub : HubStop.candidates(leg.from(), leg.to())) {
                final double in = Geo.distanceMeters(leg.from().position(), hub.position());
                final double out = Geo.distanceMeters(hub.position(), leg.to().position());
                assertThat(in + out).isLessThanOrEqualTo(1.15 * leg.distanceMeters());
                assertThat(Math.min(in, out)).isGreaterThanOrEqualTo(0.2 * leg.distanceMeters());
            }
        }
    }

    @Test
    void shouldPlanTheStopAndTheHubOperatorBetweenCarrierAndConsignee() {
        assertThat(withHub()).allSatisfy(s -> {
            final ShipmentPlan plan = s.plan();
            final City hub = s.hub().orElseThrow();
            assertThat(plan.getPlannedStops()).hasSize(1);
            final PlannedStop stop = plan.getPlannedStops().get(0);
            assertThat(stop.getArea().getName()).isEqualTo(hub.name() + " Cross-Dock");
            assertThat(stop.getArea().getGln()).hasSize(13).matches(Gs1::hasValidCheckDigit);
            assertThat(stop.getArea().getCenter().getLat()).isEqualTo(hub.position().lat());
            assertThat(stop.getArea().getCenter().getLon()).isEqualTo(hub.position().lon());
            assertThat(stop.getMaxDwellMillis()).isGreaterThanOrEqualTo(80 * MINUTE);
            final List<Party> custodians = plan.getExpectedCustodians();
            assertThat(custodians).hasSize(4);
            assertThat(custodians.get(0).getGln()).isEqualTo(s.origin().depotGln());
            assertThat(custodians.get(1).getGln()).isEqualTo(s.carrier().gln());
            assertThat(custodians.get(2)).isEqualTo(new Party(stop.getArea().getGln(), hub.name() + " Cross-Dock"));
            assertThat(custodians.get(3).getGln()).isEqualTo(s.destination().depotGln());
            // The route passes through the hub, and the planned arrival allows for the dwell.
            assertThat(plan.getRoute().getWaypoints()).map(Fixtures::latLon)
                    .anySatisfy(p -> assertThat(Geo.distanceMeters(p, hub.position())).isLessThan(1.0));
            assertThat(s.arrival()).isLessThanOrEqualTo(plan.getPlannedArrival());
        });
        // Deterministic: the same hub has the same GLN in every shipment.
        final Map<String, Set<String>> glns = withHub().stream().collect(Collectors.groupingBy(
                s -> s.hub().orElseThrow().name(), Collectors.mapping(
                        s -> s.plan().getPlannedStops().get(0).getArea().getGln(), Collectors.toSet())));
        assertThat(glns.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(scenarios.stream().filter(s -> s.hub().isEmpty())).allSatisfy(s -> {
            assertThat(s.plan().getPlannedStops()).isEmpty();
            assertThat(s.plan().getExpectedCustodians()).hasSize(3);
        });
    }

    @Test
    void shouldScanAtTheHubOnArrivalAndDepartureBetweenPickupAndDelivery() {
        assertThat(withHub()).allSatisfy(s -> {
            final List<CustodyEvent> scans = Fixtures.only(events.get(s.shipmentId()), SimEvent.Custody.class).stream()
                    .map(SimEvent.Custody::event).toList();
            final ShipmentPlan plan = s.plan();
            final Party operator = plan.getExpectedCustodians().get(2);
            final List<CustodyEvent> atHub = scans.stream()
                    .filter(e -> e.getBizLocation().equals(plan.getPlannedStops().get(0).getArea())).toList();
            assertThat(atHub).extracting(CustodyEvent::getBizStep).containsExactly("receiving", "shipping");
            assertThat(atHub).allSatisfy(e -> {
                assertThat(e.getCustodian()).isEqualTo(operator);
                assertThat(e.getEpcList()).isEqualTo(s.serials());
                assertThat(e.getReadPoint()).isEqualTo(operator.getGln());
                assertThat(e.getEventTime()).isBetween(s.departure(), s.delivery());
            });
            assertThat(atHub.get(0).getSourceParty().getGln()).isEqualTo(s.carrier().gln());
            assertThat(atHub.get(1).getDestinationParty().getGln()).isEqualTo(s.carrier().gln());
            if (s.incident().isEmpty()) {
                assertThat(scans).extracting(e -> e.getBizStep() + "@" + e.getBizLocation().getName()).containsExactly(
                        "shipping@" + s.origin().depotName(), "receiving@" + operator.getName(),
                        "shipping@" + operator.getName(), "receiving@" + s.destination().depotName());
            }
            assertThat(scans.stream().map(CustodyEvent::getEventId).distinct()).hasSize(scans.size());
            final long dwell = atHub.get(1).getEventTime() - atHub.get(0).getEventTime();
            assertThat(dwell).isBetween(20 * MINUTE, 40 * MINUTE);
        });
    }

    @Test
    void shouldStandAtTheHubDuringTheDwellAndDriveOtherwise() {
        assertThat(withHub()).allSatisfy(s -> {
            final List<LocationFix> fixes = Fixtures.only(events.get(s.shipmentId()), SimEvent.Location.class).stream()
                    .map(SimEvent.Location::fix).toList();
            final LatLon hub = s.hub().orElseThrow().position();
            assertThat(fixes).filteredOn(f -> f.getEventTime() >= s.hubArrival() && f.getEventTime() <= s.hubDeparture())
                    .hasSizeGreaterThanOrEqualTo(19)
                    .allSatisfy(f -> {
                        assertThat(Geo.distanceMeters(new LatLon(f.getLat(), f.getLon()), hub)).isLessThan(100.0);
                        assertThat(f.getSpeedKmh()).isZero();
                    });
            // Before and after the dwell the truck is on its way, not at the hub.
            assertThat(fixes).filteredOn(f -> f.getEventTime() < s.hubArrival() - 5 * MINUTE
                            || f.getEventTime() > s.hubDeparture() + 5 * MINUTE)
                    .allSatisfy(f -> assertThat(Geo.distanceMeters(new LatLon(f.getLat(), f.getLon()), hub))
                            .isGreaterThan(1_000.0));
        });
    }

    @Test
    void shouldProduceTheSameEventsForTheSameSeed() {
        final SimulationSettings settings = HUBS.withShipments(10).withIncidents(IncidentMix.all())
                .withRealism(Realism.preset());
        assertThat(Fixtures.eventsOf(settings)).isEqualTo(Fixtures.eventsOf(settings));
    }

    @Test
    void shouldChangeNothingWithAShareOfZero() {
        final SimulationSettings legacy = new SimulationSettings(30, 42, Fixtures.START,
                SimulationSettings.DEFAULT_READING_INTERVAL, SimulationSettings.DEFAULT_FIX_INTERVAL, 0.25,
                IncidentMix.all(), Realism.preset(), 0.2);
        assertThat(legacy.hubShare()).isZero();
        assertThat(Fixtures.eventsOf(legacy.withHubShare(0))).isEqualTo(Fixtures.eventsOf(legacy));
    }

    @Test
    void shouldLeaveShipmentsWithoutAStopExactlyAsTheyWere() {
        final SimulationSettings none = Fixtures.settings().withShipments(40).withIncidents(IncidentMix.all())
                .withRealism(Realism.preset()).withAirShare(0.2);
        final SimulationSettings some = none.withHubShare(0.3);
        final Map<String, List<SimEvent>> before = Fixtures.byShipment(Fixtures.eventsOf(none));
        final Map<String, List<SimEvent>> after = Fixtures.byShipment(Fixtures.eventsOf(some));
        final Set<String> stopping = Simulation.scenarios(some).filter(s -> s.hub().isPresent())
                .map(ShipmentScenario::shipmentId).collect(Collectors.toSet());
        assertThat(stopping).hasSizeBetween(3, 25);
        assertThat(Simulation.scenarios(some).filter(s -> s.hub().isPresent()))
                .allSatisfy(s -> assertThat(s.origin().continent()).isEqualTo(s.destination().continent()));
        before.forEach((id, list) -> {
            if (!stopping.contains(id)) {
                assertThat(after.get(id)).as(id).isEqualTo(list);
            } else {
                assertThat(after.get(id)).as(id).isNotEqualTo(list);
            }
        });
    }

    @Test
    void shouldKeepIncidentsConfoundersAndGapsClearOfTheDwell() {
        for (final IncidentType type : IncidentType.drawable()) {
            final SimulationSettings settings = Fixtures.every(type, 16).withHubShare(1).withRealism(Realism.preset());
            final List<ShipmentScenario> all = Simulation.scenarios(settings).toList();
            // The stop gives way to the incident: as many shipments get it as without hub stops.
            assertThat(all.stream().filter(s -> s.incident().isPresent()))
                    .as(type.name()).hasSameSizeAs(Simulation.scenarios(settings.withHubShare(0))
                            .filter(s -> s.incident().isPresent()).toList());
            for (final ShipmentScenario s : all) {
                if (s.hub().isEmpty()) {
                    continue;
                }
                final long from = s.hubArrival() - 15 * MINUTE;
                final long to = s.hubDeparture() + 15 * MINUTE;
                s.incident().filter(label -> TIMED.contains(IncidentType.valueOf(label.type()))
                        && type != IncidentType.GPS_OUTLIER).ifPresent(label ->
                        assertThat(label.end() < from || label.start() >= to).as("%s %s", type, s.shipmentId()).isTrue());
                // Outliers may lie on both sides of the stop, each clear of it.
                assertThat(s.injection().outliers()).allSatisfy(o ->
                        assertThat(o.time() < from || o.time() >= to).as("outlier of %s", s.shipmentId()).isTrue());
                for (final Injection.Window gap : new Injection.Window[] {s.connectivity().loggerGap(),
                        s.connectivity().trackerGap()}) {
                    if (gap != null) {
                        assertThat(gap.overlaps(from, to)).as("gap of %s", s.shipmentId()).isFalse();
                    }
                }
            }
        }
    }
}
