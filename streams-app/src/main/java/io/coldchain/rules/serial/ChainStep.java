package io.coldchain.rules.serial;

/**
 * One hand-off step of a shipment's custody chain: a business step by a custodian, from a source to a
 * destination party. Per-pack scans of the same step collapse into one step, so the chain stays small
 * and each step is checked once.
 *
 * @param key            {@code bizStep|custodian|source|destination}
 * @param firstEventId   the first event of the step
 * @param firstEventTime event time of the earliest event of the step, epoch milliseconds UTC
 * @param events         number of events of the step still standing (not declared erroneous)
 */
public record ChainStep(String key, String bizStep, String custodianGln, String custodianName, String sourceGln,
                        String destinationGln, String firstEventId, long firstEventTime, int events) {

    static String keyOf(final String bizStep, final String custodianGln, final String sourceGln,
                        final String destinationGln) {
        return bizStep + '|' + custodianGln + '|' + sourceGln + '|' + destinationGln;
    }

    ChainStep withEvents(final int count, final String eventId, final long eventTime) {
        return eventTime < firstEventTime
                ? new ChainStep(key, bizStep, custodianGln, custodianName, sourceGln, destinationGln, eventId,
                        eventTime, count)
                : new ChainStep(key, bizStep, custodianGln, custodianName, sourceGln, destinationGln, firstEventId,
                        firstEventTime, count);
    }
}
