package io.coldchain.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GeoPoints}: a list of positions as coordinates, the same list as the objects it was made from. */
class GeoPointsTest {

    @Test
    void shouldGiveBackEveryPositionBitForBitAndBeEqualToTheListItWasMadeFrom() {
        final Random random = new Random(20261204L);
        final List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            points.add(new GeoPoint(random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180));
        }
        points.addAll(List.of(new GeoPoint(-0.0, 0.0), new GeoPoint(Double.NaN, -180), new GeoPoint(90, Double.MIN_VALUE)));

        final List<GeoPoint> packed = GeoPoints.copyOf(points);

        assertThat(packed).isInstanceOf(GeoPoints.class).hasSize(points.size());
        for (int i = 0; i < points.size(); i++) {
            assertThat(Double.doubleToRawLongBits(packed.get(i).lat()))
                    .isEqualTo(Double.doubleToRawLongBits(points.get(i).lat()));
            assertThat(Double.doubleToRawLongBits(packed.get(i).lon()))
                    .isEqualTo(Double.doubleToRawLongBits(points.get(i).lon()));
        }
        assertThat(packed).isEqualTo(points).isEqualTo(List.copyOf(points));
        assertThat(List.copyOf(points)).isEqualTo(packed);
        assertThat(packed.hashCode()).isEqualTo(List.copyOf(points).hashCode());
        assertThat(packed.toString()).isEqualTo(List.copyOf(points).toString());
        assertThat(packed.subList(3, 7)).isEqualTo(points.subList(3, 7));
        assertThat(packed.indexOf(new GeoPoint(-0.0, 0.0))).isEqualTo(500);
        assertThat(packed).isNotEqualTo(points.subList(0, points.size() - 1));
        assertThat(GeoPoints.copyOf(packed)).as("already packed: the same list").isSameAs(packed);
        // Two packed lists compare their coordinates as the records compare doubles: NaN equals NaN, -0.0 not 0.0.
        assertThat(GeoPoints.copyOf(new ArrayList<>(points))).isEqualTo(packed).hasSameHashCodeAs(packed);
        assertThat(GeoPoints.copyOf(List.of(new GeoPoint(-0.0, 0.0))))
                .isNotEqualTo(GeoPoints.copyOf(List.of(new GeoPoint(0.0, 0.0))))
                .isEqualTo(List.of(new GeoPoint(-0.0, 0.0)));
        assertThat(GeoPoints.copyOf(List.of(new GeoPoint(Double.NaN, 1))))
                .isEqualTo(GeoPoints.copyOf(List.of(new GeoPoint(Double.NaN, 1))));
        assertThat(GeoPoints.copyOf(List.of())).isEmpty();
    }

    @Test
    void shouldRefuseNullsAndChangesAsListCopyOfDoes() {
        assertThatThrownBy(() -> GeoPoints.copyOf(Arrays.asList(new GeoPoint(1, 2), null)))
                .isInstanceOf(NullPointerException.class);
        final List<GeoPoint> packed = GeoPoints.copyOf(List.of(new GeoPoint(1, 2), new GeoPoint(3, 4)));
        assertThatThrownBy(() -> packed.add(new GeoPoint(5, 6))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> packed.set(0, new GeoPoint(5, 6))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> packed.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> packed.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> packed.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldKeepARoutesWaypointsAsCoordinatesAndItsEqualityUnchanged() {
        final List<GeoPoint> waypoints = List.of(new GeoPoint(47.5596, 7.5886), new GeoPoint(50.1109, 8.6821));
        final Route route = new Route(new ArrayList<>(waypoints), 2_000);

        assertThat(route.waypoints()).isInstanceOf(GeoPoints.class);
        assertThat(route).isEqualTo(new Route(waypoints, 2_000)).hasSameHashCodeAs(new Route(waypoints, 2_000));
        assertThat(new Route(route.waypoints(), 2_000).waypoints()).isSameAs(route.waypoints());
    }
}
