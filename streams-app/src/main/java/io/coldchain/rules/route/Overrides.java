package io.coldchain.rules.route;

import io.coldchain.domain.DetectionOverrides;
import io.coldchain.domain.ShipmentPlan;

import java.time.Duration;

/**
 * The route settings one shipment is judged by: the application's settings with the thresholds its plan
 * overrides ({@link ShipmentPlan#getDetectionOverrides()}). Plain values in and out, no Kafka types.
 */
public final class Overrides {

    private Overrides() {
    }

    /**
     * @return {@code settings} itself when the plan overrides nothing, else a copy with the plan's values
     * @throws IllegalArgumentException when an override is out of range ({@link #problem} says which);
     *                                  plans are validated before they reach a rule, so this is a bug
     */
    public static RouteSettings apply(final RouteSettings settings, final ShipmentPlan plan) {
        final DetectionOverrides overrides = plan == null ? null : plan.detectionOverrides();
        if (overrides == null || overrides.corridorConfirmationMinFixes() == null
                && overrides.corridorConfirmationMinDurationMillis() == null) {
            return settings;
        }
        final RouteSettings.Confirmation before = settings.corridor().confirmation();
        final RouteSettings.Confirmation confirmation = new RouteSettings.Confirmation(
                overrides.corridorConfirmationMinFixes() == null
                        ? before.minFixes() : overrides.corridorConfirmationMinFixes(),
                overrides.corridorConfirmationMinDurationMillis() == null
                        ? before.minDuration() : Duration.ofMillis(overrides.corridorConfirmationMinDurationMillis()),
                before.clearDuration());
        final RouteSettings.Corridor corridor = settings.corridor();
        return settings.withCorridor(new RouteSettings.Corridor(corridor.defaultHalfWidthMeters(), confirmation,
                corridor.escalationMeters()));
    }

    /** @return what is wrong with the overrides, naming the field, or {@code null} when they can be applied */
    public static String problem(final DetectionOverrides overrides) {
        if (overrides == null) {
            return null;
        }
        final Integer minFixes = overrides.corridorConfirmationMinFixes();
        if (minFixes != null && minFixes < 1) {
            return "detectionOverrides.corridorConfirmationMinFixes is " + minFixes + "; it must be at least 1";
        }
        final Long minDuration = overrides.corridorConfirmationMinDurationMillis();
        if (minDuration != null && minDuration < 0) {
            return "detectionOverrides.corridorConfirmationMinDurationMillis is " + minDuration
                    + "; it must be 0 or more milliseconds";
        }
        return null;
    }
}
