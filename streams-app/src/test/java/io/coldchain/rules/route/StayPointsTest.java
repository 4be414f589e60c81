package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StayPointsTest {

    private final StayPoints stayPoints = new StayPoints(RouteSettings.Stops.defaults());

    @Test
    void shouldAnchorAStayAtTheFirstFix() {
        final StayPoints.Step step = stayPoints.observe(null, point(0, 0), Place.OFF_ROUTE, -1);

        assertThat(step.stay().anchor()).isEqualTo(point(0, 0));
        assertThat(step.stay().place()).isEqualTo(Place.OFF_ROUTE);
        assertThat(step.stay().dwellMillis()).isZero();
        assertThat(step.ended()).isNull();
    }

    @Test
    void shouldAccumulateDwellWhileFixesStayWithinTheRadius() {
        StayState stay = stayPoints.observe(null, point(0, 0), Place.OFF_ROUTE, -1).stay();
        for (int minute = 1; minute <= 30; minute++) {
            stay = stayPoints.observe(stay, point(minute, minute % 2 == 0 ? 150 : -150), Place.ON_ROUTE, -1).stay();
        }

        assertThat(stay.dwellMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(stay.place()).as("the anchor's place").isEqualTo(Place.OFF_ROUTE);
    }

    @Test
    void shouldNotEndAStayOnASingleFixBeyondTheRadius() {
        StayState stay = stayPoints.observe(null, point(0, 0), Place.OFF_ROUTE, -1).stay();
        stay = stayPoints.observe(stay, point(20, 0), Place.OFF_ROUTE, -1).stay();

        final StayPoints.Step glitch = stayPoints.observe(stay, point(21, 900), Place.OFF_ROUTE, -1);
        final StayPoints.Step back = stayPoints.observe(glitch.stay(), point(22, 10), Place.OFF_ROUTE, -1);

        assertThat(glitch.ended()).isNull();
        assertThat(back.ended()).isNull();
        assertThat(back.stay().anchor()).isEqualTo(point(0, 0));
        assertThat(back.stay().dwellMillis()).isEqualTo(Duration.ofMinutes(22).toMillis());
    }

    @Test
    void shouldEndAStayAfterConsecutiveFixesBeyondTheRadiusAndAnchorANewOne() {
        StayState stay = stayPoints.observe(null, point(0, 0), Place.OFF_ROUTE, -1).stay();
        stay = stayPoints.observe(stay, point(20, 0), Place.OFF_ROUTE, -1).stay();
        stay = stayPoints.observe(stay, point(21, 1_500), Place.ON_ROUTE, -1).stay();

        final StayPoints.Step step = stayPoints.observe(stay, point(22, 3_000), Place.ON_ROUTE, -1);

        assertThat(step.ended().anchor()).isEqualTo(point(0, 0));
        assertThat(step.ended().dwellMillis()).isEqualTo(Duration.ofMinutes(20).toMillis());
        assertThat(step.stay().anchor()).isEqualTo(point(22, 3_000));
        assertThat(step.stay().place()).isEqualTo(Place.ON_ROUTE);
    }

    /** A point {@code eastMeters} east of 49°N 8°E at {@code minute} after departure. */
    private static TrackPoint point(final int minute, final double eastMeters) {
        final double[] p = GreatCircle.destination(49, 8, 90, eastMeters);
        return new TrackPoint(p[0], p[1], at(Duration.ofMinutes(minute)));
    }
}
