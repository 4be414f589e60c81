package io.coldchain.rules.route;

import io.coldchain.schemas.DetectionOverrides;
import io.coldchain.schemas.ShipmentPlan;

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
        final DetectionOverrides overrides = plan == null ? null : plan.getDetectionOverrides();
        if (overrides == null || overrides.getCorridorConfirmationMinFixes() == null
                && overrides.getCorridorConfirmationMinDurationMillis() == null) {
            return settings;
        }
        final RouteSettings.Confirmation before = settings.corridor().confirmation();
        final RouteSettings.Confirmation confirmation = new RouteSettings.Confirmation(
                overrides.getCorridorConfirmationMinFixes() == null
                        ? before.minFixes() : overrides.getCorridorConfirmationMinFixes(),
                overrides.getCorridorConfirmationMinDurationMillis() == null
                        ? before.minDuration() : Duration.ofMillis(overrides.getCorridorConfirmationMinDurationMillis()),
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
        final Integer minFixes = overrides.getCorridorConfirmationMinFixes();
        if (minFixes != null && minFixes < 1) {
            return "detectionOverrides.corridorConfirmationMinFixes is " + minFixes + "; it must be at least 1";
        }
        final Long minDuration = overrides.getCorridorConfirmationMinDurationMillis();
        if (minDuration != null && minDuration < 0) {
            return "detectionOverrides.corridorConfirmationMinDurationMillis is " + minDuration
                    + "; it must be 0 or more milliseconds";
        }
        return null;
    }
}
