package io.coldchain.sim.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.TemperatureReading;
import io.coldchain.sim.Fixtures;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.Injection;
import io.coldchain.sim.model.ShipmentScenario;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Imperfect devices and networks: what reaches the broker when, and what stays within the grace periods. */
class RealismTest {

    /** The streams application's reorder grace periods (TemperatureSettings, RouteSettings defaults). */
    private static final long TEMPERATURE_GRACE = Duration.ofMinutes(5).toMillis();
    private static final long ROUTE_GRACE = Duration.ofMinutes(2).toMillis();

    private final SimulationSettings realistic = Fixtures.settings().withShipments(40)
            .withIncidents(IncidentMix.all()).withRealism(Realism.preset().withLateBatchRate(0.3));

    @Test
    void shouldDeliverEverythingAtItsEventTimeOnAPerfectNetwork() {
        final List<SimEvent> events = Fixtures.eventsOf(Fixtures.settings().withShipments(10));
        assertThat(events).allSatisfy(e -> assertThat(e.arrivalTime()).isEqualTo(e.eventTime()));
    }

    @Test
    void shouldHandEventsOnInArrivalOrder() {
        final List<SimEvent> events = Fixtures.eventsOf(realistic);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).arrivalTime()).isGreaterThanOrEqualTo(events.get(i - 1).arrivalTime());
        }
        assertThat(events).anySatisfy(e -> assertThat(e.arrivalTime()).isGreaterThan(e.eventTime()));
    }

    @Test
    void shouldKeepEveryRecordWithinTheGracePeriodsButTheLateBatches() {
        final Map<String, ShipmentScenario> scenarios = new HashMap<>();
        Simulation.scenarios(realistic).forEach(s -> scenarios.put(s.shipmentId(), s));
        // Stream time of a partition is at most the largest event time that reached the broker before a record.
        long streamTime = Long.MIN_VALUE;
        int lateBatched = 0;
        final Set<Object> seen = new HashSet<>();
        for (final SimEvent event : Fixtures.eventsOf(realistic)) {
            final ShipmentScenario.Connectivity connectivity = scenarios.get(event.shipmentId()).connectivity();
            final boolean inGap = switch (event.kind()) {
                case TEMPERATURE_READING -> within(connectivity.loggerGap(), event, connectivity.loggerSkewMillis());
                case LOCATION_FIX -> within(connectivity.trackerGap(), event, 0);
                default -> false;
            };
            // A redelivered copy may come after the grace period: the original was there in time.
            final boolean copy = !seen.add(event.record());
            final long behind = streamTime == Long.MIN_VALUE ? 0 : streamTime - event.eventTime();
            if (inGap) {
                lateBatched++;
            } else if (!copy && event.kind() == SimEvent.Kind.TEMPERATURE_READING) {
                assertThat(behind).as("reading of %s", event.shipmentId()).isLessThan(TEMPERATURE_GRACE);
            } else if (!copy && event.kind() == SimEvent.Kind.LOCATION_FIX) {
                assertThat(behind).as("fix of %s", event.shipmentId()).isLessThan(ROUTE_GRACE);
            }
            if (event.kind() != SimEvent.Kind.SHIPMENT_PLAN) {
                streamTime = Math.max(streamTime, event.eventTime());
            }
        }
        assertThat(lateBatched).isPositive();
    }

    @Test
    void shouldSkewLoggerClocksWithinTheBound() {
        final Map<String, Long> skew = new HashMap<>();
        Simulation.scenarios(realistic).forEach(s -> skew.put(s.shipmentId(), s.connectivity().loggerSkewMillis()));
        assertThat(skew.values()).allSatisfy(s -> assertThat(Math.abs(s)).isLessThanOrEqualTo(45_000L));
        assertThat(skew.values().stream().distinct()).hasSizeGreaterThan(10);
        Fixtures.only(Fixtures.eventsOf(realistic), SimEvent.Temperature.class).forEach(t -> {
            final TemperatureReading reading = t.reading();
            // The reading was made at its arrival on a perfect network, or earlier; the logger stamped it off by the skew.
            assertThat(reading.getEventTime() - skew.get(reading.getShipmentId())).isLessThanOrEqualTo(t.arrivalTime());
        });
    }

    @Test
    void shouldPlaceConnectivityGapsClearOfIncidentsAndShortEnoughForTheMissingDataRule() {
        Simulation.scenarios(realistic).forEach(s -> {
            for (final Injection.Window gap : new Injection.Window[] {s.connectivity().loggerGap(), s.connectivity().trackerGap()}) {
                if (gap == null) {
                    continue;
                }
                assertThat(gap.to() - gap.from()).isBetween(Duration.ofMinutes(5).toMillis(), Duration.ofMinutes(23).toMillis());
                s.incident().ifPresent(label -> assertThat(gap.overlaps(label.start(), label.end())).isFalse());
                assertThat(gap.from()).isGreaterThanOrEqualTo(s.departure() + Duration.ofMinutes(15).toMillis());
            }
        });
        assertThat(Simulation.scenarios(realistic).filter(s -> s.connectivity().loggerGap() != null)).isNotEmpty();
    }

    @Test
    void shouldRedeliverExactCopies() {
        final SimulationSettings duplicated = Fixtures.settings().withShipments(10)
                .withRealism(Realism.none().withDuplicateRate(0.05));
        final List<SimEvent> events = Fixtures.eventsOf(duplicated);
        final long distinct = events.stream().map(SimEvent::record).distinct().count();
        assertThat(events.size() - distinct).isGreaterThan(events.size() / 40);
        assertThat(Fixtures.only(events, SimEvent.Custody.class).stream().filter(SimEvent.Custody::isDelivery))
                .hasSize(10);
    }

    @Test
    void shouldGenerateTheSameEventsAndLabelsTwice() {
        assertThat(Fixtures.eventsOf(realistic)).isEqualTo(Fixtures.eventsOf(realistic));
        assertThat(Simulation.labels(realistic).toList()).isEqualTo(Simulation.labels(realistic).toList());
    }

    @Test
    void shouldLeaveTheShipmentsThemselvesAloneWhenRealismIsOn() {
        final SimulationSettings perfect = realistic.withRealism(Realism.none());
        assertThat(Simulation.scenarios(realistic).map(ShipmentScenario::plan).toList())
                .isEqualTo(Simulation.scenarios(perfect).map(ShipmentScenario::plan).toList());
        assertThat(Simulation.labels(realistic).toList()).isEqualTo(Simulation.labels(perfect).toList());
    }

    private static boolean within(final Injection.Window gap, final SimEvent event, final long skew) {
        return gap != null && gap.contains(event.eventTime() - skew);
    }

}
