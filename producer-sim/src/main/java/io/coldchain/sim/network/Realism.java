package io.coldchain.sim.network;

import java.time.Duration;
import java.util.Objects;

/**
 * Imperfections of real devices and networks, applied to every shipment, off unless asked for. They change
 * when records reach the broker (and, for skew, the time a logger stamps), never what happened; the preset
 * stays within the streams application's grace periods except for the late batches, which arrive too late
 * on purpose and must cost nothing but the data they carry.
 *
 * @param reorderWithin   each telemetry record and custody scan reaches the broker up to this much after its
 *                        event time, uniformly; records overtake each other within this bound
 * @param duplicateRate   probability that a telemetry record or custody scan is delivered a second time,
 *                        10 s .. 10 min after the first
 * @param loggerClockSkew temperature loggers' clocks are off by up to this much either way (uniform per logger);
 *                        trackers take GPS time
 * @param lateBatchRate   probability, per shipment and device, of a 5..20 min connectivity gap whose records
 *                        are uploaded together when it ends (beyond the grace period: the streams application
 *                        sets them aside as late data). Gaps keep clear of incidents, the first 15 min and the
 *                        last 30 min of the drive, and leave no reading gap over 28 min
 * @param gpsOutlierRate  probability that a fix is a single large outlier (0.3..25 km off, same accuracy claim);
 *                        never two in a row, never within 5 min of departure or arrival
 */
public record Realism(Duration reorderWithin, double duplicateRate, Duration loggerClockSkew, double lateBatchRate,
                      double gpsOutlierRate) {

    public Realism {
        Objects.requireNonNull(reorderWithin, "reorderWithin");
        Objects.requireNonNull(loggerClockSkew, "loggerClockSkew");
        if (reorderWithin.isNegative() || loggerClockSkew.isNegative()) {
            throw new IllegalArgumentException("reorder bound and clock skew must not be negative");
        }
        for (final double p : new double[] {duplicateRate, lateBatchRate, gpsOutlierRate}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("realism probabilities must be within 0..1, got " + p);
            }
        }
    }

    /** A perfect network and perfect devices. */
    public static Realism none() {
        return new Realism(Duration.ZERO, 0, Duration.ZERO, 0, 0);
    }

    /**
     * What {@code --network-realism} turns on: records up to 30 s out of order, 1 % redelivered, logger clocks
     * up to 45 s off, a connectivity gap on 5 % of devices, one fix in 2,000 a large outlier. Sized so that
     * nothing but the late batches exceeds the grace periods (5 min temperature, 2 min route).
     */
    public static Realism preset() {
        return new Realism(Duration.ofSeconds(30), 0.01, Duration.ofSeconds(45), 0.05, 0.0005);
    }

    public boolean isNone() {
        return reorderWithin.isZero() && duplicateRate == 0 && loggerClockSkew.isZero() && lateBatchRate == 0
                && gpsOutlierRate == 0;
    }

    /** Whether records may reach the broker later than their event time. */
    boolean delaysDelivery() {
        return !reorderWithin.isZero() || duplicateRate > 0 || lateBatchRate > 0;
    }

    public Realism withReorderWithin(final Duration value) {
        return new Realism(value, duplicateRate, loggerClockSkew, lateBatchRate, gpsOutlierRate);
    }

    public Realism withDuplicateRate(final double value) {
        return new Realism(reorderWithin, value, loggerClockSkew, lateBatchRate, gpsOutlierRate);
    }

    public Realism withLoggerClockSkew(final Duration value) {
        return new Realism(reorderWithin, duplicateRate, value, lateBatchRate, gpsOutlierRate);
    }

    public Realism withLateBatchRate(final double value) {
        return new Realism(reorderWithin, duplicateRate, loggerClockSkew, value, gpsOutlierRate);
    }

    public Realism withGpsOutlierRate(final double value) {
        return new Realism(reorderWithin, duplicateRate, loggerClockSkew, lateBatchRate, value);
    }

    /** A one-line description for the settings printout. */
    public String describe() {
        if (isNone()) {
            return "off";
        }
        return String.format(java.util.Locale.ROOT, "out of order within %s, %.2f %% redelivered, logger clocks "
                        + "±%s, late batches on %.1f %% of devices, %.3f %% GPS outliers", reorderWithin,
                duplicateRate * 100, loggerClockSkew, lateBatchRate * 100, gpsOutlierRate * 100);
    }
}
