package io.coldchain.contract.validation;

/**
 * Why a record was refused at the door. The tag names the reason in the dead-letter header
 * {@code coldchain.dlq.reason} and in the metric {@code invalid-records-total{reason=…}}.
 */
public enum Reason {
    /** No record key: the record cannot be matched with a shipment. */
    MISSING_KEY("missing-key"),
    /** Event time before {@link EventTimeWindow#earliest()}. */
    EVENT_TIME_TOO_EARLY("event-time-too-early"),
    /** Event time further ahead of the wall clock than {@link EventTimeWindow#maxAhead()}. */
    EVENT_TIME_IN_FUTURE("event-time-in-future"),
    /** NaN or ±Infinity where a measurement is expected. */
    NOT_FINITE("not-finite"),
    /** A value no sensor can report (temperature outside −100..+100 °C, latitude beyond ±90, negative accuracy…). */
    OUT_OF_RANGE("out-of-range"),
    /** Latitude and longitude both 0: a tracker without a fix. */
    NULL_ISLAND("null-island"),
    /** An identifier longer than any real one (and the record, with it, close to the size limits). */
    OVERSIZED_FIELD("oversized-field"),
    /** A plan whose route cannot be followed: fewer than 2 waypoints, bad coordinates or corridor, or corridor overrides out of range. */
    ROUTE_UNUSABLE("route-unusable"),
    /** A plan with no inline profile and a profile name that is unknown (or missing), or an unusable inline profile. */
    PROFILE_UNUSABLE("profile-unusable"),
    /** A plan whose origin or destination area is unusable (bad centre, radius). */
    AREA_UNUSABLE("area-unusable"),
    /** A plan whose planned times cannot be (arrival before departure, before 2000). */
    PLAN_TIMES_INCONSISTENT("plan-times-inconsistent"),
    /** A required id or name that is empty or blank (an acknowledgement without alert id or author). */
    MISSING_FIELD("missing-field"),
    /** A record keyed by another shipment than the one it names: it would be judged in the wrong partition. */
    KEY_MISMATCH("key-mismatch");

    private final String tag;

    Reason(final String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
