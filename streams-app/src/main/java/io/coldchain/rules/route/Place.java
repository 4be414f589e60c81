package io.coldchain.rules.route;

/** What kind of place a position is, as far as the plan tells. */
public enum Place {
    /** Inside the origin area. */
    ORIGIN,
    /** Inside the destination area. */
    DESTINATION,
    /** Inside a planned stop's area. */
    PLANNED_STOP,
    /** Elsewhere, inside the corridor. */
    ON_ROUTE,
    /** Elsewhere, outside the corridor. */
    OFF_ROUTE;

    /** A place the plan does not foresee stopping at. */
    public boolean unplanned() {
        return this == ON_ROUTE || this == OFF_ROUTE;
    }
}
