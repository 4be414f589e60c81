package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code Area} (schemas/Area): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A named circular area: a depot, a pharmacy, a planned stop or a destination.
 *
 * @param name Human-readable name, e.g. 'Frankfurt DC'.
 * @param gln GS1 Global Location Number (13 digits) of the site, if known.
 * @param center Centre of the area (WGS84 degrees).
 * @param radiusMeters Radius of the area in metres.
 */
public record Area(
        String name,
        String gln,
        GeoPoint center,
        double radiusMeters) {
}
