package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code Product} (schemas/Product): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: The product carried by a shipment, as printed in the GS1 DataMatrix.
 *
 * @param gtin GTIN-14 (GS1 AI 01), 14 digits including the check digit.
 * @param name Human-readable product name.
 * @param lot Batch / lot number (GS1 AI 10).
 * @param expiryDate Expiry date (GS1 AI 17) as an ISO-8601 date, YYYY-MM-DD.
 */
public record Product(
        String gtin,
        String name,
        String lot,
        String expiryDate) {
}
