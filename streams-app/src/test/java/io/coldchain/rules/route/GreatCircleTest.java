package io.coldchain.rules.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The geometry against published values (Chris Veness, "Calculate distance, bearing and more between
 * latitude/longitude points", movable-type.co.uk, same R = 6371 km) and against an independent
 * implementation in this test: the bearing formulas of REFERENCE §4 (the production code uses unit
 * vectors) and, for distances to a leg, brute force over densely sampled points of the leg.
 */
class GreatCircleTest {

    private static final double R = 6_371_000.0;
    private static final double HALF_PERCENT = 0.5;

    @Test
    void shouldMatchThePublishedLandsEndToJohnOGroatsDistanceAndBearing() {
        final double lat1 = dms(50, 3, 59);
        final double lon1 = -dms(5, 42, 53);
        final double lat2 = dms(58, 38, 38);
        final double lon2 = -dms(3, 4, 12);

        assertThat(GreatCircle.distanceMeters(lat1, lon1, lat2, lon2)).isCloseTo(968_900, withinPercentage(0.01));
        assertThat(GreatCircle.initialBearingDegrees(lat1, lon1, lat2, lon2)).isCloseTo(dms(9, 7, 11), within(0.001));
    }

    @Test
    void shouldMatchThePublishedCrossTrackAndAlongTrackExample() {
        // Path (53.3206, -1.7297) -> (53.1887, 0.1334), point (53.2611, -0.7972): -307.5 m, 62.331 km.
        final double crossTrack = GreatCircle.crossTrackMeters(53.2611, -0.7972, 53.3206, -1.7297, 53.1887, 0.1334);
        final double alongTrack = GreatCircle.alongTrackMeters(53.2611, -0.7972, 53.3206, -1.7297, 53.1887, 0.1334);

        assertThat(crossTrack).isCloseTo(-307.5, withinPercentage(HALF_PERCENT));
        assertThat(alongTrack).isCloseTo(62_331, withinPercentage(HALF_PERCENT));
    }

    @Test
    void shouldAgreeWithTheBearingFormulasOnRandomLegsAcrossEurope() {
        final Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            final double latA = 36 + random.nextDouble() * 20;
            final double lonA = -8 + random.nextDouble() * 30;
            final double[] b = GreatCircle.destination(latA, lonA, random.nextDouble() * 360, 5_000 + random.nextDouble() * 200_000);
            final double[] p = GreatCircle.destination(latA, lonA, random.nextDouble() * 360, 1_000 + random.nextDouble() * 150_000);

            final double expectedCross = referenceCrossTrack(p[0], p[1], latA, lonA, b[0], b[1]);
            final double expectedAlong = referenceAlongTrack(p[0], p[1], latA, lonA, b[0], b[1]);

            assertThat(GreatCircle.crossTrackMeters(p[0], p[1], latA, lonA, b[0], b[1]))
                    .isCloseTo(expectedCross, within(tolerance(expectedCross)));
            assertThat(GreatCircle.alongTrackMeters(p[0], p[1], latA, lonA, b[0], b[1]))
                    .isCloseTo(expectedAlong, within(tolerance(expectedAlong)));
        }
    }

    @Test
    void shouldAgreeWithTheLawOfCosinesOnRandomDistances() {
        final Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            final double lat1 = -80 + random.nextDouble() * 160;
            final double lon1 = -180 + random.nextDouble() * 360;
            final double lat2 = -80 + random.nextDouble() * 160;
            final double lon2 = -180 + random.nextDouble() * 360;
            final double expected = lawOfCosines(lat1, lon1, lat2, lon2);

            assertThat(GreatCircle.distanceMeters(lat1, lon1, lat2, lon2)).isCloseTo(expected, within(tolerance(expected)));
        }
    }

    @Test
    void shouldMeasureTheDistanceToALegAsBruteForceOverItsPointsDoesIncludingTheClampedEnds() {
        final Random random = new Random(3);
        for (int i = 0; i < 150; i++) {
            final double latA = 45 + random.nextDouble() * 8;
            final double lonA = 5 + random.nextDouble() * 10;
            final double[] b = GreatCircle.destination(latA, lonA, random.nextDouble() * 360, 2_000 + random.nextDouble() * 28_000);
            final double[] p = GreatCircle.destination(latA, lonA, random.nextDouble() * 360, 500 + random.nextDouble() * 80_000);
            final RouteIndex leg = RouteIndex.of(java.util.List.of(RouteFixtures.point(latA, lonA), RouteFixtures.point(b[0], b[1])));

            final RouteMatch match = leg.nearestByFullScan(p[0], p[1]);
            final double[] nearest = bruteForceNearestOnLeg(p[0], p[1], latA, lonA, b[0], b[1]);

            assertThat(match.distanceMeters()).isCloseTo(nearest[0], within(tolerance(nearest[0]) + 1.0));
            assertThat(match.alongMeters()).isCloseTo(nearest[1], within(tolerance(nearest[1]) + 2.0));
        }
    }

    @Test
    void shouldClampToTheNearerEndPointWhenTheFootOfThePerpendicularIsOutsideTheLeg() {
        // Leg along the equator from 0°E to 1°E; a point at 2°E, 0.1°N is nearest to the end at 1°E.
        final RouteIndex leg = RouteIndex.of(java.util.List.of(RouteFixtures.point(0, 0), RouteFixtures.point(0, 1)));

        final RouteMatch beyond = leg.nearestByFullScan(0.1, 2);
        final RouteMatch behind = leg.nearestByFullScan(-0.1, -0.5);

        assertThat(beyond.distanceMeters()).isCloseTo(lawOfCosines(0.1, 2, 0, 1), withinPercentage(HALF_PERCENT));
        assertThat(beyond.alongMeters()).isCloseTo(lawOfCosines(0, 0, 0, 1), withinPercentage(HALF_PERCENT));
        assertThat(behind.distanceMeters()).isCloseTo(lawOfCosines(-0.1, -0.5, 0, 0), withinPercentage(HALF_PERCENT));
        assertThat(behind.alongMeters()).isZero();
        assertThat(GreatCircle.alongTrackMeters(-0.1, -0.5, 0, 0, 0, 1)).isNegative();
    }

    @Test
    void shouldPutPointsRightOfTheDirectionOfTravelAtPositiveCrossTrack() {
        // Travelling north along 8°E: a point at 8.1°E is on the right.
        assertThat(GreatCircle.crossTrackMeters(49, 8.1, 48, 8, 50, 8)).isPositive();
        assertThat(GreatCircle.crossTrackMeters(49, 7.9, 48, 8, 50, 8)).isNegative();
    }

    @Test
    void shouldReachTheDistanceAndBearingItWasAskedToTravel() {
        final double[] p = GreatCircle.destination(47.5596, 7.5886, 20, 100_000);

        assertThat(GreatCircle.distanceMeters(47.5596, 7.5886, p[0], p[1])).isCloseTo(100_000, within(0.01));
        assertThat(GreatCircle.initialBearingDegrees(47.5596, 7.5886, p[0], p[1])).isCloseTo(20, within(1e-6));
    }

    // ---- independent reference implementations (REFERENCE §4 bearing form) ----------------------

    private static double referenceCrossTrack(final double latP, final double lonP, final double latA, final double lonA,
                                              final double latB, final double lonB) {
        final double delta13 = lawOfCosines(latA, lonA, latP, lonP) / R;
        final double theta13 = bearing(latA, lonA, latP, lonP);
        final double theta12 = bearing(latA, lonA, latB, lonB);
        return Math.asin(Math.sin(delta13) * Math.sin(theta13 - theta12)) * R;
    }

    private static double referenceAlongTrack(final double latP, final double lonP, final double latA, final double lonA,
                                              final double latB, final double lonB) {
        final double delta13 = lawOfCosines(latA, lonA, latP, lonP) / R;
        final double crossTrack = referenceCrossTrack(latP, lonP, latA, lonA, latB, lonB) / R;
        final double sign = Math.signum(Math.cos(bearing(latA, lonA, latP, lonP) - bearing(latA, lonA, latB, lonB)));
        return sign * Math.acos(Math.min(1, Math.cos(delta13) / Math.cos(crossTrack))) * R;
    }

    /** Minimum distance from P over 10 000 points of the leg (intermediate-point formula), and where. */
    private static double[] bruteForceNearestOnLeg(final double latP, final double lonP, final double latA,
                                                   final double lonA, final double latB, final double lonB) {
        final double phi1 = Math.toRadians(latA);
        final double lambda1 = Math.toRadians(lonA);
        final double phi2 = Math.toRadians(latB);
        final double lambda2 = Math.toRadians(lonB);
        final double delta = lawOfCosines(latA, lonA, latB, lonB) / R;
        double best = Double.POSITIVE_INFINITY;
        double bestAlong = 0;
        final int samples = 10_000;
        for (int i = 0; i <= samples; i++) {
            final double f = (double) i / samples;
            final double a = Math.sin((1 - f) * delta) / Math.sin(delta);
            final double b = Math.sin(f * delta) / Math.sin(delta);
            final double x = a * Math.cos(phi1) * Math.cos(lambda1) + b * Math.cos(phi2) * Math.cos(lambda2);
            final double y = a * Math.cos(phi1) * Math.sin(lambda1) + b * Math.cos(phi2) * Math.sin(lambda2);
            final double z = a * Math.sin(phi1) + b * Math.sin(phi2);
            final double lat = Math.toDegrees(Math.atan2(z, Math.sqrt(x * x + y * y)));
            final double lon = Math.toDegrees(Math.atan2(y, x));
            final double d = lawOfCosines(latP, lonP, lat, lon);
            if (d < best) {
                best = d;
                bestAlong = f * delta * R;
            }
        }
        return new double[] {best, bestAlong};
    }

    private static double lawOfCosines(final double lat1, final double lon1, final double lat2, final double lon2) {
        final double phi1 = Math.toRadians(lat1);
        final double phi2 = Math.toRadians(lat2);
        final double cos = Math.sin(phi1) * Math.sin(phi2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.cos(Math.toRadians(lon2 - lon1));
        return Math.acos(Math.max(-1, Math.min(1, cos))) * R;
    }

    private static double bearing(final double lat1, final double lon1, final double lat2, final double lon2) {
        final double phi1 = Math.toRadians(lat1);
        final double phi2 = Math.toRadians(lat2);
        final double dLambda = Math.toRadians(lon2 - lon1);
        return Math.atan2(Math.sin(dLambda) * Math.cos(phi2),
                Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda));
    }

    /** 0.5 % of the value, with a floor of a few centimetres for values near zero (acos/asin precision). */
    private static double tolerance(final double expected) {
        return Math.max(Math.abs(expected) * HALF_PERCENT / 100, 0.05);
    }

    private static double dms(final double degrees, final double minutes, final double seconds) {
        return degrees + minutes / 60 + seconds / 3_600;
    }
}
