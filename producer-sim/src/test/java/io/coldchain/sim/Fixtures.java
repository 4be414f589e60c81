package io.coldchain.sim;

import io.coldchain.schemas.GeoPoint;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.model.LatLon;
import io.coldchain.sim.model.ShipmentScenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test data: fixed-start settings and helpers to look at the events they produce. */
public final class Fixtures {

    public static final Instant START = Instant.parse("2025-03-03T06:00:00Z");

    private Fixtures() {
    }

    /**
     * The defaults (5 shipments, seed 42, 5 min readings, 1 min fixes, 0.25 warm) at a fixed start, without hub
     * stops and with the legacy {@link Conventions}: most tests pin down the direct trip and its timing, which the
     * conventions leave alone; {@code HubStopTest} looks at hub stops, {@code ConventionsTest} at the conventions.
     */
    public static SimulationSettings settings() {
        return current().withConventions(Conventions.legacy());
    }

    /** The defaults at a fixed start, without hub stops, with the default {@link Conventions}. */
    public static SimulationSettings current() {
        return SimulationSettings.defaults(START).withHubShare(0);
    }

    /**
     * {@code shipments} shipments that all get {@code type} (where it fits), no warm spells, a perfect network,
     * recorded by the default conventions: incidents must stay what they are whoever records them.
     */
    public static SimulationSettings every(final IncidentType type, final int shipments) {
        return current().withShipments(shipments).withWarmFraction(0)
                .withIncidents(IncidentMix.none().withRate(type, 1.0));
    }

    /** The scenarios of {@code settings} that got an incident or confounder, by shipment id. */
    public static Map<String, ShipmentScenario> injected(final SimulationSettings settings) {
        return Simulation.scenarios(settings).filter(s -> s.incident().isPresent())
                .collect(Collectors.toMap(ShipmentScenario::shipmentId, s -> s));
    }

    public static List<SimEvent> eventsOf(final SimulationSettings settings) {
        return Simulation.events(settings).toList();
    }

    public static Map<String, List<SimEvent>> byShipment(final List<SimEvent> events) {
        return events.stream().collect(Collectors.groupingBy(SimEvent::shipmentId));
    }

    public static <T extends SimEvent> List<T> only(final List<SimEvent> events, final Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public static LatLon latLon(final GeoPoint p) {
        return new LatLon(p.getLat(), p.getLon());
    }

    /**
     * Distance in metres from {@code p} to a polyline of great-circle legs, written independently of the
     * code under test from the cross-track / along-track formulas (R = 6371 km), clamping to the leg ends.
     */
    public static double distanceToRouteMeters(final LatLon p, final List<LatLon> route) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i + 1 < route.size(); i++) {
            best = Math.min(best, distanceToLeg(p, route.get(i), route.get(i + 1)));
        }
        return route.size() == 1 ? haversine(p, route.get(0)) : best;
    }

    private static double distanceToLeg(final LatLon p, final LatLon a, final LatLon b) {
        final double r = 6_371_000;
        final double dAp = haversine(a, p) / r;
        final double legLength = haversine(a, b);
        final double dXt = Math.asin(Math.sin(dAp) * Math.sin(bearing(a, p) - bearing(a, b)));
        final double dAt = Math.acos(Math.max(-1, Math.min(1, Math.cos(dAp) / Math.cos(dXt)))) * r;
        if (Math.cos(bearing(a, p) - bearing(a, b)) < 0 || dAt > legLength) {
            return Math.min(haversine(p, a), haversine(p, b));
        }
        return Math.abs(dXt) * r;
    }

    private static double bearing(final LatLon from, final LatLon to) {
        final double phi1 = Math.toRadians(from.lat());
        final double phi2 = Math.toRadians(to.lat());
        final double dLambda = Math.toRadians(to.lon() - from.lon());
        return Math.atan2(Math.sin(dLambda) * Math.cos(phi2),
                Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda));
    }

    public static double haversine(final LatLon a, final LatLon b) {
        final double phi1 = Math.toRadians(a.lat());
        final double phi2 = Math.toRadians(b.lat());
        final double h = Math.pow(Math.sin((phi2 - phi1) / 2), 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(Math.toRadians(b.lon() - a.lon()) / 2), 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
    }
}
