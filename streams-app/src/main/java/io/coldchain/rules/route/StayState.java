package io.coldchain.rules.route;

import io.coldchain.domain.AlertType;

/**
 * The current stay candidate: fixes within the stay radius of an anchor fix.
 *
 * @param anchor       the first fix of the stay
 * @param place        what the plan says about the anchor's position
 * @param plannedStop  index of the planned stop when {@code place} is PLANNED_STOP, else -1
 * @param lastMillis   event time of the latest fix within the radius
 * @param awayFixes    consecutive fixes beyond the radius since then (fewer than ends a stay)
 * @param alertId      id of the stop alert this stay raised, or null
 * @param alertType    UNSCHEDULED_STOP or PROLONGED_STOP when {@code alertId} is set
 */
public record StayState(TrackPoint anchor, Place place, int plannedStop, long lastMillis, int awayFixes,
                        String alertId, AlertType alertType) {

    static StayState anchoredAt(final TrackPoint fix, final Place place, final int plannedStop) {
        return new StayState(fix, place, plannedStop, fix.timeMillis(), 0, null, null);
    }

    /** How long the vehicle has been within the radius, milliseconds. */
    public long dwellMillis() {
        return lastMillis - anchor.timeMillis();
    }

    StayState withAlert(final String id, final AlertType type) {
        return new StayState(anchor, place, plannedStop, lastMillis, awayFixes, id, type);
    }
}
