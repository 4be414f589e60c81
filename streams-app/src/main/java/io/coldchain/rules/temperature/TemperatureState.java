package io.coldchain.rules.temperature;

import io.coldchain.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The temperature condition of one shipment: what the rules need to go on, and what an operator
 * asks for (last reading, open excursions, time beyond each limit, remaining budget, current MKT).
 * Its size is bounded by the number of rules plus the MKT window divided by its bucket size; it
 * never holds a list of readings.
 */
public final class TemperatureState {

    /** Profile the state was built under. */
    public String profile;
    /** Event time of the shipment's first reading, epoch ms; -1 before any. */
    public long firstReadingTime = -1;
    /** Event time of the latest reading, epoch ms; -1 before any. */
    public long lastReadingTime = -1;
    /** Latest reading, °C. */
    public double lastCelsius;
    /** Time not covered by any reading (gaps longer than the profile's maximum), ms. */
    public long missingDataMillis;
    /** Per-rule state, by rule id (the band rule included). */
    public Map<String, RuleState> rules = new TreeMap<>();
    /** Rolling MKT window, oldest bucket first. */
    public List<MktBucket> mktBuckets = new ArrayList<>();
    /** Latest rolling MKT, °C; null while there is no data. */
    public Double mktCelsius;
    /** Time covered by the MKT window, ms. */
    public long mktCoveredMillis;
    /** Open SENSOR_SILENT alert id, or null. */
    public String silentAlertId;

    /** State of one rule. */
    public static final class RuleState {
        /** Id of the open (or last) episode; null before the first. */
        public String alertId;
        public boolean open;
        /** Event time the open episode started, epoch ms. */
        public long episodeStart = -1;
        public Severity severity;
        /** Start of the current run beyond the limit, -1 when not beyond. */
        public long runStart = -1;
        /** Time beyond the limit in the current run (gaps excluded), ms. */
        public long runMillis;
        /** Time beyond the limit over the whole shipment, ms: the stability budget drawn. */
        public long cumulativeMillis;
        /** Since when readings are clear of the limit by the dead band, -1 when not. */
        public long clearSince = -1;
        /** Most extreme reading of the open episode, °C; null when none. */
        public Double peakCelsius;
        /** Budget threshold (0, 50, 75, 100 %) last reported. */
        public int budgetStep;
    }

    /** One bucket of the MKT window. */
    public static final class MktBucket {
        public long start;
        /** Covered time in the bucket, ms. */
        public double millis;
        /** Σ covered ms · Arrhenius weight. */
        public double weighted;
    }
}
