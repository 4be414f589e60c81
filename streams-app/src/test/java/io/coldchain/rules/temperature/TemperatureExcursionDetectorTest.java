package io.coldchain.rules.temperature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.rules.Outcome;
import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.LimitDirection;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureProfile;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.domain.TemperatureRule;
import io.coldchain.domain.TemperatureRuleKind;
import io.coldchain.rules.DomainFixtures;
import io.coldchain.streams.Plans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule engine on its own: plain calls, no Kafka. */
class TemperatureExcursionDetectorTest {

    private static final long T0 = Plans.DEPARTURE.toEpochMilli();
    private final TemperatureExcursionDetector detector =
            new TemperatureExcursionDetector(TemperatureProfiles.builtIn(), TemperatureSettings.defaults());

    private static TemperatureRule rule(final String id, final TemperatureRuleKind kind, final LimitDirection direction,
                                        final double limit, final Duration duration) {
        return TemperatureRule.builder().ruleId(id).kind(kind).direction(direction).limitCelsius(limit)
                .durationMillis(duration.toMillis()).severity(Severity.HIGH).build();
    }

    private static ShipmentPlan plan(final TemperatureRule... rules) {
        final TemperatureProfile profile = TemperatureProfile.builder().name("unit").minCelsius(-10)
                .maxCelsius(40).rules(List.of(rules)).build();
        return DomainFixtures.baselToFrankfurt("SHP-U").profileName(null).profile(profile).build();
    }

    private static TemperatureReading at(final double minutes, final double celsius) {
        return TemperatureReading.builder().deviceId("d").shipmentId("SHP-U")
                .eventTime(T0 + (long) (minutes * 60_000)).temperatureCelsius(celsius).build();
    }

    /** Feeds readings in order; returns every alert and leaves the final state in {@code last}. */
    private final class Run {
        TemperatureState state;
        final List<Alert> alerts = new ArrayList<>();

        Run feed(final ShipmentPlan plan, final TemperatureReading... readings) {
            for (final TemperatureReading reading : readings) {
                final Outcome<TemperatureState> outcome = detector.onEvent(plan, state, reading);
                state = outcome.state();
                alerts.addAll(outcome.alerts());
            }
            return this;
        }
    }

    @Test
    void shouldTripAnInclusiveInstantLimitAt30ButNotAt29Point9() {
        final ShipmentPlan plan = plan(rule("heat", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_ABOVE, 30.0, Duration.ZERO));

        assertThat(new Run().feed(plan, at(0, 5), at(20, 29.9)).alerts).isEmpty();
        assertThat(new Run().feed(plan, at(0, 5), at(20, 30.0)).alerts)
                .singleElement().satisfies(a -> assertThat(a.ruleId()).isEqualTo("heat"));
    }

    @Test
    void shouldAddFragmentedTimeBelowALimitIntoACumulativeBudget() {
        final ShipmentPlan plan = plan(
                rule("freeze-1h", TemperatureRuleKind.CONSECUTIVE, LimitDirection.AT_OR_BELOW, -0.5, Duration.ofHours(1)),
                rule("freeze-3h", TemperatureRuleKind.CUMULATIVE, LimitDirection.AT_OR_BELOW, -0.5, Duration.ofHours(3)));
        final Run run = new Run().feed(plan, at(0, 5));
        for (int piece = 0; piece < 5; piece++) {
            final int start = 10 + 70 * piece;
            run.feed(plan, at(start, -1), at(start + 25, -1), at(start + 50, 4), at(start + 60, 4));
        }

        assertThat(run.alerts).extracting(Alert::ruleId).containsExactly("freeze-3h");
        assertThat(run.alerts.get(0).lastEvidenceTime()).isEqualTo(T0 + Duration.ofMinutes(220 + 30).toMillis());
        assertThat(run.state.rules().get("freeze-1h").open()).isFalse();
    }

    @Test
    void shouldRaiseSilenceOnlyAfterTheProfilesLimitAndOnlyOnce() {
        final ShipmentPlan plan = plan();
        final Run run = new Run().feed(plan, at(0, 5), at(10, 5));
        final long lastReading = T0 + Duration.ofMinutes(10).toMillis();
        final long limit = plan.profile().maxSilenceMillis();

        assertThat(detector.onTime(plan, run.state, lastReading + limit).alerts()).isEmpty();
        final Outcome<TemperatureState> silent = detector.onTime(plan, run.state, lastReading + limit + 1);
        assertThat(silent.alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.SENSOR_SILENT);
            assertThat(a.lastEvidenceTime()).isEqualTo(lastReading + limit);
        });
        assertThat(detector.onTime(plan, silent.state(), lastReading + 2 * limit).alerts()).isEmpty();
    }

    @Test
    void shouldNotFlagSilenceOnceTheShipmentIsDeliveredAndForgetItWhenClosed() {
        final ShipmentPlan plan = plan();
        final TemperatureState state = new Run().feed(plan, at(0, 5), at(10, 5)).state;
        final ShipmentPlan delivered = plan.toBuilder().status(ShipmentStatus.DELIVERED).build();
        final ShipmentPlan closed = plan.toBuilder().status(ShipmentStatus.CLOSED).build();

        assertThat(detector.onTime(delivered, state, T0 + Duration.ofDays(1).toMillis()).alerts()).isEmpty();
        assertThat(detector.onTime(closed, state, T0).state()).isNull();
        assertThat(detector.onTime(null, state, T0).state()).isNull();
    }

    @Test
    void shouldPromiseQuietExactlyUntilTheSilenceLimitAndForeverOnceSilentOrDelivered() {
        final ShipmentPlan plan = plan();
        final TemperatureState state = new Run().feed(plan, at(0, 5), at(10, 5)).state;
        final long lastReading = T0 + Duration.ofMinutes(10).toMillis();
        final long until = detector.quietUntil(plan, state);

        assertThat(until).isEqualTo(lastReading + plan.profile().maxSilenceMillis());
        final Outcome<TemperatureState> atLimit = detector.onTime(plan, state, until);
        assertThat(atLimit.state()).isSameAs(state);
        assertThat(atLimit.alerts()).isEmpty();
        final Outcome<TemperatureState> silent = detector.onTime(plan, state, until + 1);
        assertThat(silent.alerts()).isNotEmpty();

        assertThat(detector.quietUntil(plan, silent.state())).isEqualTo(Long.MAX_VALUE);
        final ShipmentPlan delivered = plan.toBuilder().status(ShipmentStatus.DELIVERED).build();
        final TemperatureState fresh = new Run().feed(plan, at(0, 5)).state;
        assertThat(detector.quietUntil(delivered, fresh)).isEqualTo(Long.MAX_VALUE);
        assertThat(detector.onTime(delivered, fresh, Long.MAX_VALUE).state()).isSameAs(fresh);
    }

    @Test
    void shouldLeaveTheStateItWasGivenAsItWas() {
        final ShipmentPlan plan = plan(rule("heat", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_ABOVE, 30.0, Duration.ZERO));
        final TemperatureState before = new Run().feed(plan, at(0, 5), at(20, 31)).state;
        final TemperatureState copy = new TemperatureState(before.profile(), before.firstReadingTime(),
                before.lastReadingTime(), before.lastCelsius(), before.missingDataMillis(), before.rules(),
                before.mktBuckets(), before.mktCelsius(), before.mktCoveredMillis(), before.silentAlertId());

        final Outcome<TemperatureState> next = detector.onEvent(plan, before, at(30, 5));
        final Outcome<TemperatureState> silent = detector.onTime(plan, before, T0 + Duration.ofDays(2).toMillis());

        assertThat(next.state()).isNotEqualTo(before);
        assertThat(silent.alerts()).isNotEmpty();
        assertThat(before).isEqualTo(copy);
        assertThatThrownBy(() -> before.rules().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> before.mktBuckets().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldPromiseNothingWhenThePlanIsGoneOrClosed() {
        final ShipmentPlan plan = plan();
        final TemperatureState state = new Run().feed(plan, at(0, 5)).state;
        final ShipmentPlan closed = plan.toBuilder().status(ShipmentStatus.CLOSED).build();

        assertThat(detector.quietUntil(null, state)).isEqualTo(Long.MIN_VALUE);
        assertThat(detector.quietUntil(closed, state)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldResolveTheSilenceWhenReadingsResume() {
        final ShipmentPlan plan = plan();
        final Run run = new Run().feed(plan, at(0, 5));
        run.state = detector.onTime(plan, run.state, T0 + Duration.ofHours(2).toMillis()).state();

        run.feed(plan, at(130, 5));
        assertThat(run.alerts).filteredOn(a -> a.type() == AlertType.SENSOR_SILENT)
                .extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void shouldKeepItsStateBoundedWhateverTheNumberOfReadings() {
        final ShipmentPlan plan = DomainFixtures.baselToFrankfurt("SHP-U").build();
        final Run run = new Run();
        for (int m = 0; m < 3 * 24 * 60; m++) {
            run.feed(plan, at(m, 5 + (m % 7) * 0.1));
        }
        // One MKT bucket per 10 min over the 24 h window (plus the one being filled), whatever the sampling.
        assertThat(run.state.mktBuckets()).hasSizeLessThanOrEqualTo(24 * 6 + 2);
        assertThat(run.state.rules()).hasSizeLessThanOrEqualTo(4); // band + the profile's three rules
    }
}
