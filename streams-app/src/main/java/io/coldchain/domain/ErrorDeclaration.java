package io.coldchain.domain;

import java.util.List;

/**
 * The domain twin of the contract's {@code ErrorDeclaration} (schemas/ErrorDeclaration): what the rules see, mapped at
 * one seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: EPCIS 2.0 error declaration: the event with the same eventId is declared erroneous.
 *
 * @param declarationTime When the error was declared, epoch milliseconds UTC.
 * @param reason CBV error reason, e.g. 'incorrect_data' or 'did_not_occur'.
 * @param correctiveEventIds Event ids of corrective events, if any.
 */
public record ErrorDeclaration(
        long declarationTime,
        String reason,
        List<String> correctiveEventIds) {

    public ErrorDeclaration {
        correctiveEventIds = List.copyOf(correctiveEventIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.declarationTime = declarationTime;
        b.reason = reason;
        b.correctiveEventIds = correctiveEventIds;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private long declarationTime;
        private String reason;
        private List<String> correctiveEventIds = List.of();

        private Builder() {
        }

        public Builder declarationTime(final long value) {
            this.declarationTime = value;
            return this;
        }

        public Builder reason(final String value) {
            this.reason = value;
            return this;
        }

        public Builder correctiveEventIds(final List<String> value) {
            this.correctiveEventIds = value;
            return this;
        }

        public ErrorDeclaration build() {
            return new ErrorDeclaration(declarationTime, reason, correctiveEventIds);
        }
    }
}
