package io.coldchain.rules.temperature;

import io.coldchain.domain.Severity;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The temperature condition of one shipment: what the rules need to go on, and what an operator
 * asks for (last reading, open excursions, time beyond each limit, remaining budget, current MKT).
 * Its size is bounded by the number of rules plus the MKT window divided by its bucket size; it
 * never holds a list of readings.
 *
 * <p>An immutable value, like the route and serial states: the detector returns a new one for every change. It is
 * stored by position ({@code StateSerde}, {@code RecordCodec}): components may only be appended. The component names
 * are still those of the public fields of earlier versions, whose Smile and JSON state is read by name.
 *
 * @param profile           profile the state was built under
 * @param firstReadingTime  event time of the shipment's first reading, epoch ms; -1 before any
 * @param lastReadingTime   event time of the latest reading, epoch ms; -1 before any
 * @param lastCelsius       latest reading, °C
 * @param missingDataMillis time not covered by any reading (gaps longer than the profile's maximum), ms
 * @param rules             per-rule state, by rule id (the band rule included), sorted by id
 * @param mktBuckets        rolling MKT window, oldest bucket first
 * @param mktCelsius        latest rolling MKT, °C; null while there is no data
 * @param mktCoveredMillis  time covered by the MKT window, ms
 * @param silentAlertId     open SENSOR_SILENT alert id, or null
 */
public record TemperatureState(String profile, long firstReadingTime, long lastReadingTime, double lastCelsius,
                               long missingDataMillis, Map<String, RuleState> rules, List<MktBucket> mktBuckets,
                               Double mktCelsius, long mktCoveredMillis, String silentAlertId) {

    public TemperatureState {
        rules = Collections.unmodifiableSortedMap(new TreeMap<>(rules == null ? Map.of() : rules));
        mktBuckets = mktBuckets == null ? List.of() : List.copyOf(mktBuckets);
    }

    /** The state of a shipment before its first reading. */
    public static TemperatureState fresh(final String profile) {
        return new TemperatureState(profile, -1, -1, 0, 0, null, null, null, 0, null);
    }

    /**
     * State of one rule.
     *
     * @param alertId          id of the open (or last) episode; null before the first
     * @param open             whether an episode is open
     * @param episodeStart     event time the open episode started, epoch ms
     * @param severity         severity of the open episode
     * @param runStart         start of the current run beyond the limit, -1 when not beyond
     * @param runMillis        time beyond the limit in the current run (gaps excluded), ms
     * @param cumulativeMillis time beyond the limit over the whole shipment, ms: the stability budget drawn
     * @param clearSince       since when readings are clear of the limit by the dead band, -1 when not
     * @param peakCelsius      most extreme reading of the open episode, °C; null when none
     * @param budgetStep       budget threshold (0, 50, 75, 100 %) last reported
     */
    public record RuleState(String alertId, boolean open, long episodeStart, Severity severity, long runStart,
                            long runMillis, long cumulativeMillis, long clearSince, Double peakCelsius, int budgetStep) {

        /** A rule that has seen nothing yet. */
        public static final RuleState NONE = new RuleState(null, false, -1, null, -1, 0, 0, -1, null, 0);
    }

    /**
     * One bucket of the MKT window.
     *
     * @param start    start of the bucket, epoch ms
     * @param millis   covered time in the bucket, ms
     * @param weighted Σ covered ms · Arrhenius weight
     */
    public record MktBucket(long start, double millis, double weighted) {
    }
}
