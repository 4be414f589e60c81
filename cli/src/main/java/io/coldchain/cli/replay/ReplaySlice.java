package io.coldchain.cli.replay;

import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a replay reprocesses: event times in [{@code from}, {@code to}) (as {@code export} and {@code epcis}), of the
 * shipments named (all when none is named, neither by id nor by pack).
 *
 * @param from      first event time included, epoch millis UTC ({@link Long#MIN_VALUE}: from the beginning)
 * @param to        first event time excluded, epoch millis UTC ({@link Long#MAX_VALUE}: to the end of the input)
 * @param shipments shipment ids named by {@code --shipment}
 * @param serials   packs named by {@code --serial}, normalised ({@link ReplaySelection#normalise})
 */
public record ReplaySlice(long from, long to, SortedSet<String> shipments, SortedSet<String> serials) {

    public ReplaySlice {
        if (from >= to) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
        shipments = new TreeSet<>(shipments);
        serials = new TreeSet<>(serials);
    }

    public static ReplaySlice of(final Instant from, final Instant to, final Set<String> shipments,
                                 final Set<String> serials) {
        return new ReplaySlice(from == null ? Long.MIN_VALUE : from.toEpochMilli(),
                to == null ? Long.MAX_VALUE : to.toEpochMilli(), new TreeSet<>(shipments), new TreeSet<>(serials));
    }

    /** Whether neither shipments nor packs are named: every shipment with data in the window. */
    public boolean everyShipment() {
        return shipments.isEmpty() && serials.isEmpty();
    }

    public boolean covers(final long eventTime) {
        return eventTime >= from && eventTime < to;
    }

    /** Whether {@code eventTime} is before the end of the window: history the slice may need. */
    public boolean before(final long eventTime) {
        return eventTime < to;
    }

    /** One line for the start of a run. */
    public String describe() {
        return (everyShipment() ? "every shipment" : (shipments.isEmpty() ? "" : "shipments " + String.join(", ", shipments))
                + (serials.isEmpty() ? "" : (shipments.isEmpty() ? "" : " and ") + "the shipments of packs "
                + String.join(", ", serials)))
                + ", event time " + (from == Long.MIN_VALUE ? "from the beginning" : "from " + Instant.ofEpochMilli(from))
                + (to == Long.MAX_VALUE ? " to the end" : " to " + Instant.ofEpochMilli(to));
    }
}
