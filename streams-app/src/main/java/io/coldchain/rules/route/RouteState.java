package io.coldchain.rules.route;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the route rules keep per shipment between fixes: a few points and counters, never the track.
 * The route index is not part of it; it is rebuilt from the plan when needed.
 *
 * @param lastFix        the last accepted fix, or null
 * @param legHint        the route leg matched for it, or -1
 * @param speedTrail     the last fix dropped for impossible speed since then, or null
 * @param speedTrailFixes how many mutually consistent speed drops {@code speedTrail} ends
 * @param movingSpeedMps smoothed speed while moving, metres per second (0 = not measured yet)
 * @param speedBeforeStayMps {@code movingSpeedMps} before the current stay's anchor fix was counted; restored
 *                       once the stay is confirmed, so the fix pair that arrived at a stop never counts as moving
 * @param droppedFixes   fixes dropped so far, by reason
 * @param deviation      the corridor rule
 * @param stay           the current stay candidate, or null
 * @param progress       the no-progress rule, or null before the first fix
 * @param delay          the late-arrival rule
 * @param delivery       the open "delivered outside the destination" diversion, or null
 * @param arrived        a fix has been inside the destination area: the rules are done
 */
public record RouteState(TrackPoint lastFix, int legHint, TrackPoint speedTrail, int speedTrailFixes,
                         double movingSpeedMps, double speedBeforeStayMps, Map<DropReason, Long> droppedFixes,
                         DeviationState deviation, StayState stay, ProgressState progress, DelayState delay,
                         OpenAlert delivery, boolean arrived) {

    public RouteState {
        droppedFixes = droppedFixes == null || droppedFixes.isEmpty() ? Map.of() : new EnumMap<>(droppedFixes);
        deviation = deviation == null ? DeviationState.NONE : deviation;
        delay = delay == null ? DelayState.NONE : delay;
    }

    static final RouteState INITIAL = new RouteState(null, -1, null, 0, 0, 0, Map.of(), DeviationState.NONE, null, null,
            DelayState.NONE, null, false);

    RouteState withDrop(final DropReason reason, final TrackPoint trail, final int trailFixes) {
        final Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        counts.putAll(droppedFixes);
        counts.merge(reason, 1L, Long::sum);
        return new RouteState(lastFix, legHint, trail, trailFixes, movingSpeedMps, speedBeforeStayMps, counts,
                deviation, stay, progress, delay, delivery, arrived);
    }

    /**
     * The corridor rule.
     *
     * @param episode     confirm-and-clear state
     * @param lastInside  the latest fix inside the corridor, with its along-route position; where an
     *                    excursion leaves the route
     * @param lastInsideAlongMeters along-route position of {@code lastInside}, metres
     * @param exit        where the current excursion left the route (its last fix inside), or null
     * @param exitAlongMeters along-route position of {@code exit}, metres
     * @param peak        the fix farthest from the route in the current excursion, or null
     * @param peakMeters  its distance from the route, metres
     * @param escalated   the open alert has been raised to HIGH
     */
    public record DeviationState(Episode episode, TrackPoint lastInside, double lastInsideAlongMeters, TrackPoint exit,
                                 double exitAlongMeters, TrackPoint peak, double peakMeters, boolean escalated) {

        static final DeviationState NONE = new DeviationState(Episode.IDLE, null, 0, null, 0, null, 0, false);
    }

    /**
     * The no-progress rule: the remaining distance (along the route from the nearest route point, plus
     * the distance to it) must keep shrinking while the vehicle moves.
     *
     * @param markMeters    remaining distance at the last progress
     * @param markMillis    event time of the last progress
     * @param stalledMillis time spent moving since then
     * @param alertId       id of the open DIVERSION, or null
     */
    public record ProgressState(double markMeters, long markMillis, long stalledMillis, String alertId) {
    }

    /**
     * The late-arrival rule.
     *
     * @param episode            confirm-and-clear state
     * @param reportedLateMillis projected lateness last reported (OPEN or UPDATED), milliseconds
     */
    public record DelayState(Episode episode, long reportedLateMillis) {

        static final DelayState NONE = new DelayState(Episode.IDLE, 0);
    }

    /**
     * An open alert with nothing more to track than where and since when.
     *
     * @param alertId    the episode id
     * @param since      where and when the episode started
     */
    public record OpenAlert(String alertId, TrackPoint since) {
    }
}
