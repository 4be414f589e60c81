package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.at;
import static io.coldchain.rules.route.RouteFixtures.fix;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.domain.LocationFix;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixHygieneTest {

    private final FixHygiene hygiene = new FixHygiene(RouteSettings.Hygiene.defaults());
    private final TrackPoint last = new TrackPoint(48.0, 7.8, at(Duration.ofMinutes(10)));

    @Test
    void shouldAcceptAPlausibleFix() {
        final FixHygiene.Verdict verdict = hygiene.check(fixAt(11, 48.01, 7.8, 5.0), last, null, 0);

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.reanchored()).isFalse();
    }

    @Test
    void shouldAcceptTheFirstFixWithoutSpeedOrOrderChecks() {
        assertThat(hygiene.check(fixAt(0, 50.0, 8.0, null), null, null, 0).accepted()).isTrue();
    }

    @Test
    void shouldDropNullIsland() {
        assertThat(reason(fixAt(11, 0.0, 0.0, 5.0))).isEqualTo(DropReason.ZERO_POSITION);
    }

    @Test
    void shouldDropOutOfRangeAndNotANumberCoordinates() {
        assertThat(reason(fixAt(11, 91.0, 7.8, 5.0))).isEqualTo(DropReason.OUT_OF_RANGE);
        assertThat(reason(fixAt(11, 48.0, -180.5, 5.0))).isEqualTo(DropReason.OUT_OF_RANGE);
        assertThat(reason(fixAt(11, Double.NaN, 7.8, 5.0))).isEqualTo(DropReason.OUT_OF_RANGE);
    }

    @Test
    void shouldDropPoorOrNonsensicalAccuracyButKeepFixesWithoutOne() {
        assertThat(reason(fixAt(11, 48.01, 7.8, 150.0))).isEqualTo(DropReason.POOR_ACCURACY);
        assertThat(reason(fixAt(11, 48.01, 7.8, -1.0))).isEqualTo(DropReason.POOR_ACCURACY);
        assertThat(hygiene.check(fixAt(11, 48.01, 7.8, null), last, null, 0).accepted()).isTrue();
        assertThat(hygiene.check(fixAt(11, 48.01, 7.8, 100.0), last, null, 0).accepted()).isTrue();
    }

    @Test
    void shouldDropDuplicateTimestampsAndFixesOlderThanTheLastAccepted() {
        assertThat(reason(fixAt(10, 48.001, 7.8, 5.0))).isEqualTo(DropReason.DUPLICATE_TIMESTAMP);
        assertThat(reason(fixAt(9, 48.001, 7.8, 5.0))).isEqualTo(DropReason.OUT_OF_ORDER);
    }

    @Test
    void shouldDropAFixImplyingAnImpossibleSpeed() {
        // 50 km in one minute: 3 000 km/h.
        final FixHygiene.Verdict verdict = hygiene.check(fixAt(11, 48.45, 7.8, 2.0), last, null, 0);

        assertThat(verdict.dropReason()).isEqualTo(DropReason.IMPOSSIBLE_SPEED);
        assertThat(verdict.trailFixes()).isEqualTo(1);
    }

    @Test
    void shouldReplaceAnOutlierAnchorOnceSeveralConsistentFixesDisagreeWithIt() {
        // The last accepted fix was the outlier; the truck is really 50 km north, moving slowly.
        FixHygiene.Verdict verdict = hygiene.check(fixAt(11, 48.45, 7.8, 5.0), last, null, 0);
        verdict = hygiene.check(fixAt(12, 48.451, 7.8, 5.0), last, verdict.trail(), verdict.trailFixes());
        assertThat(verdict.dropReason()).isEqualTo(DropReason.IMPOSSIBLE_SPEED);
        assertThat(verdict.trailFixes()).isEqualTo(2);

        verdict = hygiene.check(fixAt(13, 48.452, 7.8, 5.0), last, verdict.trail(), verdict.trailFixes());

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.reanchored()).isTrue();
    }

    @Test
    void shouldNotReanchorOnOutliersThatDisagreeWithEachOther() {
        FixHygiene.Verdict verdict = hygiene.check(fixAt(11, 48.45, 7.8, 5.0), last, null, 0);
        verdict = hygiene.check(fixAt(12, 47.5, 7.8, 5.0), last, verdict.trail(), verdict.trailFixes());
        verdict = hygiene.check(fixAt(13, 48.45, 8.5, 5.0), last, verdict.trail(), verdict.trailFixes());

        assertThat(verdict.dropReason()).isEqualTo(DropReason.IMPOSSIBLE_SPEED);
        assertThat(verdict.trailFixes()).isEqualTo(1);
    }

    @Test
    void shouldNameDropReasonsInKebabCaseForMetricTags() {
        assertThat(DropReason.IMPOSSIBLE_SPEED.tag()).isEqualTo("impossible-speed");
        assertThat(DropReason.ZERO_POSITION.tag()).isEqualTo("zero-position");
    }

    private DropReason reason(final LocationFix fix) {
        return hygiene.check(fix, last, null, 0).dropReason();
    }

    private static LocationFix fixAt(final int minute, final double lat, final double lon, final Double accuracy) {
        return fix("SHP-H", at(Duration.ofMinutes(minute)), lat, lon, accuracy);
    }
}
