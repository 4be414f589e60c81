package io.coldchain.contract.validation;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.route.Overrides;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureProfile;
import java.util.List;

/**
 * The door for shipment plans: a plan is accepted only if the shipment can be monitored with it, that is
 * a route of at least two legal waypoints and a positive corridor, a temperature profile (inline, or a name
 * {@link TemperatureProfiles} knows), usable origin and destination areas, planned arrival after departure,
 * detection overrides in range ({@link Overrides#problem}) and a plausible {@code issuedAt}. A keyed tombstone
 * is always accepted (it closes the shipment); so is a CLOSED plan with a key and a plausible time, whatever
 * else it carries, since it only releases the shipment.
 */
public final class ShipmentPlanValidator {

    private final EventTimeWindow window;
    private final TemperatureProfiles profiles;

    public ShipmentPlanValidator(final EventTimeWindow window, final TemperatureProfiles profiles) {
        this.window = window;
        this.profiles = profiles;
    }

    public EventTimeWindow window() {
        return window;
    }

    /**
     * @param plan the plan, or {@code null} for a tombstone
     * @param now  the wall clock at processing, epoch ms
     */
    public Validation check(final String key, final ShipmentPlan plan, final long now) {
        final Validation missingKey = Checks.key(key, "shipment plan");
        if (missingKey != null || plan == null) {
            return missingKey == null ? Validation.ok() : missingKey;
        }
        final Validation basic = Checks.first(
                Checks.id(plan.getShipmentId(), "shipmentId"),
                plan.getIssuedAt() == null ? null : window.check(plan.getIssuedAt(), now, "issuedAt"));
        if (!basic.valid() || plan.getStatus() == ShipmentStatus.CLOSED) {
            return basic;
        }
        return Checks.first(route(plan.getRoute()), profile(plan), area(plan.getOrigin(), "origin"),
                area(plan.getDestination(), "destination"), times(plan), overrides(plan));
    }

    private static Validation overrides(final ShipmentPlan plan) {
        final String problem = Overrides.problem(Contracts.toDomain(plan.getDetectionOverrides()));
        return problem == null ? null : Validation.invalid(Reason.ROUTE_UNUSABLE, problem);
    }

    private static Validation route(final Route route) {
        final List<GeoPoint> waypoints = route.getWaypoints();
        if (waypoints.size() < 2) {
            return Validation.invalid(Reason.ROUTE_UNUSABLE, "route has " + waypoints.size()
                    + " waypoint(s); a route needs at least 2");
        }
        for (int i = 0; i < waypoints.size(); i++) {
            final GeoPoint point = waypoints.get(i);
            final Validation position = Checks.position(point.getLat(), point.getLon(), "waypoint " + i);
            if (position != null) {
                return Validation.invalid(Reason.ROUTE_UNUSABLE, position.detail());
            }
        }
        final double halfWidth = route.getCorridorHalfWidthMeters();
        if (!Double.isFinite(halfWidth) || halfWidth <= 0) {
            return Validation.invalid(Reason.ROUTE_UNUSABLE, "corridorHalfWidthMeters is " + halfWidth
                    + "; it must be a positive number of metres");
        }
        return null;
    }

    private Validation profile(final ShipmentPlan plan) {
        final TemperatureProfile inline = plan.getProfile();
        if (inline == null) {
            if (plan.getProfileName() == null) {
                return Validation.invalid(Reason.PROFILE_UNUSABLE, "no inline profile and no profileName");
            }
            return profiles.byName(plan.getProfileName()).isPresent() ? null
                    : Validation.invalid(Reason.PROFILE_UNUSABLE, "unknown profileName '" + plan.getProfileName()
                    + "' and no inline profile; known: " + profiles.names());
        }
        final double min = inline.getMinCelsius();
        final double max = inline.getMaxCelsius();
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            return Validation.invalid(Reason.PROFILE_UNUSABLE, "inline profile '" + inline.getName() + "' has the band "
                    + min + ".." + max);
        }
        if (inline.getMaxReadingGapMillis() <= 0 || inline.getMaxSilenceMillis() <= 0
                || inline.getStabilityBudgetMillis() < 0) {
            return Validation.invalid(Reason.PROFILE_UNUSABLE, "inline profile '" + inline.getName()
                    + "' has a non-positive reading gap or silence limit, or a negative stability budget");
        }
        return null;
    }

    private static Validation area(final Area area, final String what) {
        final Validation centre = Checks.position(area.getCenter().getLat(), area.getCenter().getLon(),
                what + " centre");
        if (centre != null) {
            return Validation.invalid(Reason.AREA_UNUSABLE, centre.detail());
        }
        final double radius = area.getRadiusMeters();
        if (!Double.isFinite(radius) || radius <= 0) {
            return Validation.invalid(Reason.AREA_UNUSABLE, what + " radiusMeters is " + radius
                    + "; it must be a positive number of metres");
        }
        return null;
    }

    private Validation times(final ShipmentPlan plan) {
        final long earliest = window.earliest().toEpochMilli();
        if (plan.getPlannedDeparture() < earliest || plan.getPlannedArrival() < earliest) {
            return Validation.invalid(Reason.PLAN_TIMES_INCONSISTENT, "plannedDeparture " + plan.getPlannedDeparture()
                    + " or plannedArrival " + plan.getPlannedArrival() + " is before " + window.earliest());
        }
        if (plan.getPlannedArrival() < plan.getPlannedDeparture()) {
            return Validation.invalid(Reason.PLAN_TIMES_INCONSISTENT, "plannedArrival " + plan.getPlannedArrival()
                    + " is before plannedDeparture " + plan.getPlannedDeparture());
        }
        return null;
    }
}
