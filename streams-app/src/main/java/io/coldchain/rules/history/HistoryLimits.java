package io.coldchain.rules.history;

import java.time.Duration;

/**
 * How much history the query API keeps per shipment, for its charts.
 *
 * @param trackInterval       at most one position per this much event time
 * @param maxTrackPoints      positions kept, the oldest dropped first
 * @param readingInterval     at most one temperature reading per this much event time
 * @param maxReadings         readings kept, the oldest dropped first
 * @param maxHandoffs         custody hand-offs kept, the oldest dropped first
 * @param retention           how long a shipment's history stays after its latest event (event time)
 */
public record HistoryLimits(Duration trackInterval, int maxTrackPoints, Duration readingInterval, int maxReadings,
                            int maxHandoffs, Duration retention) {

    /**
     * One point per 5 minutes, two days' worth (576 points) of each, kept 7 days after the last event. The points are
     * store entries of their own ({@link PointSeries}); the history value written with each record of the shipment
     * holds the rest, a few hundred bytes and the custody hand-offs.
     */
    public static final HistoryLimits DEFAULTS = new HistoryLimits(Duration.ofMinutes(5), 576, Duration.ofMinutes(5),
            576, 200, Duration.ofDays(7));

    public HistoryLimits {
        if (trackInterval.isNegative() || readingInterval.isNegative() || maxTrackPoints < 1 || maxReadings < 1
                || maxHandoffs < 1 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("history limits must be positive: " + trackInterval + ", "
                    + maxTrackPoints + ", " + readingInterval + ", " + maxReadings + ", " + maxHandoffs + ", " + retention);
        }
    }
}
