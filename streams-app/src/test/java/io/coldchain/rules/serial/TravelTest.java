package io.coldchain.rules.serial;

import static io.coldchain.rules.serial.SerialFixtures.BASEL;
import static io.coldchain.rules.serial.SerialFixtures.FRANKFURT;
import static io.coldchain.rules.serial.SerialFixtures.TOKYO;
import static io.coldchain.rules.serial.SerialFixtures.sighting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TravelTest {

    private final SerialSettings settings = SerialSettings.defaults();

    @Test
    void shouldMeasureTheTripOnTheGreatCircleBetweenTheTwoSites() {
        // Basel – Frankfurt, haversine on R = 6371 km (the geometry itself is GreatCircleTest's).
        final Travel travel = Travel.between(sighting("a").at(BASEL).build(),
                sighting("b").at(FRANKFURT).after(Duration.ofHours(4)).build(), settings);
        assertThat(travel.distanceMeters()).isCloseTo(294_756, within(500.0));
        assertThat(travel.elapsedMillis()).isEqualTo(Duration.ofHours(4).toMillis());
    }

    @Test
    void shouldTakeRoadForShortTripsAndAirPlusHandlingForLongOnes() {
        assertThat(settings.fastestTravelMillis(100_000)).isCloseTo(Duration.ofMinutes(50).toMillis(), within(1.0));
        assertThat(settings.fastestTravelMillis(1_000_000))
                .isCloseTo(Duration.ofHours(1).toMillis() + 1000 / 950.0 * 3_600_000, within(1.0));
    }

    @Test
    void shouldCallTwoFarPlacesWithinTheSimultaneityWindowAtOnce() {
        final Travel travel = Travel.between(sighting("a").at(BASEL).build(),
                sighting("b").at(FRANKFURT).after(Duration.ofMinutes(1)).build(), settings);

        assertThat(travel.impossible()).isTrue();
        assertThat(travel.atOnce()).isTrue();
        assertThat(travel.elapsedMillis()).isEqualTo(60_000);
    }

    @Test
    void shouldFlagATripFasterThanAnyModeOutsideTheWindowAsImpossibleTravel() {
        final Travel travel = Travel.between(sighting("a").at(BASEL).build(),
                sighting("b").at(TOKYO).after(Duration.ofHours(2)).build(), settings);

        assertThat(travel.impossible()).isTrue();
        assertThat(travel.atOnce()).isFalse();
        assertThat(travel.impliedSpeedKmh()).isGreaterThan(4_000);
    }

    @Test
    void shouldAcceptATripAMeansOfTransportCanMakeWithinTheMargin() {
        // Basel – Frankfurt is about 290 km: air with one hour of handling makes it in about 1 h 18 min.
        final Travel byAir = Travel.between(sighting("a").at(BASEL).build(),
                sighting("b").at(FRANKFURT).after(Duration.ofMinutes(65)).build(), settings);
        final Travel tooFast = Travel.between(sighting("a").at(BASEL).build(),
                sighting("b").at(FRANKFURT).after(Duration.ofMinutes(30)).build(), settings);

        assertThat(byAir.impossible()).isFalse();
        assertThat(tooFast.impossible()).isTrue();
    }

    @Test
    void shouldTreatSightingsWithinTheSamePlaceRadiusAsTheSamePlace() {
        final SerialFixtures.Place nextDoor = new SerialFixtures.Place("Basel DC gate 2", 47.5686, 7.5886);

        final Travel travel = Travel.between(sighting("a").at(BASEL).build(), sighting("b").at(nextDoor).build(),
                settings);

        assertThat(travel.distanceMeters()).isBetween(900.0, 1100.0);
        assertThat(travel.impossible()).isFalse();
        assertThat(travel.impliedSpeedKmh()).isInfinite();
    }

    @Test
    void shouldJudgeNothingWhenASightingHasNoLocation() {
        assertThat(Travel.between(sighting("a").build(), sighting("b").nowhere().build(), settings)).isNull();
    }
}
