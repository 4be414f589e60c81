package io.coldchain.sim.model;

/**
 * A stretch in which a shipment runs warm (a door left open, a failing reefer): readings from
 * {@code start} (inclusive) to {@code end} (exclusive) lie in 9..14 °C, peaking near {@code peakCelsius}.
 *
 * @param start       first instant of the spell, epoch millis
 * @param end         first instant after the spell, epoch millis
 * @param peakCelsius highest temperature of the spell, 9..14 °C
 */
public record WarmSpell(long start, long end, double peakCelsius) {

    public WarmSpell {
        if (end <= start || peakCelsius < TemperatureModel.WARM_MIN || peakCelsius > TemperatureModel.WARM_MAX) {
            throw new IllegalArgumentException("bad warm spell " + start + ".." + end + " peak " + peakCelsius);
        }
    }

    public boolean contains(final long time) {
        return time >= start && time < end;
    }

    public long durationMillis() {
        return end - start;
    }
}
