package io.coldchain.sim;

import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.network.Realism;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to simulate. Same settings, same events: every value drawn comes from {@link #seed()}, and every
 * timestamp is an offset from {@link #start()}.
 *
 * @param shipments       number of shipments, ids SHP-000001 … ; shipment k is the same whatever the count
 * @param seed            seed of every random draw
 * @param start           simulated start (epoch instant): trucks leave 1..15 min after it; plans are issued up to
 *                        a day before it (or, by the legacy conventions, carry it)
 * @param readingInterval time between two temperature readings of one logger (simulated time)
 * @param fixInterval     time between two GPS fixes of one tracker (simulated time)
 * @param warmFraction    fraction of shipments (0..1) whose temperature leaves 2..8 °C for a while (the legacy
 *                        warm spell; a warm shipment gets no other incident)
 * @param incidents       which incidents and confounders the other shipments get
 * @param realism         imperfections of devices and network
 * @param airShare        fraction of shipments (0..1) flown between distant cities rather than driven
 * @param hubShare        fraction of road shipments (0..1) that make a cross-dock stop at a hub city on the way,
 *                        when there is one (a warm shipment makes none)
 * @param conventions     how parties and devices record the shipment (plans, scans, logger habits)
 */
public record SimulationSettings(int shipments, long seed, Instant start, Duration readingInterval,
                                 Duration fixInterval, double warmFraction, IncidentMix incidents, Realism realism,
                                 double airShare, double hubShare, Conventions conventions) {

    public static final int DEFAULT_SHIPMENTS = 5;
    public static final long DEFAULT_SEED = 42;
    public static final Duration DEFAULT_READING_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_FIX_INTERVAL = Duration.ofMinutes(1);
    public static final double DEFAULT_WARM_FRACTION = 0.25;
    public static final double DEFAULT_HUB_SHARE = 0.3;

    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    /**
     * Settings with no incidents but warm spells, on a perfect network, without hub stops, with the legacy
     * {@link Conventions}: the simulator before incidents existed.
     */
    public SimulationSettings(final int shipments, final long seed, final Instant start, final Duration readingInterval,
                              final Duration fixInterval, final double warmFraction) {
        this(shipments, seed, start, readingInterval, fixInterval, warmFraction, IncidentMix.none(), Realism.none(), 0,
                0);
    }

    /** Settings without hub stops, with the legacy {@link Conventions}. */
    public SimulationSettings(final int shipments, final long seed, final Instant start, final Duration readingInterval,
                              final Duration fixInterval, final double warmFraction, final IncidentMix incidents,
                              final Realism realism, final double airShare) {
        this(shipments, seed, start, readingInterval, fixInterval, warmFraction, incidents, realism, airShare, 0);
    }

    /** Settings with the legacy {@link Conventions}: the simulator before they existed. */
    public SimulationSettings(final int shipments, final long seed, final Instant start, final Duration readingInterval,
                              final Duration fixInterval, final double warmFraction, final IncidentMix incidents,
                              final Realism realism, final double airShare, final double hubShare) {
        this(shipments, seed, start, readingInterval, fixInterval, warmFraction, incidents, realism, airShare, hubShare,
                Conventions.legacy());
    }

    public SimulationSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(realism, "realism");
        Objects.requireNonNull(conventions, "conventions");
        Objects.requireNonNull(readingInterval, "readingInterval");
        Objects.requireNonNull(fixInterval, "fixInterval");
        if (shipments < 0) {
            throw new IllegalArgumentException("shipments must be >= 0, got " + shipments);
        }
        if (readingInterval.compareTo(SHORTEST_INTERVAL) < 0 || fixInterval.compareTo(SHORTEST_INTERVAL) < 0) {
            throw new IllegalArgumentException("reading and fix intervals must be at least 1 s, got "
                    + readingInterval + " and " + fixInterval);
        }
        if (!(warmFraction >= 0 && warmFraction <= 1)) {
            throw new IllegalArgumentException("warm fraction must be within 0..1, got " + warmFraction);
        }
        if (!(airShare >= 0 && airShare <= 1)) {
            throw new IllegalArgumentException("air share must be within 0..1, got " + airShare);
        }
        if (!(hubShare >= 0 && hubShare <= 1)) {
            throw new IllegalArgumentException("hub share must be within 0..1, got " + hubShare);
        }
    }

    /**
     * The defaults (5 shipments, seed 42, readings every 5 min, fixes every minute, a quarter warm, no other
     * incidents, a perfect network, all driven, 30 % of road shipments with a hub stop where one is on the way,
     * the default {@link Conventions}).
     */
    public static SimulationSettings defaults(final Instant start) {
        return new SimulationSettings(DEFAULT_SHIPMENTS, DEFAULT_SEED, start, DEFAULT_READING_INTERVAL,
                DEFAULT_FIX_INTERVAL, DEFAULT_WARM_FRACTION, IncidentMix.none(), Realism.none(), 0, DEFAULT_HUB_SHARE,
                Conventions.defaults());
    }

    public SimulationSettings withShipments(final int value) {
        return new SimulationSettings(value, seed, start, readingInterval, fixInterval, warmFraction,
                incidents, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withSeed(final long value) {
        return new SimulationSettings(shipments, value, start, readingInterval, fixInterval, warmFraction,
                incidents, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withStart(final Instant value) {
        return new SimulationSettings(shipments, seed, value, readingInterval, fixInterval, warmFraction,
                incidents, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withReadingInterval(final Duration value) {
        return new SimulationSettings(shipments, seed, start, value, fixInterval, warmFraction,
                incidents, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withFixInterval(final Duration value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, value, warmFraction,
                incidents, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withWarmFraction(final double value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, fixInterval, value,
                incidents, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withIncidents(final IncidentMix value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, fixInterval, warmFraction,
                value, realism, airShare, hubShare, conventions);
    }

    public SimulationSettings withAirShare(final double value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, fixInterval, warmFraction,
                incidents, realism, value, hubShare, conventions);
    }

    public SimulationSettings withHubShare(final double value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, fixInterval, warmFraction,
                incidents, realism, airShare, value, conventions);
    }

    public SimulationSettings withRealism(final Realism value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, fixInterval, warmFraction,
                incidents, value, airShare, hubShare, conventions);
    }

    public SimulationSettings withConventions(final Conventions value) {
        return new SimulationSettings(shipments, seed, start, readingInterval, fixInterval, warmFraction,
                incidents, realism, airShare, hubShare, value);
    }
}
