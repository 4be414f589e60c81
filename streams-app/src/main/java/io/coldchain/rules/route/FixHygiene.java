package io.coldchain.rules.route;

import io.coldchain.domain.LocationFix;

/**
 * GPS hygiene: decides whether a fix is fit for the route rules.
 *
 * <p>Checks, in order: coordinates in range, not (0, 0), accuracy good enough, strictly later than the
 * last accepted fix, and a plausible implied speed from it. The speed check alone would let one bad
 * accepted fix poison every later one, so fixes dropped for speed are remembered as a trail: when
 * {@code reanchorFixes} of them in a row agree with each other, the last accepted fix was the
 * outlier and the latest one is accepted as a new anchor.
 */
public final class FixHygiene {

    private final RouteSettings.Hygiene settings;

    public FixHygiene(final RouteSettings.Hygiene settings) {
        this.settings = settings;
    }

    /**
     * @param last       the last accepted fix, or null
     * @param trail      the last fix dropped for speed since then, or null
     * @param trailFixes how many consistent speed drops {@code trail} ends
     */
    public Verdict check(final LocationFix fix, final TrackPoint last, final TrackPoint trail, final int trailFixes) {
        final double lat = fix.lat();
        final double lon = fix.lon();
        if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
            return Verdict.drop(DropReason.OUT_OF_RANGE, trail, trailFixes);
        }
        if (lat == 0 && lon == 0) {
            return Verdict.drop(DropReason.ZERO_POSITION, trail, trailFixes);
        }
        final Double accuracy = fix.accuracyMeters();
        if (accuracy != null && !(accuracy >= 0 && accuracy <= settings.maxAccuracyMeters())) {
            return Verdict.drop(DropReason.POOR_ACCURACY, trail, trailFixes);
        }
        if (last == null) {
            return Verdict.ACCEPTED;
        }
        final TrackPoint here = new TrackPoint(lat, lon, fix.eventTime());
        if (here.timeMillis() == last.timeMillis()) {
            return Verdict.drop(DropReason.DUPLICATE_TIMESTAMP, trail, trailFixes);
        }
        if (here.timeMillis() < last.timeMillis()) {
            return Verdict.drop(DropReason.OUT_OF_ORDER, trail, trailFixes);
        }
        if (here.kmhFrom(last) <= settings.maxSpeedKmh()) {
            return Verdict.ACCEPTED;
        }
        final boolean continuesTrail = trail != null && here.timeMillis() > trail.timeMillis()
                && here.kmhFrom(trail) <= settings.maxSpeedKmh();
        final int fixes = continuesTrail ? trailFixes + 1 : 1;
        if (fixes >= settings.reanchorFixes()) {
            return Verdict.REANCHORED;
        }
        return Verdict.drop(DropReason.IMPOSSIBLE_SPEED, here, fixes);
    }

    /**
     * @param dropReason why the fix was dropped, or null if accepted
     * @param reanchored accepted as a new anchor: the last accepted fix is not a valid predecessor
     * @param trail      the speed-drop trail to remember (null clears it)
     * @param trailFixes its length
     */
    public record Verdict(DropReason dropReason, boolean reanchored, TrackPoint trail, int trailFixes) {

        static final Verdict ACCEPTED = new Verdict(null, false, null, 0);
        static final Verdict REANCHORED = new Verdict(null, true, null, 0);

        static Verdict drop(final DropReason reason, final TrackPoint trail, final int trailFixes) {
            return new Verdict(reason, false, trail, trailFixes);
        }

        public boolean accepted() {
            return dropReason == null;
        }
    }
}
