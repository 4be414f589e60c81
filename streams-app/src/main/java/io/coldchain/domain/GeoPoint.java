package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code GeoPoint} (schemas/GeoPoint): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A position on the WGS84 ellipsoid.
 *
 * @param lat Latitude in decimal degrees (WGS84), -90..90.
 * @param lon Longitude in decimal degrees (WGS84), -180..180.
 */
public record GeoPoint(
        double lat,
        double lon) {
}
