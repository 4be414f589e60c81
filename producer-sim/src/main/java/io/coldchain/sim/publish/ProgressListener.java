package io.coldchain.sim.publish;

import java.time.Duration;
import java.time.Instant;

/** Told how publishing is going, every couple of seconds and once at the end, on the publishing thread. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = progress -> { };

    void onProgress(Progress progress);

    /**
     * A snapshot of a publishing run.
     *
     * @param eventsSent         events handed to the producer so far
     * @param simulatedTime      event time of the latest event sent (null before the first)
     * @param shipmentsDelivered delivery scans sent
     * @param shipments          shipments in the simulation
     * @param eventsPerSecond    send rate since the previous snapshot; in the last one, over the whole run
     * @param elapsed            wall-clock time since publishing began
     * @param finished           whether this is the last snapshot
     */
    record Progress(long eventsSent, Instant simulatedTime, int shipmentsDelivered, int shipments,
                    double eventsPerSecond, Duration elapsed, boolean finished) {
    }
}
