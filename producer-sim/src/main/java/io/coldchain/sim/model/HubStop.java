package io.coldchain.sim.model;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.PlannedStop;
import java.util.ArrayList;
import java.util.List;

/**
 * A cross-dock stop of a road shipment at a hub city on the way: the truck drives there, the hub operator
 * receives the packs, holds them 20..40 min (recording storing, by the default {@link Conventions}) and ships them
 * on. The plan lists the hub as a planned stop and its operator as a custodian between the carrier and the
 * consignee.
 *
 * <p>Also the rule that keeps everything else clear of the dwell: incidents, confounders and connectivity gaps
 * stay {@link #CLEARANCE} away from it, so the stop stays clean and they stay detectable.
 *
 * @param city the hub city
 */
public record HubStop(City city) {

    static final long MINUTE = 60_000L;
    /** Dwell at the hub, drawn uniformly. */
    static final long MIN_DWELL_MILLIS = 20 * MINUTE;
    static final long MAX_DWELL_MILLIS = 40 * MINUTE;
    /** What the planner allows for the dwell when it sets the planned arrival. */
    static final long PLANNED_DWELL_MILLIS = MAX_DWELL_MILLIS;
    /** Longest dwell the plan allows at the hub; longer raises PROLONGED_STOP. */
    static final long PLANNED_MAX_DWELL_MILLIS = 90 * MINUTE;
    /** Radius of the hub's area. */
    static final double AREA_RADIUS_METERS = 500;
    /** A hub is on the way when going through it is at most this much longer than going straight. */
    static final double MAX_DETOUR_RATIO = 1.15;
    /** ... and it lies at least this fraction of the direct distance from either end. */
    static final double MIN_END_FRACTION = 0.2;
    /** Incidents, confounders and connectivity gaps keep this far from the dwell. */
    public static final long CLEARANCE = 15 * MINUTE;

    /**
     * The hubs on the way from {@code from} to {@code to}: catalogue cities of the same road network, neither end,
     * with {@code d(from, hub) + d(hub, to) <= 1.15 d(from, to)} and at least 20 % of {@code d(from, to)} from each
     * end; in catalogue order.
     */
    static List<City> candidates(final City from, final City to) {
        final double direct = Geo.distanceMeters(from.position(), to.position());
        final List<City> hubs = new ArrayList<>();
        for (final City city : Hubs.cities()) {
            if (city.equals(from) || city.equals(to) || !city.roadNetwork().equals(from.roadNetwork())) {
                continue;
            }
            final double in = Geo.distanceMeters(from.position(), city.position());
            final double out = Geo.distanceMeters(city.position(), to.position());
            if (in + out <= MAX_DETOUR_RATIO * direct && in >= MIN_END_FRACTION * direct
                    && out >= MIN_END_FRACTION * direct) {
                hubs.add(city);
            }
        }
        return hubs;
    }

    /** The cross-dock's running number: the city's place in the catalogue, from 1. */
    private int number() {
        return Hubs.cities().indexOf(city) + 1;
    }

    /** GLN of the cross-dock, for both its site and its operator: the depot's GS1 prefix, company 4245. */
    String gln() {
        return Gs1.withCheckDigit(city.depotGln().substring(0, 3) + "4245" + String.format("%05d", number()));
    }

    String name() {
        return city.name() + " Cross-Dock";
    }

    Area area() {
        return new Area(name(), gln(), new GeoPoint(city.position().lat(), city.position().lon()), AREA_RADIUS_METERS);
    }

    Party operator() {
        return new Party(gln(), name());
    }

    PlannedStop plannedStop() {
        return new PlannedStop(area(), PLANNED_MAX_DWELL_MILLIS);
    }

    /** Whether {@code [from, to]} keeps {@link #CLEARANCE} away from the stop of {@code trajectory} (if it has one). */
    public static boolean clear(final Trajectory trajectory, final long from, final long to) {
        return !trajectory.hasStop() || to + CLEARANCE <= trajectory.stopArrival()
                || from >= trajectory.stopDeparture() + CLEARANCE;
    }

    /**
     * The start at {@code position} (0..1) among the starts in {@code [earliest, latest]} whose span
     * {@code [start, start + span]} keeps clear of the trajectory's stop; without a stop exactly
     * {@code earliest + position * (latest - earliest)}. {@link Long#MIN_VALUE} if no start keeps clear.
     */
    public static long place(final Trajectory trajectory, final long earliest, final long latest, final double position,
                      final long span) {
        if (!trajectory.hasStop()) {
            return earliest + (long) (position * (latest - earliest));
        }
        final long beforeEnd = Math.min(latest, trajectory.stopArrival() - CLEARANCE - span);
        final long afterStart = Math.max(earliest, trajectory.stopDeparture() + CLEARANCE);
        final long before = beforeEnd >= earliest ? beforeEnd - earliest : -1;
        final long after = latest >= afterStart ? latest - afterStart : -1;
        if (before < 0 && after < 0) {
            return Long.MIN_VALUE;
        }
        final long total = Math.max(0, before) + Math.max(0, after);
        final long pick = (long) (position * total);
        if (before >= 0 && (pick <= before || after < 0)) {
            return earliest + Math.min(pick, before);
        }
        return afterStart + Math.max(0, pick - Math.max(0, before));
    }
}
