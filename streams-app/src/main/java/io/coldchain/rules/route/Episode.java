package io.coldchain.rules.route;

import io.coldchain.rules.AlertIds;

/**
 * The confirm-and-clear state machine of a condition that must persist before it is reported and
 * must be gone for a while before it is resolved, so it never flaps.
 *
 * <pre>
 * IDLE ──violating──► PENDING ──N fixes and T elapsed──► ACTIVE (OPEN)
 *   ▲                   │ not violating                    │ not violating     ▲ violating
 *   └───────────────────┘                                  ▼                   │
 *   └──────────── clear time elapsed (RESOLVED) ────── CLEARING ───────────────┘
 * </pre>
 *
 * The episode starts at its first violating fix: that event time names the alert id, so a replay
 * yields the same id.
 *
 * @param phase         where the machine is
 * @param sinceMillis   event time of the first violating fix of the episode (PENDING and later)
 * @param fixes         violating fixes counted while PENDING
 * @param clearingSince event time of the first non-violating fix while CLEARING
 * @param alertId       id of the episode once ACTIVE
 */
public record Episode(Phase phase, long sinceMillis, int fixes, long clearingSince, String alertId) {

    /** States of the machine. */
    public enum Phase { IDLE, PENDING, ACTIVE, CLEARING }

    /** What one observation did. */
    public enum Transition { NONE, STARTED, DISCARDED, OPENED, RESOLVED }

    public static final Episode IDLE = new Episode(Phase.IDLE, 0, 0, 0, null);

    /** ACTIVE or CLEARING: an alert is open. */
    public boolean open() {
        return phase == Phase.ACTIVE || phase == Phase.CLEARING;
    }

    /** Feeds one valid observation, in event-time order. */
    public Step observe(final long time, final boolean violating, final RouteSettings.Confirmation rule,
                        final String shipmentId, final String ruleId) {
        return switch (phase) {
            case IDLE -> violating ? confirm(new Episode(Phase.PENDING, time, 1, 0, null), time, rule, shipmentId,
                    ruleId, Transition.STARTED) : new Step(this, Transition.NONE);
            case PENDING -> violating
                    ? confirm(new Episode(Phase.PENDING, sinceMillis, fixes + 1, 0, null), time, rule, shipmentId,
                            ruleId, Transition.NONE)
                    : new Step(IDLE, Transition.DISCARDED);
            case ACTIVE -> violating ? new Step(this, Transition.NONE)
                    : clear(new Episode(Phase.CLEARING, sinceMillis, fixes, time, alertId), time, rule);
            case CLEARING -> violating ? new Step(new Episode(Phase.ACTIVE, sinceMillis, fixes, 0, alertId), Transition.NONE)
                    : clear(this, time, rule);
        };
    }

    private static Step confirm(final Episode pending, final long time, final RouteSettings.Confirmation rule,
                                final String shipmentId, final String ruleId, final Transition otherwise) {
        if (pending.fixes >= rule.minFixes() && time - pending.sinceMillis >= rule.minDuration().toMillis()) {
            return new Step(new Episode(Phase.ACTIVE, pending.sinceMillis, pending.fixes, 0,
                    AlertIds.episode(shipmentId, ruleId, pending.sinceMillis)), Transition.OPENED);
        }
        return new Step(pending, otherwise);
    }

    private static Step clear(final Episode clearing, final long time, final RouteSettings.Confirmation rule) {
        return time - clearing.clearingSince >= rule.clearDuration().toMillis()
                ? new Step(IDLE, Transition.RESOLVED) : new Step(clearing, Transition.NONE);
    }

    /** The machine after an observation, and what changed. */
    public record Step(Episode episode, Transition transition) {
    }
}
