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

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.gln = gln;
        b.name = name;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String gln;
        private String name;

        private Builder() {
        }

        public Builder gln(final String value) {
            this.gln = value;
            return this;
        }

        public Builder name(final String value) {
            this.name = value;
            return this;
        }

        public Party build() {
            return new Party(gln, name);
        }
    }
}
