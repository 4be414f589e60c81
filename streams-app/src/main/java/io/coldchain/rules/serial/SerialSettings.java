package io.coldchain.rules.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds and limits of the serial-integrity and custody-chain rules.
 *
 * @param maxRoadSpeedKmh        fastest a pack travels by road, km/h (default 120)
 * @param maxAirSpeedKmh         fastest a pack travels by air, km/h (default 950, jet cruise speed)
 * @param airHandlingTime        least time any air leg takes on top of flying (to the airport, loading,
 *                               taxi, unloading); {@link Duration#ZERO} judges air by cruise speed alone (default 1 h)
 * @param speedMargin            tolerance on the fastest feasible travel, as a fraction: 0.25 flags only travel
 *                               more than 25 % faster than any transport mode allows (default 0.25)
 * @param samePlaceRadiusMeters  two sightings closer than this are at the same place, whatever their times:
 *                               absorbs site size and coordinate noise (default 2 km)
 * @param simultaneityWindow     an impossible trip made within this time is reported as "two places at once"
 *                               (DUPLICATE_SERIAL) rather than as IMPOSSIBLE_TRAVEL (default 5 min)
 * @param retentionAfterExpiry   how long a serial's state is kept after its product expiry date (default 90 days)
 * @param retentionWithoutExpiry how long the state of a serial with no known expiry is kept after it was first
 *                               seen (default 90 days)
 * @param chainRetention         how long a shipment's custody-chain state is kept after its last custody event
 *                               (default 35 days: the custody topic keeps 30 days, so no redelivery from it is older)
 * @param sweepInterval          stream-time interval of the retention sweeps (default 1 h)
 * @param maxDeletesPerSweep     most states one sweep deletes, so a sweep never stalls processing; the rest go in
 *                               the next sweep (default 10 000)
 * @param sightingsPerSerial     sightings kept per serial, newest by event time (default 4); they are the
 *                               comparison partners of the next sighting and the memory for redelivery
 * @param eventsPerShipment      custody event ids and content fingerprints remembered per shipment for
 *                               redelivery detection (default 32)
 * @param declarationGrace       how far stream time must be past a sighting of a serial its shipment does not
 *                               list before it is judged UNKNOWN_SERIAL or DUPLICATE_SERIAL (another open plan
 *                               lists it): a plan, or a corrected one, arriving in the meantime decides instead, so
 *                               any arrival order within it gives the verdict of the in-order stream (default 10 min)
 * @param planWait               how long, in stream time past their event time, custody events of a shipment that
 *                               has no plan at all wait for it: their serials before the undeclared checks, the
 *                               events before the custody-chain checks (default 6 h, as the telemetry detectors);
 *                               then they are judged without it
 */
public record SerialSettings(
        double maxRoadSpeedKmh,
        double maxAirSpeedKmh,
        Duration airHandlingTime,
        double speedMargin,
        double samePlaceRadiusMeters,
        Duration simultaneityWindow,
        Duration retentionAfterExpiry,
        Duration retentionWithoutExpiry,
        Duration chainRetention,
        Duration sweepInterval,
        int maxDeletesPerSweep,
        int sightingsPerSerial,
        int eventsPerShipment,
        Duration declarationGrace,
        Duration planWait) {

    public SerialSettings {
        requirePositive("maxRoadSpeedKmh", maxRoadSpeedKmh);
        requirePositive("maxAirSpeedKmh", maxAirSpeedKmh);
        requireNotNegative("airHandlingTime", airHandlingTime);
        if (!(speedMargin >= 0)) {
            throw new IllegalArgumentException("speedMargin must be 0 or more: " + speedMargin);
        }
        if (!(samePlaceRadiusMeters >= 0)) {
            throw new IllegalArgumentException("samePlaceRadiusMeters must be 0 or more: " + samePlaceRadiusMeters);
        }
        requireNotNegative("simultaneityWindow", simultaneityWindow);
        requireNotNegative("retentionAfterExpiry", retentionAfterExpiry);
        requirePositiveDuration("retentionWithoutExpiry", retentionWithoutExpiry);
        requirePositiveDuration("chainRetention", chainRetention);
        requirePositiveDuration("sweepInterval", sweepInterval);
        requirePositive("maxDeletesPerSweep", maxDeletesPerSweep);
        requirePositive("sightingsPerSerial", sightingsPerSerial);
        requirePositive("eventsPerShipment", eventsPerShipment);
        requireNotNegative("declarationGrace", declarationGrace);
        requireNotNegative("planWait", planWait);
    }

    public static SerialSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .maxRoadSpeedKmh(maxRoadSpeedKmh).maxAirSpeedKmh(maxAirSpeedKmh).airHandlingTime(airHandlingTime)
                .speedMargin(speedMargin).samePlaceRadiusMeters(samePlaceRadiusMeters)
                .simultaneityWindow(simultaneityWindow).retentionAfterExpiry(retentionAfterExpiry)
                .retentionWithoutExpiry(retentionWithoutExpiry).chainRetention(chainRetention)
                .sweepInterval(sweepInterval).maxDeletesPerSweep(maxDeletesPerSweep)
                .sightingsPerSerial(sightingsPerSerial).eventsPerShipment(eventsPerShipment)
                .declarationGrace(declarationGrace).planWait(planWait);
    }

    /**
     * The shortest time any transport mode needs for {@code meters}, in milliseconds: the better of road
     * at its top speed and air at its top speed plus the handling time.
     */
    public double fastestTravelMillis(final double meters) {
        final double road = meters / 1000 / maxRoadSpeedKmh * 3_600_000;
        final double air = airHandlingTime.toMillis() + meters / 1000 / maxAirSpeedKmh * 3_600_000;
        return Math.min(road, air);
    }

    private static void requirePositive(final String name, final double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requireNotNegative(final String name, final Duration value) {
        if (Objects.requireNonNull(value, name).isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requirePositiveDuration(final String name, final Duration value) {
        if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builder for {@link SerialSettings}, starting from the defaults. */
    public static final class Builder {
        private double maxRoadSpeedKmh = 120;
        private double maxAirSpeedKmh = 950;
        private Duration airHandlingTime = Duration.ofHours(1);
        private double speedMargin = 0.25;
        private double samePlaceRadiusMeters = 2_000;
        private Duration simultaneityWindow = Duration.ofMinutes(5);
        private Duration retentionAfterExpiry = Duration.ofDays(90);
        private Duration retentionWithoutExpiry = Duration.ofDays(90);
        private Duration chainRetention = Duration.ofDays(35);
        private Duration sweepInterval = Duration.ofHours(1);
        private int maxDeletesPerSweep = 10_000;
        private int sightingsPerSerial = 4;
        private int eventsPerShipment = 32;
        private Duration declarationGrace = Duration.ofMinutes(10);
        private Duration planWait = Duration.ofHours(48);

        private Builder() {
        }

        public Builder maxRoadSpeedKmh(final double value) {
            this.maxRoadSpeedKmh = value;
            return this;
        }

        public Builder maxAirSpeedKmh(final double value) {
            this.maxAirSpeedKmh = value;
            return this;
        }

        public Builder airHandlingTime(final Duration value) {
            this.airHandlingTime = value;
            return this;
        }

        public Builder speedMargin(final double value) {
            this.speedMargin = value;
            return this;
        }

        public Builder samePlaceRadiusMeters(final double value) {
            this.samePlaceRadiusMeters = value;
            return this;
        }

        public Builder simultaneityWindow(final Duration value) {
            this.simultaneityWindow = value;
            return this;
        }

        public Builder retentionAfterExpiry(final Duration value) {
            this.retentionAfterExpiry = value;
            return this;
        }

        public Builder retentionWithoutExpiry(final Duration value) {
            this.retentionWithoutExpiry = value;
            return this;
        }

        public Builder chainRetention(final Duration value) {
            this.chainRetention = value;
            return this;
        }

        public Builder sweepInterval(final Duration value) {
            this.sweepInterval = value;
            return this;
        }

        public Builder maxDeletesPerSweep(final int value) {
            this.maxDeletesPerSweep = value;
            return this;
        }

        public Builder sightingsPerSerial(final int value) {
            this.sightingsPerSerial = value;
            return this;
        }

        public Builder eventsPerShipment(final int value) {
            this.eventsPerShipment = value;
            return this;
        }

        public Builder declarationGrace(final Duration value) {
            this.declarationGrace = value;
            return this;
        }

        public Builder planWait(final Duration value) {
            this.planWait = value;
            return this;
        }

        public SerialSettings build() {
            return new SerialSettings(maxRoadSpeedKmh, maxAirSpeedKmh, airHandlingTime, speedMargin,
                    samePlaceRadiusMeters, simultaneityWindow, retentionAfterExpiry, retentionWithoutExpiry,
                    chainRetention, sweepInterval, maxDeletesPerSweep, sightingsPerSerial, eventsPerShipment,
                    declarationGrace, planWait);
        }
    }
}
