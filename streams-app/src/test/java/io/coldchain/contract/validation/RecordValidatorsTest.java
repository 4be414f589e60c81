package io.coldchain.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.DetectionOverrides;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordValidatorsTest {

    private static final Instant NOW = Instant.parse("2026-11-02T06:00:00Z");
    private static final long now = NOW.toEpochMilli();
    private final EventTimeWindow window = EventTimeWindow.defaults();

    @Test
    void shouldAcceptOldDataForReplaysButNeither1970NorTheFutureBeyondTheSkew() {
        assertThat(window.check(Instant.parse("2001-03-01T00:00:00Z").toEpochMilli(), now, "t").valid()).isTrue();
        assertThat(window.check(now + Duration.ofMinutes(30).toMillis(), now, "t").valid()).isTrue();
        assertThat(window.check(now + Duration.ofMinutes(31).toMillis(), now, "t").reason())
                .isEqualTo(Reason.EVENT_TIME_IN_FUTURE);
        assertThat(window.check(0, now, "t").reason()).isEqualTo(Reason.EVENT_TIME_TOO_EARLY);
        assertThat(window.check(Long.MIN_VALUE, now, "t").reason()).isEqualTo(Reason.EVENT_TIME_TOO_EARLY);
        assertThat(window.check(Long.MAX_VALUE, Long.MAX_VALUE - 1, "t").valid()).isTrue();
    }

    @Test
    void shouldStayStrictlyInsideTheBrokersDefaultFutureTimestampLimit() {
        // message.timestamp.after.max.ms defaults to 1 h (Kafka 4.x, ServerLogConfigs).
        assertThat(EventTimeWindow.DEFAULT_MAX_AHEAD).isLessThan(Duration.ofHours(1));
    }

    @Test
    void shouldRefuseReadingsThatNoLoggerCanMeasure() {
        final TemperatureReadingValidator validator = new TemperatureReadingValidator(window);
        assertThat(validator.check("S", reading(5.0), now).valid()).isTrue();
        assertThat(validator.check("S", reading(-100.0), now).valid()).isTrue();
        assertThat(validator.check("S", reading(Double.NaN), now).reason()).isEqualTo(Reason.NOT_FINITE);
        assertThat(validator.check("S", reading(Double.POSITIVE_INFINITY), now).reason()).isEqualTo(Reason.NOT_FINITE);
        assertThat(validator.check("S", reading(100.5), now).reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(validator.check(null, reading(5.0), now).reason()).isEqualTo(Reason.MISSING_KEY);
    }

    @Test
    void shouldRefuseFixesOffTheGlobeAtNullIslandOrWithImpossibleAccuracyOrSpeed() {
        final LocationFixValidator validator = new LocationFixValidator(window);
        assertThat(validator.check("S", fix("S", now, 47.5, 7.6, 5.0), now).valid()).isTrue();
        assertThat(validator.check("S", fix("S", now, 0, 0, 5.0), now).reason())
                .isEqualTo(Reason.NULL_ISLAND);
        assertThat(validator.check("S", fix("S", now, 47.5, 181, 5.0), now).reason())
                .isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(validator.check("S", fix("S", now, Double.NaN, 7.6, 5.0), now).reason())
                .isEqualTo(Reason.NOT_FINITE);
        assertThat(validator.check("S", fix("S", now, 47.5, 7.6, -1.0), now).reason())
                .isEqualTo(Reason.OUT_OF_RANGE);
        final LocationFix supersonic = LocationFix.newBuilder(fix("S", now, 47.5, 7.6, 5.0))
                .setSpeedKmh(5_000.0).build();
        assertThat(validator.check("S", supersonic, now).reason()).isEqualTo(Reason.OUT_OF_RANGE);
    }

    @Test
    void shouldRefusePlansThatCannotBeMonitored() {
        final ShipmentPlanValidator validator = new ShipmentPlanValidator(window, TemperatureProfiles.builtIn());
        assertThat(validator.check("S", plan().build(), now).valid()).isTrue();
        assertThat(validator.check("S", null, now).valid()).as("tombstone").isTrue();
        assertThat(validator.check(null, null, now).reason()).isEqualTo(Reason.MISSING_KEY);
        assertThat(validator.check("S", plan().setRoute(Route.newBuilder().setWaypoints(List.of()).build()).build(), now)
                .reason()).isEqualTo(Reason.ROUTE_UNUSABLE);
        assertThat(validator.check("S", plan().setRoute(Route.newBuilder()
                .setWaypoints(List.of(Contracts.toWire(RouteFixtures.BASEL_DC))).build()).build(), now).detail())
                .isEqualTo("route has 1 waypoint(s); a route needs at least 2");
        assertThat(validator.check("S", plan().setProfileName("nope").build(), now).reason())
                .isEqualTo(Reason.PROFILE_UNUSABLE);
        final TemperatureProfile inline = TemperatureProfile.newBuilder().setName("custom").setMinCelsius(2)
                .setMaxCelsius(8).build();
        assertThat(validator.check("S", plan().setProfileName("nope").setProfile(inline).build(), now).valid())
                .as("an inline profile takes precedence over the name").isTrue();
        final ShipmentPlan early = plan().build();
        assertThat(validator.check("S", plan().setPlannedArrival(early.getPlannedDeparture() - 1).build(), now).reason())
                .isEqualTo(Reason.PLAN_TIMES_INCONSISTENT);
        assertThat(validator.check("S", plan().setIssuedAt(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
                .build(), now).reason()).isEqualTo(Reason.EVENT_TIME_IN_FUTURE);
        assertThat(validator.check("S", plan().setStatus(ShipmentStatus.CLOSED)
                .setRoute(Route.newBuilder().setWaypoints(List.of()).build()).build(), now).valid())
                .as("a CLOSED plan only releases the shipment").isTrue();
    }

    @Test
    void shouldRefusePlansWhoseDetectionOverridesAreOutOfRange() {
        final ShipmentPlanValidator validator = new ShipmentPlanValidator(window, TemperatureProfiles.builtIn());
        assertThat(validator.check("S", plan().setDetectionOverrides(DetectionOverrides.newBuilder()
                .setCorridorConfirmationMinFixes(5).setCorridorConfirmationMinDurationMillis(0L).build()).build(), now)
                .valid()).isTrue();
        final Validation zeroFixes = validator.check("S", plan().setDetectionOverrides(DetectionOverrides.newBuilder()
                .setCorridorConfirmationMinFixes(0).build()).build(), now);
        assertThat(zeroFixes.reason()).isEqualTo(Reason.ROUTE_UNUSABLE);
        assertThat(zeroFixes.detail()).isEqualTo("detectionOverrides.corridorConfirmationMinFixes is 0; it must be at least 1");
        assertThat(validator.check("S", plan().setDetectionOverrides(DetectionOverrides.newBuilder()
                .setCorridorConfirmationMinDurationMillis(-60_000L).build()).build(), now).reason())
                .isEqualTo(Reason.ROUTE_UNUSABLE);
    }

    private static TemperatureReading reading(final double celsius) {
        return new TemperatureReading("logger-1", "S", now, celsius, null);
    }

    private static ShipmentPlan.Builder plan() {
        return ShipmentPlan.newBuilder(Contracts.toWire(RouteFixtures.plan("S").build())).setIssuedAt(now - 60_000);
    }

    private static LocationFix fix(final String shipmentId, final long time, final double lat, final double lon,
                                   final Double accuracyMeters) {
        return Contracts.toWire(RouteFixtures.fix(shipmentId, time, lat, lon, accuracyMeters));
    }
}
