package io.coldchain.sim.incidents;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Which incident or confounder, if any, each shipment gets: at most one per shipment, so every alert has
 * at most one incident to be matched with.
 *
 * <p>With rates, shipment {@code k} draws one uniform number from its own incident generator and walks the
 * cumulative rates: a shipment is the same whatever the number of shipments. With {@link #all()}, shipment
 * {@code k} gets the {@code k}-th entry of {@link IncidentType#drawable()} and then nothing, cyclically, so
 * a fleet of {@code n} times that many shipments holds every type {@code n} times (what an end-to-end test
 * wants).
 *
 * @param rates  probability per shipment of each type; together at most 1
 * @param cycleAll every drawable type in turn instead of rates
 */
public record IncidentMix(Map<IncidentType, Double> rates, boolean cycleAll) {

    /** Rate of each incident type in the default mix. */
    public static final double DEFAULT_INCIDENT_RATE = 0.01;
    /** Rate of each confounder type in the default mix. */
    public static final double DEFAULT_CONFOUNDER_RATE = 0.02;

    /** A mix to start from: {@code simulate --incidents none|default|all}. */
    public enum Preset {
        /** {@link #none()}. */
        NONE,
        /** {@link #defaults()}. */
        DEFAULT,
        /** {@link #all()}. */
        ALL;

        public IncidentMix mix() {
            return switch (this) {
                case NONE -> none();
                case DEFAULT -> defaults();
                case ALL -> all();
            };
        }
    }

    public IncidentMix {
        final Map<IncidentType, Double> copy = new EnumMap<>(IncidentType.class);
        Objects.requireNonNull(rates, "rates").forEach((type, rate) -> {
            if (type == IncidentType.WARM_SPELL) {
                throw new IllegalArgumentException("WARM_SPELL is placed by the warm fraction, not by a rate");
            }
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate of " + type + " must be within 0..1, got " + rate);
            }
            if (rate > 0) {
                copy.put(type, rate);
            }
        });
        final double total = copy.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("incident rates add up to " + total + "; a shipment gets at most one "
                    + "incident, so they must add up to 1 or less");
        }
        rates = Collections.unmodifiableMap(copy);
    }

    /** No incidents and no confounders. */
    public static IncidentMix none() {
        return new IncidentMix(Map.of(), false);
    }

    /** Every incident type at 1 % and every confounder at 2 % of shipments. */
    public static IncidentMix defaults() {
        final Map<IncidentType, Double> rates = new EnumMap<>(IncidentType.class);
        for (final IncidentType type : IncidentType.drawable()) {
            rates.put(type, type.confounder() ? DEFAULT_CONFOUNDER_RATE : DEFAULT_INCIDENT_RATE);
        }
        return new IncidentMix(rates, false);
    }

    /** Every drawable type in turn, then one shipment with nothing; see the class comment. */
    public static IncidentMix all() {
        return new IncidentMix(Map.of(), true);
    }

    /** This mix with {@code type} at {@code rate} (rates mode; a cycling mix becomes a rate mix). */
    public IncidentMix withRate(final IncidentType type, final double rate) {
        final Map<IncidentType, Double> next = new EnumMap<>(IncidentType.class);
        next.putAll(rates);
        next.put(type, rate);
        return new IncidentMix(next, false);
    }

    /** Whether this mix never injects anything. */
    public boolean isNone() {
        return !cycleAll && rates.isEmpty();
    }

    /**
     * The type shipment {@code index} gets, or null. Draws exactly one number from {@code rng} in rates mode
     * and none when cycling, so the caller's later draws do not depend on the mix.
     */
    public IncidentType choose(final int index, final RandomGenerator rng) {
        if (cycleAll) {
            final List<IncidentType> types = IncidentType.drawable();
            final int slot = (index - 1) % (types.size() + 1);
            return slot < types.size() ? types.get(slot) : null;
        }
        final double u = rng.nextDouble();
        double cumulative = 0;
        for (final IncidentType type : IncidentType.values()) {
            final Double rate = rates.get(type);
            if (rate == null) {
                continue;
            }
            cumulative += rate;
            if (u < cumulative) {
                return type;
            }
        }
        return null;
    }

    /** A one-line description for the settings printout. */
    public String describe() {
        if (cycleAll) {
            return "all (each of " + IncidentType.drawable().size() + " types in turn, every "
                    + (IncidentType.drawable().size() + 1) + "th shipment clean)";
        }
        if (rates.isEmpty()) {
            return "none";
        }
        if (equals(defaults())) {
            return "default (each incident type on 1 % of shipments, each confounder on 2 %)";
        }
        final StringBuilder sb = new StringBuilder();
        rates.forEach((type, rate) -> sb.append(sb.isEmpty() ? "" : ", ").append(type).append('=').append(rate));
        return sb.toString();
    }
}
