package io.coldchain.rules.history;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One downsampled series of a shipment's history (its track, or its readings), in event-time order, as
 * {@link ShipmentHistoryRule} needs it: the neighbours of a new point, its size, and adding and dropping points. Where
 * the points live is the caller's matter: a list (the form a history was stored in before its points had a store of
 * their own, and the rule's tests), or a store range per shipment, so that a fix that adds no point writes nothing
 * but the history's small head.
 *
 * @param <T> the point type
 */
public interface PointSeries<T> {

    /** The event time of the latest point at or before {@code at}, or {@link Long#MIN_VALUE} when there is none. */
    long latestAtOrBefore(long at);

    /** The event time of the earliest point after {@code at}, or {@link Long#MAX_VALUE} when there is none. */
    long earliestAfter(long at);

    /** How many points the series holds. */
    int size();

    /** Adds {@code point}, whose event time is {@code at} and which no point of the series has. */
    void add(long at, T point);

    /** Drops the earliest point; the series is not empty. */
    void removeEarliest();

    /** The series held in {@code points}, kept in event-time order. */
    static <T> PointSeries<T> of(final List<T> points, final ToLongFunction<T> time) {
        return new PointSeries<>() {
            @Override
            public long latestAtOrBefore(final long at) {
                for (int i = points.size() - 1; i >= 0; i--) {
                    final long t = time.applyAsLong(points.get(i));
                    if (t <= at) {
                        return t;
                    }
                }
                return Long.MIN_VALUE;
            }

            @Override
            public long earliestAfter(final long at) {
                long earliest = Long.MAX_VALUE;
                for (int i = points.size() - 1; i >= 0; i--) {
                    final long t = time.applyAsLong(points.get(i));
                    if (t <= at) {
                        break;
                    }
                    earliest = t;
                }
                return earliest;
            }

            @Override
            public int size() {
                return points.size();
            }

            @Override
            public void add(final long at, final T point) {
                int index = points.size();
                while (index > 0 && time.applyAsLong(points.get(index - 1)) > at) {
                    index--;
                }
                points.add(index, point);
            }

            @Override
            public void removeEarliest() {
                points.remove(0);
            }
        };
    }
}
