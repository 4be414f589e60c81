package io.coldchain.rules.route;

import java.util.Locale;

/** Why a fix was dropped before any route rule saw it. */
public enum DropReason {
    /** Latitude or longitude not a number or outside -90..90 / -180..180. */
    OUT_OF_RANGE,
    /** Exactly (0, 0): the "null island" a tracker reports when it has no position. */
    ZERO_POSITION,
    /** Reported accuracy radius worse than the limit, or negative / not a number. */
    POOR_ACCURACY,
    /** Same event time as the last accepted fix. */
    DUPLICATE_TIMESTAMP,
    /** Older than the last accepted fix (after the reorder buffer, only after a quiet-stream release). */
    OUT_OF_ORDER,
    /** Implies a move faster than any vehicle makes from the last accepted fix. */
    IMPOSSIBLE_SPEED;

    /** The kebab-case name used as a metric tag, e.g. {@code impossible-speed}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
