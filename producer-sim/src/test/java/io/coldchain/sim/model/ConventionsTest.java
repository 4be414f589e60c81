package io.coldchain.sim.model;

import static io.coldchain.sim.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.sim.Fixtures;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.network.NetworkShaper;
import io.coldchain.sim.network.Realism;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default conventions: how plans, custody scans and loggers are recorded when nobody asks for the old habits. */
class ConventionsTest {

    private static final long MINUTE = 60_000L;
    private static final SimulationSettings DEFAULTS = Fixtures.current().withShipments(100);

    private static Map<String, ShipmentScenario> scenarios;
    private static Map<String, List<SimEvent>> events;

    @BeforeAll
    static void simulate() {
        scenarios = Simulation.scenarios(DEFAULTS)
                .collect(Collectors.toMap(ShipmentScenario::shipmentId, Function.identity()));
        events = Fixtures.byShipment(Fixtures.eventsOf(DEFAULTS));
    }

    @Test
    void shouldMakeTheConventionsTheDefaultAndKeepTheOldHabitsAsLegacy() {
        assertThat(SimulationSettings.defaults(Fixtures.START).conventions()).isEqualTo(Conventions.defaults());
        assertThat(Conventions.defaults()).isEqualTo(new Conventions(true, 0.3, false, 0.8, true, 0.5, 0.6, 0.3, 0.005));
        assertThat(Conventions.legacy().republishDeliveredPlans()).isTrue();
        // The constructors that predate the conventions keep the old habits.
        assertThat(new SimulationSettings(1, 1, Fixtures.START, Duration.ofMinutes(5), Duration.ofMinutes(1), 0)
                .conventions()).isEqualTo(Conventions.legacy());
    }

    @Test
    void shouldIssueEveryPlanHoursBeforeItsPlannedDepartureAndStampItWithIssuedAt() {
        events.forEach((id, list) -> {
            final SimEvent.Plan first = (SimEvent.Plan) list.get(0);
            final ShipmentPlan plan = first.plan();
            assertThat(plan.getIssuedAt()).as(id).isNotNull().isEqualTo(first.eventTime());
            assertThat(plan.getPlannedDeparture() - plan.getIssuedAt()).as(id)
                    .isBetween(2 * 60 * MINUTE, 24 * 60 * MINUTE);
            assertThat(plan.getIssuedAt()).isLessThan(Fixtures.START.toEpochMilli());
            assertThat(plan.getStatus()).isEqualTo(ShipmentStatus.PLANNED);
        });
    }

    @Test
    void shouldReviseAShareOfPlansInTransitWithALaterIssuedAtAndAnArrivalTheTruckMakes() {
        int revised = 0;
        for (final Map.Entry<String, List<SimEvent>> entry : events.entrySet()) {
            final List<SimEvent.Plan> plans = only(entry.getValue(), SimEvent.Plan.class);
            assertThat(plans).hasSizeBetween(1, 2);
            if (plans.size() == 1) {
                continue;
            }
            revised++;
            final ShipmentScenario s = scenarios.get(entry.getKey());
            final ShipmentPlan first = plans.get(0).plan();
            final ShipmentPlan revision = plans.get(1).plan();
            assertThat(revision.getIssuedAt()).isEqualTo(plans.get(1).eventTime())
                    .isGreaterThan(first.getIssuedAt()).isBetween(s.departure(), s.arrival());
            assertThat(revision.getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT);
            assertThat(revision.getPlannedArrival() - s.arrival()).isBetween(10 * MINUTE, 31 * MINUTE);
            assertThat(ShipmentPlan.newBuilder(revision).setPlannedArrival(first.getPlannedArrival())
                    .setIssuedAt(first.getIssuedAt()).setStatus(first.getStatus()).build()).isEqualTo(first);
        }
        assertThat(revised).isBetween(15, 45);
        assertThat(Simulation.scenarios(DEFAULTS.withConventions(Conventions.defaults().withPlanRevisionShare(0)))
                .filter(s -> s.revisedPlan().isPresent())).isEmpty();
    }

    @Test
    void shouldNotRepublishAnyPlanAtDeliveryUnlessAsked() {
        assertThat(events.values()).allSatisfy(list -> assertThat(only(list, SimEvent.Plan.class))
                .noneMatch(p -> p.plan().getStatus() == ShipmentStatus.DELIVERED
                        || p.plan().getStatus() == ShipmentStatus.CLOSED));
        final SimulationSettings republishing = DEFAULTS.withShipments(10)
                .withConventions(Conventions.defaults().withRepublishDeliveredPlans(true).withPlanRevisionShare(1));
        Fixtures.byShipment(Fixtures.eventsOf(republishing)).forEach((id, list) -> {
            final List<SimEvent.Plan> plans = only(list, SimEvent.Plan.class);
            final List<SimEvent.Plan> delivered = plans.stream()
                    .filter(p -> p.plan().getStatus() == ShipmentStatus.DELIVERED).toList();
            assertThat(delivered).as(id).hasSize(1);
            // The DELIVERED plan is the latest revision, issued at the delivery.
            assertThat(plans).hasSize(3).last().isEqualTo(delivered.get(0));
            assertThat(delivered.get(0).plan().getPlannedArrival()).isEqualTo(plans.get(1).plan().getPlannedArrival());
            assertThat(delivered.get(0).plan().getIssuedAt()).isEqualTo(delivered.get(0).eventTime());
            // Telemetry ends at the delivery scan, as it used to.
            final SimEvent.Custody delivery = only(list, SimEvent.Custody.class).stream()
                    .filter(SimEvent.Custody::isDelivery).findFirst().orElseThrow();
            assertThat(delivered.get(0).eventTime()).isEqualTo(delivery.eventTime());
            assertThat(only(list, SimEvent.Location.class))
                    .allSatisfy(f -> assertThat(f.eventTime()).isLessThanOrEqualTo(delivery.eventTime()));
        });
    }

    @Test
    void shouldKeepReportingAFewMinutesAfterTheReceivingScanInRangeInsideTheDestinationThenStop() {
        events.forEach((id, list) -> {
            final ShipmentScenario s = scenarios.get(id);
            final ShipmentPlan plan = ((SimEvent.Plan) list.get(0)).plan();
            final long delivery = s.delivery();
            final List<LocationFix> after = only(list, SimEvent.Location.class).stream().map(SimEvent.Location::fix)
                    .filter(f -> f.getEventTime() > delivery).toList();
            assertThat(after).as(id).isNotEmpty().allSatisfy(f -> {
                assertThat(Fixtures.haversine(new LatLon(f.getLat(), f.getLon()),
                        Fixtures.latLon(plan.getDestination().getCenter())))
                        .isLessThan(plan.getDestination().getRadiusMeters());
                assertThat(f.getSpeedKmh()).isZero();
            });
            assertThat(after.get(after.size() - 1).getEventTime() - delivery).isBetween(MINUTE, 15 * MINUTE);
            assertThat(only(list, SimEvent.Temperature.class)).map(SimEvent.Temperature::reading)
                    .filteredOn(r -> r.getEventTime() > delivery)
                    .allSatisfy(r -> {
                        assertThat(r.getTemperatureCelsius()).isBetween(2.0, 8.0);
                        assertThat(r.getEventTime() - delivery).isLessThanOrEqualTo(15 * MINUTE);
                    });
        });
        // Some loggers sample often enough to show it.
        assertThat(events.values()).anySatisfy(list -> assertThat(only(list, SimEvent.Temperature.class))
                .anyMatch(t -> t.eventTime() > scenarios.get(t.shipmentId()).delivery()));
    }

    @Test
    void shouldListTheCarrierAsCustodianButLetMostCarriersMakeNoScan() {
        int silent = 0;
        for (final ShipmentScenario s : scenarios.values()) {
            final Party carrier = new Party(s.carrier().gln(), s.carrier().name());
            assertThat(s.plan().getExpectedCustodians()).contains(carrier);
            final List<CustodyEvent> scans = scans(s.shipmentId());
            if (scans.stream().noneMatch(e -> carrier.equals(e.getCustodian()))) {
                silent++;
                assertThat(scans).noneMatch(e -> carrier.equals(e.getSourceParty())
                        || carrier.equals(e.getDestinationParty()));
            }
        }
        assertThat(silent).isBetween(65, 95);
    }

    @Test
    void shouldNeverNameASilentCarrierInAnyScanAndBracketTheTransportBySiteScans() {
        final SimulationSettings silent = Fixtures.current().withShipments(30).withHubShare(0.5)
                .withConventions(Conventions.defaults().withSilentCarrierShare(1));
        final Map<String, List<SimEvent>> byShipment = Fixtures.byShipment(Fixtures.eventsOf(silent));
        Simulation.scenarios(silent).forEach(s -> {
            final List<CustodyEvent> scans = only(byShipment.get(s.shipmentId()), SimEvent.Custody.class).stream()
                    .map(SimEvent.Custody::event).toList();
            final String carrier = s.carrier().gln();
            assertThat(scans).allSatisfy(e -> {
                assertThat(e.getCustodian().getGln()).isNotEqualTo(carrier);
                assertThat(e.getSourceParty() == null ? "" : e.getSourceParty().getGln()).isNotEqualTo(carrier);
                assertThat(e.getDestinationParty() == null ? "" : e.getDestinationParty().getGln())
                        .isNotEqualTo(carrier);
            });
            // Each shipping names the site that receives next, each receiving the site that shipped.
            final List<CustodyEvent> handOffs = scans.stream()
                    .filter(e -> e.getBizStep().equals("shipping") || e.getBizStep().equals("receiving")).toList();
            for (int i = 0; i + 1 < handOffs.size(); i += 2) {
                final CustodyEvent shipping = handOffs.get(i);
                final CustodyEvent receiving = handOffs.get(i + 1);
                assertThat(shipping.getBizStep()).isEqualTo("shipping");
                assertThat(receiving.getBizStep()).isEqualTo("receiving");
                assertThat(shipping.getDestinationParty()).isEqualTo(receiving.getCustodian());
                assertThat(receiving.getSourceParty()).isEqualTo(shipping.getCustodian());
            }
        });
    }

    @Test
    void shouldReceiveStoreAndShipAtEveryHub() {
        final SimulationSettings hubs = Fixtures.current().withShipments(30).withHubShare(1);
        final Map<String, List<SimEvent>> byShipment = Fixtures.byShipment(Fixtures.eventsOf(hubs));
        final List<ShipmentScenario> stopping = Simulation.scenarios(hubs).filter(s -> s.hub().isPresent()).toList();
        assertThat(stopping).hasSizeGreaterThan(10).allSatisfy(s -> {
            final ShipmentPlan plan = s.plan();
            final List<CustodyEvent> atHub = only(byShipment.get(s.shipmentId()), SimEvent.Custody.class).stream()
                    .map(SimEvent.Custody::event)
                    .filter(e -> e.getBizLocation().equals(plan.getPlannedStops().get(0).getArea())).toList();
            assertThat(atHub).extracting(CustodyEvent::getBizStep).containsExactly("receiving", "storing", "shipping");
            assertThat(atHub.get(1).getDisposition()).isEqualTo("in_progress");
            assertThat(atHub.get(1).getCustodian()).isEqualTo(plan.getExpectedCustodians().get(2));
            assertThat(atHub.get(1).getEventTime()).isStrictlyBetween(s.hubArrival(), s.hubDeparture());
            assertThat(atHub).extracting(CustodyEvent::getEventId).doesNotHaveDuplicates();
        });
        assertThat(Simulation.scenarios(hubs.withConventions(Conventions.defaults().withHubStoring(false))))
                .allSatisfy(s -> assertThat(s.scans()).noneMatch(scan -> scan.event().getBizStep().equals("storing")
                        && scan.event().getBizLocation().getName().endsWith("Cross-Dock")));
    }

    @Test
    void shouldLetSomeConsigneesStoreTheGoodsMinutesAfterReceivingThem() {
        int storing = 0;
        for (final ShipmentScenario s : scenarios.values()) {
            final List<CustodyEvent> scans = scans(s.shipmentId());
            final List<CustodyEvent> stored = scans.stream().filter(e -> e.getBizStep().equals("storing")).toList();
            if (stored.isEmpty()) {
                continue;
            }
            storing++;
            final CustodyEvent receiving = s.deliveryScan();
            assertThat(stored).hasSize(1);
            final CustodyEvent store = stored.get(0);
            assertThat(store.getDisposition()).isEqualTo("active");
            assertThat(store.getBizLocation()).isEqualTo(receiving.getBizLocation());
            assertThat(store.getCustodian()).isEqualTo(receiving.getCustodian());
            assertThat(store.getEpcList()).isEqualTo(s.serials());
            assertThat(store.getEventTime() - receiving.getEventTime()).isBetween(5 * MINUTE, 14 * MINUTE);
        }
        assertThat(storing).isBetween(30, 70);
    }

    @Test
    void shouldMixLoggersOnTheReadingIntervalEveryTenMinutesAndIrregular() {
        int regular = 0;
        int everyTen = 0;
        int irregular = 0;
        for (final List<SimEvent> list : events.values()) {
            final List<Long> times = only(list, SimEvent.Temperature.class).stream().map(SimEvent::eventTime)
                    .distinct().sorted().toList();
            final Set<Long> steps = IntStream.range(1, times.size()).mapToObj(i -> times.get(i) - times.get(i - 1))
                    .collect(Collectors.toSet());
            assertThat(steps).allSatisfy(step -> assertThat(step).isBetween(MINUTE, 15 * MINUTE));
            if (steps.equals(Set.of(5 * MINUTE))) {
                regular++;
            } else if (steps.equals(Set.of(10 * MINUTE))) {
                everyTen++;
            } else {
                irregular++;
                assertThat(steps).hasSizeGreaterThan(3);
            }
        }
        assertThat(regular).isBetween(25, 55);
        assertThat(everyTen).isBetween(15, 45);
        assertThat(irregular).isBetween(15, 45);
    }

    @Test
    void shouldUploadAFewReadingsTwiceAndSomeLoggersInBatchesNewestFirstWithinTheGracePeriod() {
        final List<SimEvent> all = Fixtures.eventsOf(DEFAULTS);
        final Set<Object> seen = new HashSet<>();
        int copies = 0;
        int batched = 0;
        long streamTime = Long.MIN_VALUE;
        for (final SimEvent event : all) {
            if (event.kind() == SimEvent.Kind.SHIPMENT_PLAN) {
                continue;
            }
            if (!seen.add(event.record())) {
                copies++;
                assertThat(event.kind()).isEqualTo(SimEvent.Kind.TEMPERATURE_READING);
                continue;
            }
            if (event.arrivalTime() > event.eventTime()) {
                batched++;
                assertThat(event.kind()).isEqualTo(SimEvent.Kind.TEMPERATURE_READING);
                assertThat(event.arrivalTime() - event.eventTime()).isLessThanOrEqualTo(NetworkShaper.MAX_BATCH_HOLD);
            }
            // The streams application's temperature grace is 5 min.
            if (streamTime != Long.MIN_VALUE && event.kind() == SimEvent.Kind.TEMPERATURE_READING) {
                assertThat(streamTime - event.eventTime()).isLessThan(5 * MINUTE);
            }
            streamTime = Math.max(streamTime, event.eventTime());
        }
        final long readings = only(all, SimEvent.Temperature.class).size();
        assertThat(copies).isPositive().isLessThan((int) (readings / 50));
        assertThat(batched).isGreaterThan((int) (readings / 10));
        // Within a batch the newest reading goes first.
        events.values().forEach(list -> {
            final List<SimEvent.Temperature> late = only(list, SimEvent.Temperature.class).stream()
                    .filter(t -> t.arrivalTime() > t.eventTime()).toList();
            for (int i = 1; i < late.size(); i++) {
                if (late.get(i).arrivalTime() - late.get(i - 1).arrivalTime() < 1_000) {
                    assertThat(late.get(i).eventTime()).isLessThanOrEqualTo(late.get(i - 1).eventTime());
                }
            }
        });
    }

    @Test
    void shouldKeepTheClonedSerialsLabelOverTheGenuinePacksLastScanAndReuseAfterStoring() {
        final SimulationSettings cloned = Fixtures.every(IncidentType.CLONED_SERIAL, 12);
        final Map<String, List<SimEvent>> byShipment = Fixtures.byShipment(Fixtures.eventsOf(cloned));
        Simulation.labels(cloned).forEach(label -> assertThat(
                only(byShipment.get(label.relatedShipmentId()), SimEvent.Custody.class).stream()
                        .map(SimEvent.Custody::event).filter(e -> e.getEpcList().contains(label.serial())))
                .allSatisfy(e -> assertThat(e.getEventTime()).isLessThanOrEqualTo(label.end())));
        final SimulationSettings reused = Fixtures.every(IncidentType.REUSED_SERIAL, 12);
        final Map<String, List<SimEvent>> reuses = Fixtures.byShipment(Fixtures.eventsOf(reused));
        Simulation.labels(reused).forEach(label -> {
            final List<CustodyEvent> withSerial = only(reuses.get(label.shipmentId()), SimEvent.Custody.class).stream()
                    .map(SimEvent.Custody::event).filter(e -> e.getEpcList().contains(label.serial())).toList();
            final int dispensed = IntStream.range(0, withSerial.size())
                    .filter(i -> withSerial.get(i).getBizStep().equals("dispensing")).findFirst().orElseThrow();
            // After the dispensing only the reuse sees the serial, at the label's time.
            assertThat(withSerial.subList(dispensed + 1, withSerial.size())).singleElement()
                    .satisfies(e -> assertThat(e.getEventTime()).isEqualTo(label.start()));
        });
    }

    @Test
    void shouldProduceTheSameEventsAndLabelsForTheSameSeedAndLeaveTheTripsAlone() {
        final SimulationSettings settings = DEFAULTS.withShipments(20).withHubShare(0.5)
                .withIncidents(IncidentMix.all()).withRealism(Realism.preset());
        assertThat(Fixtures.eventsOf(settings)).isEqualTo(Fixtures.eventsOf(settings));
        assertThat(Simulation.labels(settings).toList()).isEqualTo(Simulation.labels(settings).toList());
        // The conventions change how a trip is recorded, not the trip.
        final SimulationSettings legacy = settings.withConventions(Conventions.legacy());
        final List<ShipmentScenario> now = Simulation.scenarios(settings).toList();
        final List<ShipmentScenario> before = Simulation.scenarios(legacy).toList();
        for (int i = 0; i < now.size(); i++) {
            assertThat(now.get(i).departure()).isEqualTo(before.get(i).departure());
            assertThat(now.get(i).plan().getRoute()).isEqualTo(before.get(i).plan().getRoute());
            assertThat(now.get(i).plan().getPlannedDeparture()).isEqualTo(before.get(i).plan().getPlannedDeparture());
            assertThat(now.get(i).incident().map(IncidentLabel::type))
                    .isEqualTo(before.get(i).incident().map(IncidentLabel::type));
        }
    }

    @Test
    void shouldKeepConfoundersSilentInShapeUnderTheConventions() {
        for (final IncidentType type : IncidentType.drawable()) {
            final List<IncidentLabel> labels = Simulation.labels(Fixtures.every(type, 8)).toList();
            assertThat(labels).as(type.name()).hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(l -> assertThat(l.confounder()).isEqualTo(type.confounder()));
        }
    }

    private static List<CustodyEvent> scans(final String shipmentId) {
        return only(events.get(shipmentId), SimEvent.Custody.class).stream().map(SimEvent.Custody::event).toList();
    }
}
