package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code PlannedStop} (schemas/PlannedStop): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A stop the carrier is allowed to make (rest area, hub, customs).
 *
 * @param area Where the stop is.
 * @param maxDwellMillis Longest allowed dwell at the stop in milliseconds; longer raises PROLONGED_STOP.
 */
public record PlannedStop(
        Area area,
        long maxDwellMillis) {
}
