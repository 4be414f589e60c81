package io.coldchain.rules.temperature;

/**
 * Mean kinetic temperature (USP &lt;1160&gt;): {@code T = (ΔH/R) / -ln(Σ tᵢ·e^(-ΔH/(R·Tᵢ)) / Σ tᵢ)} in
 * kelvin, with ΔH = 83.144 kJ/mol and R = 8.3144 J/(mol·K), so ΔH/R = 10 000 K exactly.
 */
public final class Mkt {

    /** ΔH/R in kelvin. */
    public static final double ACTIVATION_OVER_R = 10_000.0;
    private static final double ZERO_CELSIUS_IN_KELVIN = 273.15;

    private Mkt() {
    }

    /** The Arrhenius weight of one temperature: e^(-ΔH/(R·T)). */
    public static double weight(final double celsius) {
        return Math.exp(-ACTIVATION_OVER_R / (celsius + ZERO_CELSIUS_IN_KELVIN));
    }

    /**
     * @param weightedSum Σ tᵢ·weight(Tᵢ)
     * @param totalTime   Σ tᵢ (any unit, the same as in the weighted sum)
     * @return the MKT in °C, or NaN when there is no time
     */
    public static double celsius(final double weightedSum, final double totalTime) {
        if (totalTime <= 0) {
            return Double.NaN;
        }
        return ACTIVATION_OVER_R / -Math.log(weightedSum / totalTime) - ZERO_CELSIUS_IN_KELVIN;
    }
}
