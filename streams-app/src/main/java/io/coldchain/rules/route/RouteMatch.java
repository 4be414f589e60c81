package io.coldchain.rules.route;

/**
 * Where a fix lies relative to the planned route.
 *
 * @param leg            index of the matched leg (0 = first leg)
 * @param distanceMeters distance from the fix to the route: cross-track distance to the leg, or the
 *                       distance to the leg's nearer end point when the foot of the perpendicular
 *                       falls outside the leg
 * @param alongMeters    distance along the route from its start to the matched point, metres
 */
public record RouteMatch(int leg, double distanceMeters, double alongMeters) {
}
