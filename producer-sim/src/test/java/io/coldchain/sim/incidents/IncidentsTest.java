package io.coldchain.sim.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.sim.Fixtures;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.model.Gs1;
import io.coldchain.sim.model.LatLon;
import io.coldchain.sim.model.ShipmentScenario;
import io.coldchain.sim.network.NetworkShaper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Each incident and confounder, injected into every shipment of a small fleet, looked at in the events:
 * incidents well beyond the detectors' thresholds (2..8 °C band, 15 °C and 0 °C instant rules, 60 min of
 * silence, a 2 km corridor for 3 fixes and 5 min, stops of 10 min off the route), confounders well within.
 */
class IncidentsTest {

    private static final long MINUTE = 60_000;
    private static final int SHIPMENTS = 8;

    @Test
    void shouldWarmUpAFailedReeferOutOfTheBandUntilDelivery() {
        forEach(IncidentType.REEFER_FAILURE, (shipment, label) -> {
            assertThat(label.expectedAlertTypes()).containsExactly(AlertType.TEMPERATURE_EXCURSION);
            assertThat(label.end()).isEqualTo(shipment.scenario.delivery());
            assertThat(shipment.readingsBetween(Long.MIN_VALUE, label.start())).allSatisfy(t -> assertThat(t).isBetween(2.0, 8.0));
            final List<Double> after = shipment.readingsBetween(label.start() + 30 * MINUTE, Long.MAX_VALUE);
            assertThat(after).isNotEmpty().allSatisfy(t -> assertThat(t).isGreaterThan(8.5));
            assertThat(label.start()).isGreaterThanOrEqualTo(shipment.scenario.departure() + 20 * MINUTE);
        });
    }

    @Test
    void shouldSpikeToFifteenDegreesOrMoreWhileTheDoorIsOpenThenComeBack() {
        forEach(IncidentType.DOOR_OPEN, (shipment, label) -> {
            final List<Double> during = shipment.readingsBetween(label.start(), label.end());
            assertThat(during).anySatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(16.0));
            assertThat(during.stream().filter(t -> t > 8).count()).isGreaterThanOrEqualTo(3);
            shipment.assertInBandOutside(label);
        });
    }

    @Test
    void shouldFreezeBelowZeroThenComeBack() {
        forEach(IncidentType.FREEZING, (shipment, label) -> {
            final List<Double> during = shipment.readingsBetween(label.start(), label.end());
            assertThat(during.stream().filter(t -> t <= -0.5).count()).isGreaterThanOrEqualTo(2);
            shipment.assertInBandOutside(label);
        });
    }

    @Test
    void shouldSilenceTheLoggerForGoodLongBeforeDelivery() {
        forEach(IncidentType.SILENT_LOGGER, (shipment, label) -> {
            assertThat(shipment.readings()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getEventTime()).isLessThan(label.start()));
            assertThat(label.end() - label.start()).isGreaterThanOrEqualTo(85 * MINUTE);
            assertThat(label.expectedAlertTypes()).containsExactly(AlertType.SENSOR_SILENT);
            assertThat(shipment.fixes().get(shipment.fixes().size() - 1).getEventTime())
                    .isGreaterThan(label.start() + 60 * MINUTE);
        });
    }

    @Test
    void shouldTakeADetourFarOutsideTheCorridorAndComeBack() {
        forEach(IncidentType.DETOUR, (shipment, label) -> {
            final List<LocationFix> outside = shipment.fixes().stream()
                    .filter(f -> shipment.offRouteMeters(f) > 2_500).toList();
            assertThat(outside).hasSizeGreaterThanOrEqualTo(15)
                    .allSatisfy(f -> assertThat(f.getEventTime()).isBetween(label.start(), label.end()));
            assertThat(outside.stream().mapToDouble(shipment::offRouteMeters).max().orElseThrow()).isGreaterThan(7_500);
            assertThat(outside.get(outside.size() - 1).getEventTime() - outside.get(0).getEventTime())
                    .isGreaterThanOrEqualTo(15 * MINUTE);
            shipment.assertOnRouteOutside(label);
            shipment.assertPlausibleSpeeds();
        });
    }

    @Test
    void shouldStopOffTheRouteLongEnoughForAnUnscheduledStop() {
        forEach(IncidentType.THEFT_STOP, (shipment, label) -> {
            assertThat(label.sideEffectAlertTypes()).contains(AlertType.ROUTE_DEVIATION);
            final long dwell = shipment.longestStayMillis(200);
            assertThat(dwell).isBetween(25 * MINUTE, 56 * MINUTE);
            assertThat(shipment.fixes().stream().mapToDouble(shipment::offRouteMeters).max().orElseThrow())
                    .isGreaterThan(3_800);
            shipment.assertOnRouteOutside(label);
            shipment.assertPlausibleSpeeds();
        });
    }

    @Test
    void shouldStopInTrafficOnTheRouteForLessThanTheOnRouteRule() {
        forEach(IncidentType.TRAFFIC_STOP, (shipment, label) -> {
            assertThat(label.confounder()).isTrue();
            assertThat(label.expectedAlertTypes()).isEmpty();
            assertThat(shipment.longestStayMillis(200)).isBetween(4 * MINUTE, 16 * MINUTE);
            assertThat(shipment.fixes()).allSatisfy(f -> assertThat(shipment.offRouteMeters(f)).isLessThan(200.0));
        });
    }

    @Test
    void shouldDeliverToAWrongSiteFarFromTheDestination() {
        forEach(IncidentType.WRONG_DESTINATION, (shipment, label) -> {
            final CustodyEvent delivery = shipment.delivery();
            final ShipmentPlan plan = shipment.plan();
            assertThat(delivery.getBizLocation().getGln()).isNotEqualTo(plan.getDestination().getGln());
            final LatLon site = Fixtures.latLon(delivery.getBizLocation().getCenter());
            assertThat(Fixtures.haversine(site, Fixtures.latLon(plan.getDestination().getCenter())))
                    .isBetween(14_000.0, 36_000.0);
            final LocationFix last = shipment.fixes().get(shipment.fixes().size() - 1);
            assertThat(Fixtures.haversine(new LatLon(last.getLat(), last.getLon()), site)).isLessThan(200.0);
            assertThat(delivery.getCustodian()).isEqualTo(plan.getExpectedCustodians().get(2));
            assertThat(label.end()).isEqualTo(delivery.getEventTime());
            // Nobody says it is over: the devices report a few more minutes at the wrong site, then stop.
            assertThat(Fixtures.only(shipment.events, SimEvent.Plan.class))
                    .noneMatch(p -> p.plan().getStatus() == ShipmentStatus.DELIVERED);
            assertThat(last.getEventTime()).isGreaterThan(delivery.getEventTime());
            shipment.assertPlausibleSpeeds();
        });
    }

    @Test
    void shouldScanACloneOfANeighboursPackWithItsLotAndExpiry() {
        final SimulationSettings settings = Fixtures.every(IncidentType.CLONED_SERIAL, SHIPMENTS);
        final Map<String, List<SimEvent>> events = Fixtures.byShipment(Fixtures.eventsOf(settings));
        forEach(settings, (shipment, label) -> {
            final ShipmentPlan source = Shipment.of(events.get(label.relatedShipmentId())).plan();
            assertThat(label.serial()).isEqualTo(source.getSerials().get(0));
            assertThat(shipment.plan().getSerials()).doesNotContain(label.serial());
            final List<CustodyEvent> clones = shipment.scans().stream()
                    .filter(s -> s.getEpcList().equals(List.of(label.serial()))).toList();
            assertThat(clones).hasSize(2);
            assertThat(clones).allSatisfy(c -> {
                assertThat(c.getLot()).isEqualTo(source.getProduct().getLot());
                assertThat(c.getExpiryDate()).isEqualTo(source.getProduct().getExpiryDate());
            });
            assertThat(clones.get(0).getBizLocation()).isEqualTo(shipment.plan().getOrigin());
            assertThat(clones.get(1).getBizLocation()).isEqualTo(shipment.plan().getDestination());
            assertThat(label.start()).isEqualTo(clones.get(0).getEventTime());
            assertThat(label.end()).isGreaterThanOrEqualTo(clones.get(1).getEventTime());
            assertThat(clones).extracting(CustodyEvent::getEventId).doesNotHaveDuplicates()
                    .doesNotContain(shipment.pickup().getEventId(), shipment.delivery().getEventId());
        });
    }

    @Test
    void shouldDispenseAPackAndReceiveItsSerialAgain() {
        forEach(IncidentType.REUSED_SERIAL, (shipment, label) -> {
            final List<CustodyEvent> ofSerial = shipment.scans().stream()
                    .filter(s -> s.getEpcList().equals(List.of(label.serial()))).toList();
            assertThat(ofSerial).extracting(CustodyEvent::getBizStep).containsExactly("dispensing", "receiving");
            assertThat(ofSerial.get(0).getDisposition()).isEqualTo("dispensed");
            assertThat(ofSerial.get(0).getEventTime()).isGreaterThan(shipment.delivery().getEventTime());
            assertThat(label.start()).isEqualTo(ofSerial.get(1).getEventTime()).isEqualTo(label.end());
            assertThat(ofSerial).allSatisfy(s -> assertThat(s.getBizLocation()).isEqualTo(shipment.plan().getDestination()));
        });
    }

    @Test
    void shouldReadAnUndeclaredButWellFormedPackAtDelivery() {
        final SimulationSettings settings = Fixtures.every(IncidentType.UNKNOWN_SERIAL, SHIPMENTS);
        final Set<String> declared = new HashSet<>();
        Simulation.scenarios(settings).forEach(s -> declared.addAll(s.serials()));
        forEach(settings, (shipment, label) -> {
            assertThat(declared).doesNotContain(label.serial());
            assertThat(shipment.delivery().getEpcList()).contains(label.serial());
            assertThat(Gs1.hasValidCheckDigit(label.serial().substring(0, 14))).isTrue();
            assertThat(label.start()).isEqualTo(shipment.delivery().getEventTime());
        });
    }

    @Test
    void shouldHandTheGoodsToAPartyThePlanDoesNotList() {
        forEach(IncidentType.UNEXPECTED_CUSTODIAN, (shipment, label) -> {
            final Party receiver = shipment.delivery().getCustodian();
            assertThat(shipment.plan().getExpectedCustodians()).doesNotContain(receiver);
            assertThat(Gs1.hasValidCheckDigit(receiver.getGln())).isTrue();
            assertThat(shipment.delivery().getBizLocation()).isEqualTo(shipment.plan().getDestination());
        });
    }

    @Test
    void shouldPlaceSingleGpsOutliersFarApart() {
        forEach(IncidentType.GPS_OUTLIER, (shipment, label) -> {
            final List<LocationFix> fixes = shipment.fixes();
            final List<Integer> off = new ArrayList<>();
            for (int i = 0; i < fixes.size(); i++) {
                if (shipment.offRouteMeters(fixes.get(i)) > 250) {
                    off.add(i);
                }
            }
            assertThat(off).hasSizeBetween(1, 3);
            for (int i = 1; i < off.size(); i++) {
                assertThat(off.get(i) - off.get(i - 1)).isGreaterThanOrEqualTo(10);
            }
            assertThat(fixes.get(off.get(0)).getEventTime()).isEqualTo(label.start());
            assertThat(fixes.get(off.get(0)).getAccuracyMeters()).isBetween(3.0, 15.0);
        });
    }

    @Test
    void shouldWarmTheLoggerOnlyWithinItsAcclimatisation() {
        forEach(IncidentType.SHORT_SPIKE, (shipment, label) -> {
            final List<TemperatureReading> readings = shipment.readings();
            final long first = readings.get(0).getEventTime();
            assertThat(readings.get(0).getTemperatureCelsius()).isGreaterThan(9.5);
            assertThat(readings).filteredOn(r -> r.getTemperatureCelsius() > 8)
                    .allSatisfy(r -> assertThat(r.getEventTime() - first).isLessThan(9 * MINUTE));
        });
    }

    @Test
    void shouldRedeliverTheCustodyScansAndSomeTelemetryUnchanged() {
        forEach(IncidentType.REDELIVERED_EVENTS, (shipment, label) -> {
            final List<SimEvent.Custody> scans = Fixtures.only(shipment.events, SimEvent.Custody.class);
            final long distinct = scans.stream().map(SimEvent.Custody::event).distinct().count();
            // Pickup and delivery at least; the consignee's storing scan too, for some.
            assertThat(distinct).isBetween(2L, 3L);
            assertThat(scans).hasSize(2 * (int) distinct);
            assertThat(scans.stream().filter(SimEvent.Custody::isDelivery)).hasSize(1);
            final long copies = shipment.events.size() - shipment.events.stream().map(SimEvent::record).distinct().count();
            assertThat(copies).isGreaterThan(2);
            // A batch-uploading logger's copy may follow its batch.
            assertThat(shipment.events).allSatisfy(e -> assertThat(e.arrivalTime() - e.eventTime())
                    .isBetween(0L, Duration.ofMinutes(10).toMillis() + NetworkShaper.MAX_BATCH_HOLD));
        });
    }

    @Test
    void shouldHoldAFewRecordsBackWithinTheGracePeriods() {
        forEach(IncidentType.LATE_WITHIN_GRACE, (shipment, label) -> {
            // The original of each record; a duplicate reading's copy may come later.
            final Set<Object> seen = new HashSet<>();
            final List<SimEvent> late = shipment.events.stream().filter(e -> seen.add(e.record()))
                    .filter(e -> e.arrivalTime() > e.eventTime()).toList();
            assertThat(late).isNotEmpty().allSatisfy(e -> {
                final long delay = e.arrivalTime() - e.eventTime();
                if (e.kind() == SimEvent.Kind.TEMPERATURE_READING) {
                    assertThat(delay).isBetween(1L, 3 * MINUTE);
                } else {
                    assertThat(e.kind()).isEqualTo(SimEvent.Kind.LOCATION_FIX);
                    assertThat(delay).isBetween(1L, MINUTE);
                }
            });
            assertThat(late).anyMatch(e -> e.kind() == SimEvent.Kind.TEMPERATURE_READING)
                    .anyMatch(e -> e.kind() == SimEvent.Kind.LOCATION_FIX);
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static void forEach(final IncidentType type, final BiConsumer<Shipment, IncidentLabel> check) {
        forEach(Fixtures.every(type, SHIPMENTS), check);
    }

    private static void forEach(final SimulationSettings settings, final BiConsumer<Shipment, IncidentLabel> check) {
        final Map<String, ShipmentScenario> injected = Fixtures.injected(settings);
        assertThat(injected).as("shipments that got the incident").hasSizeGreaterThanOrEqualTo(SHIPMENTS - 2);
        final Map<String, List<SimEvent>> events = Fixtures.byShipment(Fixtures.eventsOf(settings));
        injected.forEach((id, scenario) -> {
            final Shipment shipment = Shipment.of(events.get(id));
            shipment.scenario = scenario;
            check.accept(shipment, scenario.incident().orElseThrow());
        });
    }

    /** One shipment's events and ways to look at them. */
    static final class Shipment {
        final List<SimEvent> events;
        ShipmentScenario scenario;

        private Shipment(final List<SimEvent> events) {
            this.events = events;
        }

        static Shipment of(final List<SimEvent> events) {
            return new Shipment(events);
        }

        ShipmentPlan plan() {
            return Fixtures.only(events, SimEvent.Plan.class).get(0).plan();
        }

        List<TemperatureReading> readings() {
            return Fixtures.only(events, SimEvent.Temperature.class).stream().map(SimEvent.Temperature::reading).toList();
        }

        List<LocationFix> fixes() {
            return Fixtures.only(events, SimEvent.Location.class).stream().map(SimEvent.Location::fix).toList();
        }

        List<CustodyEvent> scans() {
            return Fixtures.only(events, SimEvent.Custody.class).stream().map(SimEvent.Custody::event).toList();
        }

        CustodyEvent pickup() {
            return scans().stream().filter(s -> s.getBizStep().equals("shipping")).findFirst().orElseThrow();
        }

        CustodyEvent delivery() {
            return Fixtures.only(events, SimEvent.Custody.class).stream().filter(SimEvent.Custody::isDelivery)
                    .findFirst().orElseThrow().event();
        }

        List<Double> readingsBetween(final long from, final long to) {
            return readings().stream().filter(r -> r.getEventTime() >= from && r.getEventTime() < to)
                    .map(TemperatureReading::getTemperatureCelsius).toList();
        }

        void assertInBandOutside(final IncidentLabel label) {
            assertThat(readings()).filteredOn(r -> r.getEventTime() < label.start() || r.getEventTime() >= label.end())
                    .allSatisfy(r -> assertThat(r.getTemperatureCelsius()).isBetween(2.0, 8.0));
        }

        double offRouteMeters(final LocationFix fix) {
            final List<LatLon> route = plan().getRoute().getWaypoints().stream().map(Fixtures::latLon).toList();
            return Fixtures.distanceToRouteMeters(new LatLon(fix.getLat(), fix.getLon()), route);
        }

        void assertOnRouteOutside(final IncidentLabel label) {
            assertThat(fixes()).filteredOn(f -> f.getEventTime() < label.start() || f.getEventTime() > label.end())
                    .allSatisfy(f -> assertThat(offRouteMeters(f)).isLessThan(200.0));
        }

        /** Longest run of fixes within {@code radius} of the run's first fix. */
        long longestStayMillis(final double radius) {
            final List<LocationFix> fixes = fixes();
            long longest = 0;
            int anchor = 0;
            for (int i = 1; i < fixes.size(); i++) {
                if (distance(fixes.get(anchor), fixes.get(i)) > radius) {
                    anchor = i;
                } else {
                    longest = Math.max(longest, fixes.get(i).getEventTime() - fixes.get(anchor).getEventTime());
                }
            }
            return longest;
        }

        /** Implied speeds between consecutive fixes stay those of a truck (GPS noise aside). */
        void assertPlausibleSpeeds() {
            final List<LocationFix> fixes = fixes();
            for (int i = 1; i < fixes.size(); i++) {
                final double hours = (fixes.get(i).getEventTime() - fixes.get(i - 1).getEventTime()) / 3_600_000.0;
                assertThat(distance(fixes.get(i - 1), fixes.get(i)) / 1000 / hours).isLessThan(130.0);
                assertThat(fixes.get(i).getSpeedKmh()).isLessThan(130.0);
            }
        }

        private static double distance(final LocationFix a, final LocationFix b) {
            return Fixtures.haversine(new LatLon(a.getLat(), a.getLon()), new LatLon(b.getLat(), b.getLon()));
        }
    }
}
