package io.coldchain.sim.model;

import java.util.Optional;

/**
 * The temperature a logger reads in a refrigerated truck: a baseline, the slow swing of the reefer's
 * compressor cycle, sensor noise and a slow sensor drift, kept inside 2..8 °C; during a {@link WarmSpell} it
 * climbs into 9..14 °C and afterwards settles back; a {@link TemperatureEffect} (an incident or a confounder)
 * pulls it towards another temperature. Readings have the 0.1 °C resolution of common loggers.
 */
final class TemperatureModel {

    /** Range normal readings are kept in: safely inside the 2..8 °C band. */
    static final double NORMAL_MIN = 2.2;
    static final double NORMAL_MAX = 7.8;
    /** Range of readings during a warm spell. */
    static final double WARM_MIN = 9.0;
    static final double WARM_MAX = 14.0;
    /** How long the temperature creeps up before a spell and settles after it. */
    static final long RAMP_MILLIS = 10 * 60_000L;
    static final long SETTLE_MILLIS = 20 * 60_000L;

    private static final double NOISE_SIGMA = 0.15;
    private static final double SPELL_FLOOR = 9.3;

    /** Physical range of any reading: what a logger in a truck can show. */
    private static final double PHYSICAL_MIN = -30;
    private static final double PHYSICAL_MAX = 45;
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final double baselineCelsius;
    private final double swingCelsius;
    private final long swingPeriodMillis;
    private final double swingPhase;
    private final WarmSpell warmSpell;
    private final double driftCelsiusPerHour;
    private final long driftFrom;
    private final TemperatureEffect effect;

    TemperatureModel(final double baselineCelsius, final double swingCelsius, final long swingPeriodMillis,
                     final double swingPhase, final WarmSpell warmSpell) {
        this(baselineCelsius, swingCelsius, swingPeriodMillis, swingPhase, warmSpell, 0, 0, null);
    }

    /**
     * @param driftCelsiusPerHour sensor drift: the readings creep by this much per hour from {@code driftFrom}
     * @param effect              an incident or confounder acting on the readings, or null
     */
    TemperatureModel(final double baselineCelsius, final double swingCelsius, final long swingPeriodMillis,
                     final double swingPhase, final WarmSpell warmSpell, final double driftCelsiusPerHour,
                     final long driftFrom, final TemperatureEffect effect) {
        this.baselineCelsius = baselineCelsius;
        this.swingCelsius = swingCelsius;
        this.swingPeriodMillis = swingPeriodMillis;
        this.swingPhase = swingPhase;
        this.warmSpell = warmSpell;
        this.driftCelsiusPerHour = driftCelsiusPerHour;
        this.driftFrom = driftFrom;
        this.effect = effect;
    }

    /** This model with sensor drift and an effect on the readings. */
    TemperatureModel with(final double drift, final long from, final TemperatureEffect newEffect) {
        return new TemperatureModel(baselineCelsius, swingCelsius, swingPeriodMillis, swingPhase, warmSpell, drift,
                from, newEffect);
    }

    Optional<WarmSpell> warmSpell() {
        return Optional.ofNullable(warmSpell);
    }

    /**
     * The reading at {@code time}, given one standard-normal draw for the sensor noise.
     */
    double celsiusAt(final long time, final double standardNormal) {
        final double noise = NOISE_SIGMA * Math.max(-3, Math.min(3, standardNormal));
        final double normal = baselineCelsius
                + swingCelsius * Math.sin(2 * Math.PI * time / swingPeriodMillis + swingPhase) + noise
                + driftCelsiusPerHour * Math.max(0, time - driftFrom) / MILLIS_PER_HOUR;
        final double weight = effect == null ? 0 : effect.weight(time);
        if (weight > 0) {
            final double reefer = Math.max(NORMAL_MIN, Math.min(NORMAL_MAX, normal));
            return clampRounded((1 - weight) * reefer + weight * effect.targetCelsius() + weight * noise,
                    PHYSICAL_MIN, PHYSICAL_MAX);
        }
        if (warmSpell == null) {
            return clampRounded(normal, NORMAL_MIN, NORMAL_MAX);
        }
        if (warmSpell.contains(time)) {
            final double u = (double) (time - warmSpell.start()) / warmSpell.durationMillis();
            final double value = SPELL_FLOOR + (warmSpell.peakCelsius() - SPELL_FLOOR) * Math.sin(Math.PI * u) + 2 * noise;
            return clampRounded(value, WARM_MIN, WARM_MAX);
        }
        final long rampStart = warmSpell.start() - RAMP_MILLIS;
        final double towardsTop;
        if (time >= rampStart && time < warmSpell.start()) {
            towardsTop = (double) (time - rampStart) / RAMP_MILLIS;
        } else if (time >= warmSpell.end() && time < warmSpell.end() + SETTLE_MILLIS) {
            towardsTop = 1 - (double) (time - warmSpell.end()) / SETTLE_MILLIS;
        } else {
            towardsTop = 0;
        }
        return clampRounded(normal + (NORMAL_MAX - normal) * towardsTop, NORMAL_MIN, NORMAL_MAX);
    }

    private static double clampRounded(final double value, final double min, final double max) {
        return Math.max(min, Math.min(max, Math.round(value * 10) / 10.0));
    }
}
