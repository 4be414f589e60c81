package io.coldchain.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.sim.Fixtures;
import org.junit.jupiter.api.Test;

class GeoTest {

    private static final LatLon LONDON = new LatLon(51.5074, -0.1278);
    private static final LatLon PARIS = new LatLon(48.8566, 2.3522);

    @Test
    void shouldMeasureLondonToParisAsAbout344Km() {
        assertThat(Geo.distanceMeters(LONDON, PARIS)).isCloseTo(343_500, within(1_500.0));
    }

    @Test
    void shouldInterpolateOnTheGreatCircle() {
        assertThat(Geo.interpolate(LONDON, PARIS, 0)).isEqualTo(LONDON);
        assertThat(Geo.distanceMeters(Geo.interpolate(LONDON, PARIS, 1), PARIS)).isLessThan(0.01);
        final LatLon middle = Geo.interpolate(LONDON, PARIS, 0.5);
        assertThat(Geo.distanceMeters(LONDON, middle)).isCloseTo(Geo.distanceMeters(middle, PARIS), within(0.01));
        assertThat(Fixtures.distanceToRouteMeters(Geo.interpolate(LONDON, PARIS, 0.3),
                java.util.List.of(LONDON, PARIS))).isLessThan(0.5);
    }

    @Test
    void shouldOffsetByTheGivenMetres() {
        assertThat(Geo.distanceMeters(LONDON, Geo.offset(LONDON, 1_000, 0))).isCloseTo(1_000, within(1.0));
        assertThat(Geo.distanceMeters(LONDON, Geo.offset(LONDON, 0, -1_000))).isCloseTo(1_000, within(1.0));
        assertThat(Geo.distanceMeters(LONDON, Geo.offset(LONDON, 30, 40))).isCloseTo(50, within(0.1));
    }

    @Test
    void shouldGoTheGivenDistanceInTheGivenDirection() {
        final double bearing = Geo.bearingDegrees(LONDON, PARIS);
        assertThat(bearing).isCloseTo(148.1, within(0.5));
        final LatLon there = Geo.destination(LONDON, bearing, Geo.distanceMeters(LONDON, PARIS));
        assertThat(Geo.distanceMeters(there, PARIS)).isLessThan(1.0);
        final LatLon ahead = Geo.destination(PARIS, 120, 50_000);
        final LatLon side = Geo.destination(PARIS, 120 + 90, 10_000);
        assertThat(Fixtures.distanceToRouteMeters(side, java.util.List.of(PARIS, ahead))).isCloseTo(10_000, within(5.0));
        assertThat(Geo.destination(new LatLon(0, 179.99), 90, 10_000).lon()).isBetween(-180.0, -179.0);
    }
}
