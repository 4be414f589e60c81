package io.coldchain.rules.route;

/**
 * Stay-point detection on a stream of accepted fixes (after Li et al., 2008, made incremental): a
 * stay is a run of fixes within a radius of its first fix (the anchor). A stay ends only after
 * {@code departureFixes} consecutive fixes beyond the radius, so a single noisy fix neither ends a
 * long stop nor starts a new one. Keeps only the anchor and a few counters.
 */
public final class StayPoints {

    private final RouteSettings.Stops settings;

    public StayPoints(final RouteSettings.Stops settings) {
        this.settings = settings;
    }

    /**
     * @param stay  the current stay, or null before the first fix
     * @param fix   the next accepted fix
     * @param place what the plan says about the fix's position, used if it becomes a new anchor
     * @param plannedStop index of the planned stop the fix is in, or -1
     */
    public Step observe(final StayState stay, final TrackPoint fix, final Place place, final int plannedStop) {
        if (stay == null) {
            return new Step(StayState.anchoredAt(fix, place, plannedStop), null);
        }
        if (stay.anchor().metersTo(fix) <= settings.radiusMeters()) {
            return new Step(new StayState(stay.anchor(), stay.place(), stay.plannedStop(), fix.timeMillis(), 0,
                    stay.alertId(), stay.alertType()), null);
        }
        if (stay.awayFixes() + 1 < settings.departureFixes()) {
            return new Step(new StayState(stay.anchor(), stay.place(), stay.plannedStop(), stay.lastMillis(),
                    stay.awayFixes() + 1, stay.alertId(), stay.alertType()), null);
        }
        return new Step(StayState.anchoredAt(fix, place, plannedStop), stay);
    }

    /**
     * @param stay  the stay after the fix (a new anchor when one ended)
     * @param ended the stay the fix ended, or null
     */
    public record Step(StayState stay, StayState ended) {
    }
}
