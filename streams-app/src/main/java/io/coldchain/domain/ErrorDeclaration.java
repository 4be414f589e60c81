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
}
