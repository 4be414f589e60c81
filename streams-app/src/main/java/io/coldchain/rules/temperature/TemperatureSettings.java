package io.coldchain.rules.temperature;

import java.time.Duration;

/**
 * Alarm hygiene and engine parameters shared by every profile (the profiles hold the band and rules).
 *
 * @param acclimatisation  readings this long after a shipment's first reading raise nothing (logger settling)
 * @param deadBandCelsius  to clear, a reading must be inside the limit by at least this much
 * @param minClearTime     ... continuously for at least this long
 * @param grace            out-of-order readings within this much of stream time are placed in order; later ones go to the late-data topic
 * @param mktBucket        resolution of the rolling MKT window (state is window / bucket entries)
 */
public record TemperatureSettings(Duration acclimatisation, double deadBandCelsius, Duration minClearTime,
                                  Duration grace, Duration mktBucket) {

    public static TemperatureSettings defaults() {
        return new TemperatureSettings(Duration.ofMinutes(10), 0.5, Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofMinutes(10));
    }
}
