package io.coldchain.sim.publish;

import java.time.Duration;
import java.time.Instant;

/**
 * What a publishing run delivered: records acknowledged by the broker, per topic.
 *
 * @param plans               shipment plans acknowledged
 * @param temperatureReadings temperature readings acknowledged
 * @param locationFixes       GPS fixes acknowledged
 * @param custodyEvents       custody scans acknowledged
 * @param shipmentsDelivered  delivery scans acknowledged
 * @param simulatedUntil      event time of the last event sent (null if none)
 * @param elapsed             wall-clock duration of the run
 * @param completed           false when the run was stopped before the simulation ended
 */
public record PublishResult(long plans, long temperatureReadings, long locationFixes, long custodyEvents,
                            long shipmentsDelivered, Instant simulatedUntil, Duration elapsed, boolean completed) {

    public long total() {
        return plans + temperatureReadings + locationFixes + custodyEvents;
    }
}
