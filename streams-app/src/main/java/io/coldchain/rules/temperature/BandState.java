package io.coldchain.rules.temperature;

/**
 * An open out-of-band episode of one shipment.
 *
 * @param alertId           id shared by every alert of the episode
 * @param startMillis       event time of the first reading outside the band
 * @param peakDeviationCelsius largest distance outside the band seen so far, °C
 * @param peakCelsius       reading at the peak deviation, °C
 * @param lastEvidenceMillis event time of the latest reading of the episode
 */
public record BandState(String alertId, long startMillis, double peakDeviationCelsius, double peakCelsius,
                        long lastEvidenceMillis) {
}
