package io.coldchain.sim.model;

/**
 * Something that pulls a logger's readings away from the reefer's normal temperature towards
 * {@code targetCelsius}: the reading is {@code (1 - w)·normal + w·target}, with the weight {@code w} going from
 * 0 to 1 as described by {@link Kind}. Outside its active span the effect leaves the readings alone.
 *
 * @param kind          the shape of the weight over time
 * @param start         when the effect begins, epoch millis
 * @param holdMillis    how long the cause lasts (door open, compressor over-cooling, loading); unused for
 *                      {@link Kind#WARM_UP}
 * @param targetCelsius the temperature the readings approach (ambient air, the over-cooled coil)
 * @param riseMillis    time constant of the approach
 * @param recoverMillis time constant of the return once the cause is gone
 */
public record TemperatureEffect(Kind kind, long start, long holdMillis, double targetCelsius, long riseMillis,
                         long recoverMillis) {

    /** Below this weight a recovering effect is over. */
    private static final double NEGLIGIBLE = 0.03;

    /** How the weight evolves. */
    public enum Kind {
        /** Exponential approach, forever: a reefer that failed and stays failed. */
        WARM_UP,
        /** Exponential approach while the cause lasts, exponential recovery after: door open, over-cooling. */
        EXCURSION,
        /** Starts at full weight and fades linearly to nothing over the hold: warm air at loading. */
        FADE
    }

    /** The weight at {@code time}: 0 when the effect does not apply. */
    double weight(final long time) {
        if (time < start) {
            return 0;
        }
        final long since = time - start;
        return switch (kind) {
            case WARM_UP -> 1 - Math.exp(-(double) since / riseMillis);
            case EXCURSION -> {
                if (since < holdMillis) {
                    yield 1 - Math.exp(-(double) since / riseMillis);
                }
                final double atRelease = 1 - Math.exp(-(double) holdMillis / riseMillis);
                final double w = atRelease * Math.exp(-(double) (since - holdMillis) / recoverMillis);
                yield w < NEGLIGIBLE ? 0 : w;
            }
            case FADE -> since < holdMillis ? 1 - (double) since / holdMillis : 0;
        };
    }

    /** The first instant the effect no longer applies ({@link Long#MAX_VALUE} for a warm-up). */
    public long end() {
        return switch (kind) {
            case WARM_UP -> Long.MAX_VALUE;
            case EXCURSION -> {
                final double atRelease = 1 - Math.exp(-(double) holdMillis / riseMillis);
                yield start + holdMillis + (long) Math.ceil(recoverMillis * Math.log(atRelease / NEGLIGIBLE));
            }
            case FADE -> start + holdMillis;
        };
    }
}
