package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code DetectionOverrides} (schemas/DetectionOverrides): what the rules see,
 * mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: Detection thresholds one shipment's plan sets over the application's detection settings
 * (schema v3 of ShipmentPlan). Every field is optional: null keeps the setting in effect.
 *
 * @param corridorConfirmationMinFixes Valid fixes outside the corridor before ROUTE_DEVIATION opens
 *     (route.corridor.confirmation.minFixes), a count of at least 1.
 * @param corridorConfirmationMinDurationMillis Event time outside the corridor before ROUTE_DEVIATION opens
 *     (route.corridor.confirmation.minDuration), milliseconds, 0 or more.
 */
public record DetectionOverrides(
        Integer corridorConfirmationMinFixes,
        Long corridorConfirmationMinDurationMillis) {
}
