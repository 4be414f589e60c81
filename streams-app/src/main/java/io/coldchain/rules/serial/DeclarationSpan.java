package io.coldchain.rules.serial;

import java.util.List;

/**
 * How long one shipment's plans listed a serial: from the first open plan version that listed it to the first
 * version that delivered, closed or cancelled the shipment. Two shipments listing one pack conflict only when one
 * was declared while the other's span was open, judged once both are known, whatever order they arrived in.
 *
 * @param opened   the first open plan version listing the serial
 * @param closedAt publication time of the first plan version that ended the shipment, epoch ms UTC;
 *                 {@link Long#MAX_VALUE} while no plan version did
 * @param due      stream time at which the span is judged against the others
 *                 ({@link SerialSettings#declarationGrace()} after it opened); {@link Long#MAX_VALUE} once judged
 */
public record DeclarationSpan(Declaration opened, long closedAt, long due) {

    public String shipmentId() {
        return opened.shipmentId();
    }

    public long openedAt() {
        return opened.declaredAt();
    }

    DeclarationSpan closed(final long at) {
        return new DeclarationSpan(opened, Math.min(closedAt, at), due);
    }

    DeclarationSpan judged() {
        return new DeclarationSpan(opened, closedAt, Long.MAX_VALUE);
    }

    /**
     * When the shipment stopped holding the pack: the plan version that ended it, or its consignee's receiving
     * scan of the pack among {@code sightings}, whichever came first.
     */
    long endedAt(final List<Sighting> sightings) {
        long ended = closedAt;
        for (final Sighting sighting : sightings) {
            if (sighting.eventTime() < ended && opened.deliveredBy(sighting)) {
                ended = sighting.eventTime();
            }
        }
        return ended;
    }

    /** Whether the shipment listed the pack at {@code time}, its delivery included ({@link #endedAt}). */
    boolean openAt(final long time, final List<Sighting> sightings) {
        return openedAt() <= time && time < endedAt(sightings);
    }
}
