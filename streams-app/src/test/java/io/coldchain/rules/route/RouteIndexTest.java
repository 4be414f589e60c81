package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.A5;
import static io.coldchain.rules.route.RouteFixtures.alongRoute;
import static io.coldchain.rules.route.RouteFixtures.offRoute;
import static io.coldchain.rules.route.RouteFixtures.point;
import static io.coldchain.rules.route.RouteFixtures.routeMeters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.domain.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteIndexTest {

    private static final double CORRIDOR = 2_000;

    @Test
    void shouldMeasureTheRouteLengthAsTheSumOfItsLegs() {
        assertThat(RouteIndex.of(A5).totalMeters()).isCloseTo(routeMeters(), within(0.01));
    }

    @Test
    void shouldFindTheSameNearestPointAsAFullScanOnA5000WaypointRoute() {
        final RouteIndex index = RouteIndex.of(densified(5_000));
        final Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            final double lat = 47 + random.nextDouble() * 4;
            final double lon = 6.5 + random.nextDouble() * 3;

            final RouteMatch exact = index.nearestByFullScan(lat, lon);
            final RouteMatch indexed = index.nearest(lat, lon);

            assertThat(indexed.distanceMeters()).isCloseTo(exact.distanceMeters(), within(1e-6));
            assertThat(indexed.alongMeters()).isCloseTo(exact.alongMeters(), within(1e-3));
        }
    }

    @Test
    void shouldPlaceAPointOnTheRouteAtItsDistanceAlongTheRoute() {
        final RouteIndex index = RouteIndex.of(A5);

        final GeoPoint km150 = alongRoute(150);
        final RouteMatch match = index.nearest(km150.lat(), km150.lon());

        assertThat(match.distanceMeters()).isLessThan(0.01);
        assertThat(match.alongMeters()).isCloseTo(150_000, within(0.5));
    }

    @Test
    void shouldTrackAVehicleAlongADenseRouteFromTheLastMatchedLeg() {
        final RouteIndex index = RouteIndex.of(densified(5_000));
        int hint = -1;
        double lastAlong = -1;
        for (double km = 0; km < routeMeters() / 1_000; km += 1.5) {
            final GeoPoint p = offRoute(km, 150);
            final RouteMatch tracked = index.locate(p.lat(), p.lon(), hint, CORRIDOR);

            assertThat(tracked.distanceMeters()).isCloseTo(index.nearestByFullScan(p.lat(), p.lon())
                    .distanceMeters(), within(1.0));
            assertThat(tracked.alongMeters()).isGreaterThan(lastAlong);
            hint = tracked.leg();
            lastAlong = tracked.alongMeters();
        }
    }

    @Test
    void shouldCatchUpAfterALongGapWithoutFixes() {
        final RouteIndex index = RouteIndex.of(densified(5_000));
        final GeoPoint start = alongRoute(10);
        final int hint = index.locate(start.lat(), start.lon(), -1, CORRIDOR).leg();

        final GeoPoint later = alongRoute(200);
        final RouteMatch match = index.locate(later.lat(), later.lon(), hint, CORRIDOR);

        assertThat(match.distanceMeters()).isLessThan(1.0);
        assertThat(match.alongMeters()).as("about 200 km; the resampled route cuts the A5's corners")
                .isCloseTo(index.nearestByFullScan(later.lat(), later.lon()).alongMeters(), within(1e-3))
                .isCloseTo(200_000, within(100.0));
    }

    @Test
    void shouldGiveTheExactDistanceForAFixOutsideTheCorridorWhateverTheHint() {
        final RouteIndex index = RouteIndex.of(A5);
        final GeoPoint detour = offRoute(125, 30_000);

        final RouteMatch fromWrongHint = index.locate(detour.lat(), detour.lon(), 0, CORRIDOR);

        assertThat(fromWrongHint.distanceMeters())
                .isCloseTo(index.nearestByFullScan(detour.lat(), detour.lon()).distanceMeters(), within(1e-6));
        assertThat(fromWrongHint.distanceMeters()).isCloseTo(30_000, within(300.0));
    }

    @Test
    void shouldCopeWithRepeatedWaypointsAndASinglePointRoute() {
        final RouteIndex repeated = RouteIndex.of(List.of(point(48, 8), point(48, 8), point(49, 8)));
        final RouteIndex single = RouteIndex.of(List.of(point(48, 8)));

        assertThat(repeated.nearest(48.5, 8).distanceMeters()).isLessThan(0.01);
        assertThat(repeated.totalMeters()).isCloseTo(GreatCircle.distanceMeters(48, 8, 49, 8), within(0.01));
        assertThat(single.nearest(48, 8.01).distanceMeters())
                .isCloseTo(GreatCircle.distanceMeters(48, 8, 48, 8.01), within(0.01));
    }

    /** The A5 route resampled to {@code points} waypoints (about 60 m apart for 5 000). */
    static List<GeoPoint> densified(final int points) {
        final double km = routeMeters() / 1_000;
        final List<GeoPoint> waypoints = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            waypoints.add(alongRoute(km * i / (points - 1)));
        }
        return waypoints;
    }
}
