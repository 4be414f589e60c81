package io.coldchain.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * How far one shipment's events of one kind have been handed to their detector: the event time of
 * the latest event handled, and the content hashes of the last few handled events, so a redelivered
 * copy of an event already judged is recognised as such rather than reported late.
 *
 * @param handledUpTo  event time of the latest event handed to the detector, epoch ms
 * @param recentHashes content hashes of the last {@value #RECENT} events handed over, oldest first
 */
public record EventClock(long handledUpTo, List<Integer> recentHashes) {

    public static final int RECENT = 32;
    public static final EventClock NONE = new EventClock(Long.MIN_VALUE, List.of());

    public EventClock {
        recentHashes = List.copyOf(recentHashes);
    }

    public boolean seen(final int hash) {
        return recentHashes.contains(hash);
    }

    public EventClock handled(final long time, final int hash) {
        final List<Integer> recent = new ArrayList<>(recentHashes);
        recent.add(hash);
        if (recent.size() > RECENT) {
            recent.remove(0);
        }
        return new EventClock(Math.max(handledUpTo, time), recent);
    }
}
