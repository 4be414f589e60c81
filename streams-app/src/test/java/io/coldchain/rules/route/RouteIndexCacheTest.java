package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.domain.Route;
import io.coldchain.domain.ShipmentPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteIndexCacheTest {

    @Test
    void shouldReuseTheIndexForTheSamePlanObjectAndForAnEqualPlanDeserializedAfresh() {
        final RouteIndexCache cache = new RouteIndexCache(100_000);
        final ShipmentPlan plan = plan("SHP-1").build();
        final ShipmentPlan copy = plan.toBuilder().build();

        final RouteIndex first = cache.forPlan(plan);

        assertThat(cache.forPlan(plan)).isSameAs(first);
        assertThat(cache.forPlan(copy)).isSameAs(first);
        assertThat(cache.builds()).isEqualTo(1);
    }

    @Test
    void shouldRebuildWhenTheRouteChanges() {
        final RouteIndexCache cache = new RouteIndexCache(100_000);
        final ShipmentPlan plan = plan("SHP-1").build();
        final ShipmentPlan replanned = withWaypoints(plan, RouteIndexTest.densified(100));

        final RouteIndex first = cache.forPlan(plan);
        final RouteIndex second = cache.forPlan(replanned);

        assertThat(second).isNotSameAs(first);
        assertThat(second.waypoints()).isEqualTo(100);
        assertThat(cache.builds()).isEqualTo(2);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedRoutesBeyondItsWaypointBudget() {
        final RouteIndexCache cache = new RouteIndexCache(250);
        final ShipmentPlan a = withWaypoints(plan("SHP-A").build(), RouteIndexTest.densified(100));
        final ShipmentPlan b = withWaypoints(plan("SHP-B").build(), RouteIndexTest.densified(100));
        final ShipmentPlan c = withWaypoints(plan("SHP-C").build(), RouteIndexTest.densified(100));
        cache.forPlan(a);
        cache.forPlan(b);
        cache.forPlan(a);

        cache.forPlan(c);
        cache.forPlan(a);
        cache.forPlan(b);

        assertThat(cache.builds()).as("b evicted when c came, a kept as recently used").isEqualTo(4);
    }

    @Test
    void shouldUseOriginToDestinationWhenThePlanHasNoRoute() {
        final RouteIndexCache cache = new RouteIndexCache(100);

        final RouteIndex index = cache.forPlan(withWaypoints(plan("SHP-1").build(), List.of()));

        assertThat(index.waypoints()).isEqualTo(2);
        assertThat(index.totalMeters()).isCloseTo(GreatCircle.distanceMeters(47.5596, 7.5886, 50.1109, 8.6821),
                org.assertj.core.api.Assertions.within(0.01));
    }

    private static ShipmentPlan withWaypoints(final ShipmentPlan plan, final List<io.coldchain.domain.GeoPoint> points) {
        return plan.toBuilder().route(new Route(points, plan.route().corridorHalfWidthMeters())).build();
    }
}
