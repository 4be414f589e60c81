package io.coldchain.rules.history;

import java.util.ArrayList;
import java.util.List;

/**
 * What the query API shows of one shipment beyond the detectors' state: a summary of its latest plan, its latest
 * position and reading, the observed temperature extremes, and downsampled histories of its track and temperature
 * (at most one point per interval of {@link HistoryLimits}, bounded in count) and its custody hand-offs. Plain
 * values, changed only through {@link ShipmentHistoryRule}; its size is bounded by the limits.
 *
 * <p>The downsampled points are kept outside this value, in a {@link PointSeries} per series (the application keeps
 * one store entry per point), and this value holds only how many there are and the latest one's time
 * ({@link #trackKept}, {@link #readingsKept}): it is written at every fix and reading, so it stays small. {@link #track}
 * and {@link #readings} hold the points of a history written before that (an earlier release) until it is next
 * changed, when they move to the series.
 */
public final class ShipmentHistory {

    /** The latest plan's product name, GTIN and lot; null before any plan. */
    public String productName;
    public String gtin;
    public String lot;
    /** The latest plan's status (PLANNED, IN_TRANSIT, DELIVERED, CLOSED); null before any plan. */
    public String planStatus;
    /** issuedAt of the latest plan, epoch ms; -1 before any. */
    public long planIssuedAt = -1;
    /** Latest event time of any input of the shipment, epoch ms; -1 before any. */
    public long lastActivity = -1;
    /** The latest position by event time, not downsampled; null before any. */
    public Position lastPosition;
    /** The latest reading by event time, not downsampled; null before any. */
    public Reading lastReading;
    /** Lowest and highest reading seen, °C; null before any. */
    public Double minCelsius;
    public Double maxCelsius;
    /** Downsampled positions, oldest first, as an earlier release stored them; empty once moved to the series. */
    public List<Position> track = new ArrayList<>();
    /** Downsampled readings, oldest first, as an earlier release stored them; empty once moved to the series. */
    public List<Reading> readings = new ArrayList<>();
    /** Custody hand-offs, oldest first, one per event id. */
    public List<Handoff> custody = new ArrayList<>();
    /** The downsampled positions kept in their series. */
    public Kept trackKept = new Kept();
    /** The downsampled readings kept in their series. */
    public Kept readingsKept = new Kept();

    /** How many points a series kept outside the history holds, and the latest one's event time. */
    public static final class Kept {
        public int count;
        /** Event time of the latest point, epoch ms; {@link Long#MIN_VALUE} when there is none. */
        public long latest = Long.MIN_VALUE;
    }

    /** A position at an event time (epoch ms UTC), degrees WGS 84. */
    public static final class Position {
        public long at;
        public double lat;
        public double lon;

        public Position() {
        }

        public Position(final long at, final double lat, final double lon) {
            this.at = at;
            this.lat = lat;
            this.lon = lon;
        }
    }

    /** A temperature reading at an event time (epoch ms UTC), °C. */
    public static final class Reading {
        public long at;
        public double celsius;

        public Reading() {
        }

        public Reading(final long at, final double celsius) {
            this.at = at;
            this.celsius = celsius;
        }
    }

    /** One custody event: who held the goods where, and why (the CBV business step). */
    public static final class Handoff {
        public String eventId;
        public long at;
        public String bizStep;
        public String partyGln;
        public String partyName;
        /** The business location's GLN and centre, when the event names one. */
        public String locationGln;
        public Double lat;
        public Double lon;
    }
}
