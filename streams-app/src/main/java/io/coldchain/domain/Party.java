package io.coldchain.domain;


/**
 * The domain twin of the contract's {@code Party} (schemas/Party): what the rules see, mapped at one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: A business party in the supply chain (manufacturer, carrier, wholesaler, pharmacy), identified
 * by GLN.
 *
 * @param gln GS1 Global Location Number / party GLN, 13 digits.
 * @param name Human-readable party name.
 */
public record Party(
        String gln,
        String name) {
}
