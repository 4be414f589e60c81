package io.coldchain.rules.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.rules.DomainFixtures;
import io.coldchain.streams.Plans;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShipmentHistoryRuleTest {

    private static final long T0 = Plans.DEPARTURE.toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final HistoryLimits LIMITS = new HistoryLimits(Duration.ofMinutes(5), 4, Duration.ofMinutes(5), 3, 2,
            Duration.ofDays(1));

    private final ShipmentHistoryRule rule = new ShipmentHistoryRule(LIMITS);

    @Test
    void shouldKeepAtMostOnePointPerIntervalWhateverTheOrder() {
        final ShipmentHistory history = new ShipmentHistory();
        for (final int minute : List.of(0, 1, 2, 5, 4, 12, 9, 6)) {
            rule.onFix(history, RouteFixtures.fix("SHP-1", T0 + minute * MINUTE, 47.5, 7.5, 5.0), track(history));
        }
        assertThat(history.track).extracting(p -> (p.at - T0) / MINUTE).containsExactly(0L, 5L, 12L);
        assertThat(history.lastPosition.at).isEqualTo(T0 + 12 * MINUTE);
    }

    @Test
    void shouldDropTheOldestPointsBeyondTheBound() {
        final ShipmentHistory history = new ShipmentHistory();
        for (int minute = 0; minute <= 60; minute += 5) {
            rule.onReading(history, reading(minute, minute == 30 ? 12.0 : 5.0), readings(history));
        }
        assertThat(history.readings).extracting(r -> (r.at - T0) / MINUTE).containsExactly(50L, 55L, 60L);
        assertThat(history.minCelsius).isEqualTo(5.0);
        assertThat(history.maxCelsius).as("extremes of every reading, not only those kept").isEqualTo(12.0);
        assertThat(history.lastReading.celsius).isEqualTo(5.0);
    }

    @Test
    void shouldKeepTheLatestPlansSummaryAndReleaseAClosedShipment() {
        final ShipmentPlan first = DomainFixtures.baselToFrankfurt("SHP-1").issuedAt(T0).build();
        final ShipmentPlan older = DomainFixtures.baselToFrankfurt("SHP-1").issuedAt(T0 - MINUTE).status(ShipmentStatus.PLANNED)
                .build();
        ShipmentHistory history = rule.onPlan(null, first, T0);
        history = rule.onPlan(history, older, T0 - MINUTE);
        assertThat(history.planStatus).isEqualTo("IN_TRANSIT");
        assertThat(history.lot).isEqualTo("L42");

        final ShipmentPlan closed = DomainFixtures.baselToFrankfurt("SHP-1").status(ShipmentStatus.CLOSED).build();
        assertThat(rule.onPlan(history, closed, T0 + MINUTE)).isNull();
    }

    @Test
    void shouldRecordEachHandoffOnceInTimeOrderWithinTheBound() {
        ShipmentHistory history = null;
        final var origin = DomainFixtures.baselToFrankfurt("SHP-1").build().origin();
        history = rule.onCustody(history, RouteFixtures.scan("SHP-1", "shipping", origin, T0 + 10 * MINUTE));
        history = rule.onCustody(history, RouteFixtures.scan("SHP-1", "packing", origin, T0));
        history = rule.onCustody(history, RouteFixtures.scan("SHP-1", "shipping", origin, T0 + 10 * MINUTE));
        assertThat(history.custody).extracting(h -> h.bizStep).containsExactly("packing", "shipping");
        history = rule.onCustody(history, RouteFixtures.scan("SHP-1", "receiving", origin, T0 + 20 * MINUTE));
        assertThat(history.custody).extracting(h -> h.bizStep).containsExactly("shipping", "receiving");
        assertThat(history.custody.get(1).lat).isEqualTo(origin.center().lat());
    }

    @Test
    void shouldExpireAfterTheRetentionWithoutActivity() {
        final ShipmentHistory fresh = new ShipmentHistory();
        final ShipmentHistory history = rule.onReading(fresh, reading(0, 5.0), readings(fresh));
        assertThat(rule.expired(history, T0 + Duration.ofDays(1).toMillis())).isFalse();
        assertThat(rule.expired(history, T0 + Duration.ofDays(1).toMillis() + 1)).isTrue();
    }

    @Test
    void shouldKeepThePointsALongerRunKeepsWhateverTheArrivalOrder() {
        final List<Integer> minutes = new java.util.ArrayList<>();
        for (int minute = 0; minute < 200; minute += 3) {
            minutes.add(minute);
        }
        final ShipmentHistory inOrder = new ShipmentHistory();
        minutes.forEach(m -> rule.onFix(inOrder, RouteFixtures.fix("SHP-1", T0 + m * MINUTE, 47.5, 7.5, 5.0), track(inOrder)));
        final List<Integer> shuffled = new java.util.ArrayList<>(minutes);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        final ShipmentHistory outOfOrder = new ShipmentHistory();
        shuffled.forEach(m -> rule.onFix(outOfOrder, RouteFixtures.fix("SHP-1", T0 + m * MINUTE, 47.5, 7.5, 5.0),
                track(outOfOrder)));
        assertThat(inOrder.track).extracting(p -> (p.at - T0) / MINUTE).containsExactly(180L, 186L, 192L, 198L);
        assertThat(outOfOrder.track).as("bounded, in time order, at least the interval apart").hasSize(LIMITS.maxTrackPoints())
                .isSortedAccordingTo(java.util.Comparator.comparingLong(p -> p.at));
        for (int i = 1; i < outOfOrder.track.size(); i++) {
            assertThat(outOfOrder.track.get(i).at - outOfOrder.track.get(i - 1).at).isGreaterThanOrEqualTo(5 * MINUTE);
        }
    }

    private static PointSeries<ShipmentHistory.Position> track(final ShipmentHistory history) {
        return PointSeries.of(history.track, p -> p.at);
    }

    private static PointSeries<ShipmentHistory.Reading> readings(final ShipmentHistory history) {
        return PointSeries.of(history.readings, r -> r.at);
    }

    private static TemperatureReading reading(final int minute, final double celsius) {
        return DomainFixtures.reading("SHP-1", Duration.ofMinutes(minute), celsius);
    }
}
