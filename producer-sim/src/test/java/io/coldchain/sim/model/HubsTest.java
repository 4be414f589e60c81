package io.coldchain.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HubsTest {

    @Test
    void shouldListAtLeastThirtyCitiesOnEveryInhabitedContinent() {
        assertThat(Hubs.cities()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(Hubs.cities().stream().map(City::continent).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(City.Continent.values());
    }

    @Test
    void shouldGiveEveryDepotItsOwnValidGln() {
        assertThat(Hubs.cities()).allSatisfy(c -> {
            assertThat(c.depotGln()).hasSize(13).containsOnlyDigits();
            assertThat(Gs1.hasValidCheckDigit(c.depotGln())).as(c.name()).isTrue();
        });
        final Set<String> glns = Hubs.cities().stream().map(City::depotGln).collect(Collectors.toSet());
        assertThat(glns).hasSameSizeAs(Hubs.cities());
        assertThat(Hubs.carriers()).allSatisfy(c -> assertThat(Gs1.hasValidCheckDigit(c.gln())).isTrue());
    }

    @Test
    void shouldPlaceCitiesWhereTheyAre() {
        assertThat(distanceKm("Sydney", "Melbourne")).isCloseTo(714, within(5.0));
        assertThat(distanceKm("New York", "Boston")).isCloseTo(306, within(5.0));
        assertThat(distanceKm("Basel", "Frankfurt")).isCloseTo(295, within(5.0));
        assertThat(distanceKm("Brussels", "Paris")).isCloseTo(264, within(5.0));
        assertThat(distanceKm("Milan", "Munich")).isCloseTo(350, within(10.0));
    }

    @Test
    void shouldLinkOnlyCitiesOfOneRoadNetworkWithinTheDrivingRange() {
        assertThat(Hubs.roadLegs()).allSatisfy(leg -> {
            assertThat(leg.from().roadNetwork()).isEqualTo(leg.to().roadNetwork());
            assertThat(leg.from().continent()).isEqualTo(leg.to().continent());
            assertThat(leg.distanceMeters()).isBetween(Hubs.MIN_LEG_METERS, Hubs.MAX_LEG_METERS);
        });
        assertThat(Hubs.roadLegs()).extracting(leg -> leg.from().name() + "->" + leg.to().name())
                .contains("Basel->Frankfurt", "Brussels->Paris", "Milan->Munich")
                .doesNotContain("Tokyo->Seoul", "Sydney->Auckland", "Basel->Zurich");
    }

    @Test
    void shouldGiveEveryCityAtLeastOneDestinationAndEveryContinentACarrier() {
        final Set<City> linked = Hubs.roadLegs().stream().map(Hubs.Leg::from).collect(Collectors.toSet());
        assertThat(linked).containsExactlyInAnyOrderElementsOf(Hubs.cities());
        assertThat(City.Continent.values()).allSatisfy(c -> assertThat(Hubs.carriersOn(c)).isNotEmpty());
    }

    @Test
    void shouldWriteTimeZoneOffsetsTheEpcisWay() {
        assertThat(Hubs.city("London").offsetAt(java.time.Instant.parse("2025-01-15T12:00:00Z"))).isEqualTo("+00:00");
        assertThat(Hubs.city("Basel").offsetAt(java.time.Instant.parse("2025-07-15T12:00:00Z"))).isEqualTo("+02:00");
        assertThat(Hubs.city("New York").offsetAt(java.time.Instant.parse("2025-01-15T12:00:00Z"))).isEqualTo("-05:00");
    }

    private static double distanceKm(final String a, final String b) {
        return Geo.distanceMeters(Hubs.city(a).position(), Hubs.city(b).position()) / 1000;
    }

    @Test
    void shouldFlyBetweenDistantCitiesAcrossNetworksAndContinents() {
        assertThat(Hubs.airLegs()).allSatisfy(leg -> {
            assertThat(leg.air()).isTrue();
            assertThat(leg.distanceMeters()).isBetween(Hubs.MIN_AIR_LEG_METERS, Hubs.MAX_AIR_LEG_METERS);
        });
        assertThat(Hubs.roadLegs()).noneMatch(Hubs.Leg::air);
        assertThat(Hubs.airLegs()).extracting(leg -> leg.from().name() + "->" + leg.to().name())
                .contains("Frankfurt->New York", "Singapore->Sydney", "Johannesburg->Nairobi");
        assertThat(Hubs.airLegs().stream().filter(l -> l.from().continent() != l.to().continent())).isNotEmpty();
    }
}
