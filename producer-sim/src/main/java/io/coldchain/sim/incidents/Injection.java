package io.coldchain.sim.incidents;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.Party;
import io.coldchain.sim.model.Movement;
import io.coldchain.sim.model.TemperatureEffect;
import java.util.List;

/**
 * What one incident or confounder changes about a shipment, decided by {@link IncidentPlanner}; every field is
 * "no change" in {@link #none(long, long)}.
 *
 * @param label            the ground truth, or null when nothing was injected
 * @param temperature      an effect on the logger's readings, or null
 * @param excursion        a detour or stop, or null
 * @param diversion        a wrong destination, or null
 * @param arrival          when the truck reaches the end of its trip
 * @param delivery         the delivery scan, after which telemetry ends
 * @param loggerSilentFrom the logger sends no reading from this time on ({@link Long#MAX_VALUE}: never silent)
 * @param outliers         GPS fixes replaced by far-off positions
 * @param deliverySite     where the delivery scan happens, or null for the destination depot
 * @param receiver         who receives the goods, or null for the planned consignee
 * @param extraPack        an SGTIN the delivery scan reads besides the shipment's packs, or null
 * @param extraScans       custody scans besides pickup and delivery, in time order
 * @param redeliver        whether the custody scans and some telemetry are delivered twice
 * @param loggerBlip       readings in [from, to) reach the broker at {@code to}, or null
 * @param trackerBlip      fixes in [from, to) reach the broker at {@code to}, or null
 */
public record Injection(IncidentLabel label, TemperatureEffect temperature, Movement.Excursion excursion,
                 Movement.Diversion diversion, long arrival, long delivery, long loggerSilentFrom,
                 List<GpsOutlier> outliers, Area deliverySite, Party receiver, String extraPack,
                 List<ExtraScan> extraScans, boolean redeliver, Window loggerBlip, Window trackerBlip) {

    public Injection {
        outliers = List.copyOf(outliers);
        extraScans = List.copyOf(extraScans);
    }

    /** Nothing injected: the planned arrival and delivery stand. */
    public static Injection none(final long arrival, final long delivery) {
        return new Injection(null, null, null, null, arrival, delivery, Long.MAX_VALUE, List.of(), null, null, null,
                List.of(), false, null, null);
    }

    /** An interval of event time, {@code [from, to)}, epoch millis. */
    public record Window(long from, long to) {

        public Window {
            if (to <= from) {
                throw new IllegalArgumentException("empty window " + from + ".." + to);
            }
        }

        public boolean contains(final long time) {
            return time >= from && time < to;
        }

        public boolean overlaps(final long otherFrom, final long otherTo) {
            return from < otherTo && otherFrom < to;
        }
    }

    /**
     * The fix at {@code time} reports a position {@code meters} away in direction {@code bearingDegrees}.
     */
    public record GpsOutlier(long time, double meters, double bearingDegrees) {
    }

    /** A custody scan besides pickup and delivery. */
    public record ExtraScan(Kind kind, long time, String sgtin, String lot, String expiryDate) {

        /** What the scan is. */
        public enum Kind {
            /** A counterfeit pack scanned as the goods leave the origin, like the pickup. */
            CLONE_AT_PICKUP,
            /** The counterfeit pack scanned again on receipt, like the delivery. */
            CLONE_AT_DELIVERY,
            /** The consignee dispenses a pack. */
            DISPENSING,
            /** The dispensed pack's serial is received again at the consignee. */
            REUSE
        }
    }
}
