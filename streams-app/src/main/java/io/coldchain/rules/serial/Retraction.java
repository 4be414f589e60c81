package io.coldchain.rules.serial;

import java.util.List;

/**
 * An EPCIS error declaration: the custody event {@code eventId} is declared erroneous.
 *
 * @param declarationTime    when the error was declared, epoch milliseconds UTC
 * @param reason             CBV error reason ({@code incorrect_data}, {@code did_not_occur}), or null
 * @param correctiveEventIds events that correct it, if any
 */
public record Retraction(String eventId, String shipmentId, long declarationTime, String reason,
                         List<String> correctiveEventIds) {

    public Retraction {
        correctiveEventIds = correctiveEventIds == null ? List.of() : List.copyOf(correctiveEventIds);
    }
}
