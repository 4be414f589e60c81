package io.coldchain.rules.temperature;

import io.coldchain.domain.LimitDirection;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.TemperatureProfile;
import io.coldchain.domain.TemperatureRule;
import io.coldchain.domain.TemperatureRuleKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Named temperature profiles: the built-in presets plus user-defined ones. A shipment plan names a
 * profile or carries one inline; the inline profile wins.
 */
public final class TemperatureProfiles {

    public static final String REFRIGERATED = "refrigerated-2-8";
    public static final String FROZEN = "frozen";
    public static final String ULTRA_COLD = "ultra-cold";
    public static final String CONTROLLED_ROOM = "controlled-room-temperature";
    public static final String WHO_PQS_TYPE_1 = "who-pqs-type-1";
    public static final String WHO_PQS_TYPE_2 = "who-pqs-type-2";
    /**
     * The WHO PQS shipping-indicator types define threshold rules only, no storage band: their presets
     * have an unbounded band, so only the WHO rules can trip. A user who also wants a 2..8 °C band
     * defines a profile of their own (inline in the plan, or registered by name).
     */
    static final double NO_BAND_MIN = Double.NEGATIVE_INFINITY;
    static final double NO_BAND_MAX = Double.POSITIVE_INFINITY;

    private final Map<String, TemperatureProfile> byName;

    private TemperatureProfiles(final Map<String, TemperatureProfile> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The built-in presets only. */
    public static TemperatureProfiles builtIn() {
        return new TemperatureProfiles(index(presets()));
    }

    /** The presets plus user-defined profiles; a user profile with a preset's name replaces it. */
    public TemperatureProfiles with(final List<TemperatureProfile> userDefined) {
        final Map<String, TemperatureProfile> merged = new java.util.HashMap<>(byName);
        userDefined.forEach(p -> merged.put(p.name(), p));
        return new TemperatureProfiles(merged);
    }

    public Optional<TemperatureProfile> byName(final String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The profile a plan refers to: its inline profile, else its named one, else empty. */
    public Optional<TemperatureProfile> forPlan(final ShipmentPlan plan) {
        if (plan.profile() != null) {
            return Optional.of(plan.profile());
        }
        return plan.profileName() == null ? Optional.empty() : byName(plan.profileName());
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof TemperatureProfiles that && byName.equals(that.byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return "TemperatureProfiles" + names();
    }

    private static Map<String, TemperatureProfile> index(final List<TemperatureProfile> profiles) {
        return profiles.stream().collect(Collectors.toMap(TemperatureProfile::name, Function.identity()));
    }

    private static List<TemperatureProfile> presets() {
        return List.of(
                profile(REFRIGERATED, 2.0, 8.0, Duration.ofHours(24),
                        rule("refrigerated-freezing-0c-instant", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_BELOW, 0.0, Duration.ZERO, Severity.HIGH),
                        rule("refrigerated-15c-instant", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_ABOVE, 15.0, Duration.ZERO, Severity.HIGH),
                        mkt("refrigerated-mkt-24h-above-8c", 8.0, Duration.ofHours(24), Severity.HIGH)),
                profile(FROZEN, -25.0, -10.0, Duration.ZERO,
                        rule("frozen-above-0c-instant", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_ABOVE, 0.0, Duration.ZERO, Severity.CRITICAL)),
                profile(ULTRA_COLD, -80.0, -60.0, Duration.ZERO,
                        rule("ultra-cold-above-minus20c-instant", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_ABOVE,
                                -20.0, Duration.ZERO, Severity.CRITICAL)),
                // USP <659>: labelled 20..25 °C, excursions between 15 and 30 °C permitted while MKT stays at or
                // below 25 °C; the band is the permitted range, MKT guards the labelled one.
                profile(CONTROLLED_ROOM, 15.0, 30.0, Duration.ZERO,
                        rule("crt-30c-instant", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_ABOVE, 30.0, Duration.ZERO, Severity.HIGH),
                        rule("crt-15c-instant", TemperatureRuleKind.INSTANT, LimitDirection.AT_OR_BELOW, 15.0, Duration.ZERO, Severity.HIGH),
                        mkt("crt-mkt-30d-above-25c", 25.0, Duration.ofDays(30), Severity.HIGH)),
                profile(WHO_PQS_TYPE_1, NO_BAND_MIN, NO_BAND_MAX, Duration.ZERO,
                        rule("who-type1-45c-consecutive-1h", TemperatureRuleKind.CONSECUTIVE, LimitDirection.AT_OR_ABOVE,
                                45.0, Duration.ofHours(1), Severity.CRITICAL),
                        rule("who-type1-30c-cumulative-10h", TemperatureRuleKind.CUMULATIVE, LimitDirection.AT_OR_ABOVE,
                                30.0, Duration.ofHours(10), Severity.HIGH),
                        rule("who-type1-minus0.5c-consecutive-1h", TemperatureRuleKind.CONSECUTIVE, LimitDirection.AT_OR_BELOW,
                                -0.5, Duration.ofHours(1), Severity.CRITICAL)),
                profile(WHO_PQS_TYPE_2, NO_BAND_MIN, NO_BAND_MAX, Duration.ZERO,
                        rule("who-type2-45c-consecutive-1h", TemperatureRuleKind.CONSECUTIVE, LimitDirection.AT_OR_ABOVE,
                                45.0, Duration.ofHours(1), Severity.CRITICAL),
                        rule("who-type2-30c-cumulative-10h", TemperatureRuleKind.CUMULATIVE, LimitDirection.AT_OR_ABOVE,
                                30.0, Duration.ofHours(10), Severity.HIGH),
                        rule("who-type2-10c-cumulative-20h", TemperatureRuleKind.CUMULATIVE, LimitDirection.AT_OR_ABOVE,
                                10.0, Duration.ofHours(20), Severity.MEDIUM)));
    }

    private static TemperatureProfile profile(final String name, final double min, final double max,
                                              final Duration stabilityBudget, final TemperatureRule... rules) {
        return TemperatureProfile.builder()
                .name(name)
                .minCelsius(min)
                .maxCelsius(max)
                .stabilityBudgetMillis(stabilityBudget.toMillis())
                .rules(Stream.of(rules).toList())
                .build();
    }

    private static TemperatureRule rule(final String id, final TemperatureRuleKind kind, final LimitDirection direction,
                                        final double limit, final Duration duration, final Severity severity) {
        return TemperatureRule.builder()
                .ruleId(id)
                .kind(kind)
                .direction(direction)
                .limitCelsius(limit)
                .durationMillis(duration.toMillis())
                .severity(severity)
                .build();
    }

    private static TemperatureRule mkt(final String id, final double limit, final Duration window, final Severity severity) {
        return TemperatureRule.builder()
                .ruleId(id)
                .kind(TemperatureRuleKind.MKT)
                .direction(LimitDirection.AT_OR_ABOVE)
                .limitCelsius(limit)
                .windowMillis(window.toMillis())
                .severity(severity)
                .build();
    }
}
