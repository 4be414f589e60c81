package io.coldchain.rules.temperature;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.temperature.TemperatureState.MktBucket;
import io.coldchain.rules.temperature.TemperatureWork.Rule;
import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.LimitDirection;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureProfile;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.domain.TemperatureRule;
import io.coldchain.domain.TemperatureRuleKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The temperature rule engine: the storage band, the profile's instant / consecutive / cumulative /
 * MKT rules, the stability budget, missing data and silent loggers.
 *
 * <p>Readings must arrive in event-time order (the processor's reorder buffer sees to that). A
 * reading stands for the interval until the next one, capped at the profile's maximum gap; the rest
 * of a longer gap is missing data, counted as neither in nor out of range. Durations are therefore
 * known one reading late, and a consecutive or cumulative rule trips at the exact event time its
 * duration was reached. Instant rules and the band trip on the reading itself.
 *
 * <p>Each rule has one alert id per episode: OPEN when it trips, UPDATED when the band episode's
 * severity escalates or the stability budget crosses 50 / 75 / 100 %, RESOLVED once readings are
 * back inside the limit by the dead band for the minimum clear time. Cumulative rules and the
 * exhausted budget never resolve: they call for a quality review.
 */
public final class TemperatureExcursionDetector implements Detector<TemperatureReading, TemperatureState> {

    static final String MISSING_DATA_RULE = "missing-data";
    static final String SILENT_RULE = "sensor-silent";
    static final Duration DEFAULT_MKT_WINDOW = Duration.ofHours(24);
    private static final int[] BUDGET_STEPS = {50, 75, 100};

    private final TemperatureProfiles profiles;
    private final TemperatureSettings settings;

    public TemperatureExcursionDetector(final TemperatureProfiles profiles, final TemperatureSettings settings) {
        this.profiles = profiles;
        this.settings = settings;
    }

    public static String bandRuleId(final TemperatureProfile profile) {
        return profile.name() + "-band";
    }

    public static String budgetRuleId(final TemperatureProfile profile) {
        return profile.name() + "-stability-budget";
    }

    @Override
    public Outcome<TemperatureState> onEvent(final ShipmentPlan plan, final TemperatureState previous,
                                             final TemperatureReading reading) {
        if (plan.status() == ShipmentStatus.CLOSED) {
            return Outcome.quiet(null);
        }
        final TemperatureProfile profile = profileOf(plan);
        final TemperatureWork state = new TemperatureWork(previous != null ? previous
                : TemperatureState.fresh(profile.name()));
        final Evaluation eval = new Evaluation(plan, profile, state);
        final long time = reading.eventTime();
        final double celsius = reading.temperatureCelsius();

        if (plan.status() == ShipmentStatus.DELIVERED) {
            // Delivered (declared in the plan or inferred from the receiving scan): a logger still running
            // at the consignee says nothing about the transport.
            return Outcome.quiet(previous == null ? null : state.freeze());
        }
        // One gap, one alert: a gap longer than the silence limit is SENSOR_SILENT (opened here if no time
        // check saw it while it lasted, so a replay gives the alerts of the live run), not also MISSING_DATA.
        final boolean silentGap = state.lastReadingTime >= 0
                && time - state.lastReadingTime > profile.maxSilenceMillis();
        if (silentGap && state.silentAlertId == null) {
            openSilence(eval, plan, profile, state);
        }
        if (state.silentAlertId != null) {
            eval.emit(AlertType.SENSOR_SILENT, SILENT_RULE, state.silentAlertId, AlertStatus.RESOLVED, Severity.HIGH,
                    state.lastReadingTime, time, "Logger reporting again after "
                            + minutes(time - state.lastReadingTime) + " min of silence",
                    Map.of("silenceMillis", Long.toString(time - state.lastReadingTime)));
            state.silentAlertId = null;
        }
        if (state.lastReadingTime >= 0 && time > state.lastReadingTime) {
            final long span = time - state.lastReadingTime;
            final long covered = Math.min(span, profile.maxReadingGapMillis());
            eval.interval(state.lastReadingTime, state.lastReadingTime + covered, state.lastCelsius);
            if (span > covered && !silentGap) {
                eval.missingData(state.lastReadingTime + covered, time);
            }
        }
        if (state.firstReadingTime < 0) {
            state.firstReadingTime = time;
        }
        eval.point(time, celsius);
        state.lastReadingTime = Math.max(state.lastReadingTime, time);
        state.lastCelsius = celsius;
        return Outcome.of(state.freeze(), eval.alerts);
    }

    /**
     * Silence check at event time {@code now}: raises SENSOR_SILENT for a shipment in transit whose
     * logger has not reported for longer than its profile allows; forgets closed shipments.
     */
    @Override
    public Outcome<TemperatureState> onTime(final ShipmentPlan plan, final TemperatureState state, final long now) {
        if (plan == null || plan.status() == ShipmentStatus.CLOSED) {
            return Outcome.quiet(null);
        }
        if (state.lastReadingTime() < 0 || state.silentAlertId() != null
                || plan.status() == ShipmentStatus.DELIVERED) {
            return Outcome.quiet(state);
        }
        final TemperatureProfile profile = profileOf(plan);
        final long silentAt = state.lastReadingTime() + profile.maxSilenceMillis();
        if (now <= silentAt) {
            return Outcome.quiet(state);
        }
        final TemperatureWork work = new TemperatureWork(state);
        final Evaluation eval = new Evaluation(plan, profile, work);
        openSilence(eval, plan, profile, work);
        return Outcome.of(work.freeze(), eval.alerts);
    }

    /** Mirrors {@link #onTime}: nothing changes until the logger has been silent longer than its profile allows. */
    @Override
    public long quietUntil(final ShipmentPlan plan, final TemperatureState state) {
        if (plan == null || plan.status() == ShipmentStatus.CLOSED) {
            return Long.MIN_VALUE;
        }
        if (state.lastReadingTime() < 0 || state.silentAlertId() != null
                || plan.status() == ShipmentStatus.DELIVERED) {
            return Long.MAX_VALUE;
        }
        return state.lastReadingTime() + profileOf(plan).maxSilenceMillis();
    }

    /** The same OPEN whether a time check or the next reading finds the silence. */
    private static void openSilence(final Evaluation eval, final ShipmentPlan plan, final TemperatureProfile profile,
                                    final TemperatureWork state) {
        final long silentAt = state.lastReadingTime + profile.maxSilenceMillis();
        state.silentAlertId = AlertIds.episode(plan.shipmentId(), SILENT_RULE, state.lastReadingTime);
        eval.emit(AlertType.SENSOR_SILENT, SILENT_RULE, state.silentAlertId, AlertStatus.OPEN, Severity.HIGH,
                state.lastReadingTime, silentAt, "No temperature reading for more than "
                        + minutes(profile.maxSilenceMillis()) + " min while in transit (possible tampering)",
                Map.of("lastReadingCelsius", fmt(state.lastCelsius),
                        "maxSilenceMillis", Long.toString(profile.maxSilenceMillis())));
    }

    private TemperatureProfile profileOf(final ShipmentPlan plan) {
        return profiles.forPlan(plan).orElseThrow(() -> new IllegalArgumentException(
                "shipment " + plan.shipmentId() + " names unknown temperature profile '" + plan.profileName()
                        + "'; known: " + profiles.names()));
    }

    /** One evaluation step: the rules of a profile applied to one shipment's state, collecting alerts. */
    private final class Evaluation {
        private final ShipmentPlan plan;
        private final TemperatureProfile profile;
        private final TemperatureWork state;
        private final List<Alert> alerts = new ArrayList<>();
        private final Rule band;

        Evaluation(final ShipmentPlan plan, final TemperatureProfile profile, final TemperatureWork state) {
            this.plan = plan;
            this.profile = profile;
            this.state = state;
            this.band = rule(bandRuleId(profile));
        }

        private Rule rule(final String id) {
            return state.rules.computeIfAbsent(id, k -> new Rule(TemperatureState.RuleState.NONE));
        }

        private long armedFrom() {
            return state.firstReadingTime + settings.acclimatisation().toMillis();
        }

        private boolean outsideBand(final double celsius) {
            return celsius < profile.minCelsius() || celsius > profile.maxCelsius();
        }

        private boolean clearOfBand(final double celsius) {
            final double db = settings.deadBandCelsius();
            return celsius >= profile.minCelsius() + db && celsius <= profile.maxCelsius() - db;
        }

        private boolean beyond(final TemperatureRule rule, final double celsius) {
            return rule.direction() == LimitDirection.AT_OR_ABOVE
                    ? celsius >= rule.limitCelsius() : celsius <= rule.limitCelsius();
        }

        private boolean clearOf(final TemperatureRule rule, final double celsius) {
            final double db = settings.deadBandCelsius();
            return rule.direction() == LimitDirection.AT_OR_ABOVE
                    ? celsius <= rule.limitCelsius() - db : celsius >= rule.limitCelsius() + db;
        }

        /** The reading at {@code from} held {@code celsius} until {@code to}. */
        void interval(final long from, final long to, final double celsius) {
            addToMkt(from, to, celsius);
            final long start = Math.max(from, armedFrom());
            if (start >= to) {
                return;
            }
            final long duration = to - start;
            if (outsideBand(celsius)) {
                final long before = band.cumulativeMillis;
                band.cumulativeMillis += duration;
                band.runMillis += duration;
                drawBudget(before, start, celsius);
            }
            for (final TemperatureRule rule : profile.rules()) {
                if (rule.kind() == TemperatureRuleKind.MKT || !beyond(rule, celsius)) {
                    continue;
                }
                final Rule rs = rule(rule.ruleId());
                final long before = rs.cumulativeMillis;
                rs.cumulativeMillis += duration;
                rs.runMillis += duration;
                if (rule.kind() == TemperatureRuleKind.CONSECUTIVE && !rs.open
                        && rs.runMillis >= rule.durationMillis()) {
                    final long trippedAt = to - (rs.runMillis - rule.durationMillis());
                    open(rule, rs, rs.runStart >= 0 ? rs.runStart : start, trippedAt, celsius,
                            "continuously " + side(rule) + " for " + minutes(rule.durationMillis()) + " min");
                } else if (rule.kind() == TemperatureRuleKind.CUMULATIVE && rs.alertId == null
                        && rs.cumulativeMillis >= rule.durationMillis()) {
                    final long trippedAt = start + (rule.durationMillis() - before);
                    open(rule, rs, trippedAt, trippedAt, celsius,
                            "a total of " + minutes(rule.durationMillis()) + " min " + side(rule) + " over the shipment");
                }
            }
        }

        /** The stability budget is time outside the band; report 50 / 75 / 100 % crossings. */
        private void drawBudget(final long before, final long start, final double celsius) {
            final long budget = profile.stabilityBudgetMillis();
            if (budget <= 0) {
                return;
            }
            for (final int step : BUDGET_STEPS) {
                if (band.budgetStep >= step || band.cumulativeMillis * 100 < budget * step) {
                    continue;
                }
                band.budgetStep = step;
                final long crossedAt = start + (budget * step / 100 - before);
                if (band.open) {
                    emitBand(AlertStatus.UPDATED, crossedAt, celsius,
                            "stability budget " + step + " % used (" + minutes(band.cumulativeMillis) + " of "
                                    + minutes(budget) + " min)");
                }
                if (step == 100) {
                    final String id = AlertIds.episode(plan.shipmentId(), budgetRuleId(profile), crossedAt);
                    emit(AlertType.TEMPERATURE_EXCURSION, budgetRuleId(profile), id, AlertStatus.OPEN, Severity.HIGH,
                            crossedAt, crossedAt, "Stability budget exhausted: " + minutes(band.cumulativeMillis)
                                    + " min outside " + bandText() + "; quality review required", evidence(celsius, null));
                }
            }
        }

        void missingData(final long from, final long to) {
            state.missingDataMillis += to - from;
            final String id = AlertIds.episode(plan.shipmentId(), MISSING_DATA_RULE, from);
            final String summary = "No temperature data for " + minutes(to - from) + " min (gap longer than "
                    + minutes(profile.maxReadingGapMillis()) + " min); the interval is unknown, not in range";
            final Map<String, String> evidence = Map.of("gapMillis", Long.toString(to - from),
                    "maxReadingGapMillis", Long.toString(profile.maxReadingGapMillis()));
            emit(AlertType.MISSING_DATA, MISSING_DATA_RULE, id, AlertStatus.OPEN, Severity.LOW, from, to, summary, evidence);
            emit(AlertType.MISSING_DATA, MISSING_DATA_RULE, id, AlertStatus.RESOLVED, Severity.LOW, from, to, summary, evidence);
        }

        /** The reading at {@code time} is {@code celsius}. */
        void point(final long time, final double celsius) {
            final boolean armed = time >= armedFrom();
            if (outsideBand(celsius)) {
                band.clearSince = -1;
                if (band.runStart < 0) {
                    band.runStart = time;
                    band.runMillis = 0;
                }
                if (band.open) {
                    band.peakCelsius = extreme(band.peakCelsius, celsius, celsius > profile.maxCelsius());
                } else if (armed) {
                    band.open = true;
                    band.episodeStart = time;
                    band.alertId = AlertIds.episode(plan.shipmentId(), bandRuleId(profile), time);
                    band.severity = Severity.MEDIUM;
                    band.peakCelsius = celsius;
                    emitBand(AlertStatus.OPEN, time, celsius, "outside " + bandText());
                }
            } else {
                band.runStart = -1;
                band.runMillis = 0;
                if (band.open) {
                    clear(band, time, clearOfBand(celsius), () -> {
                        emitBand(AlertStatus.RESOLVED, time, celsius, "back inside " + bandText());
                        band.open = false;
                        band.peakCelsius = null;
                    });
                }
            }
            for (final TemperatureRule rule : profile.rules()) {
                if (rule.kind() == TemperatureRuleKind.MKT) {
                    mkt(rule, time, celsius);
                    continue;
                }
                final Rule rs = rule(rule.ruleId());
                if (beyond(rule, celsius)) {
                    rs.clearSince = -1;
                    if (rs.runStart < 0) {
                        rs.runStart = time;
                        rs.runMillis = 0;
                    }
                    if (rs.open) {
                        rs.peakCelsius = extreme(rs.peakCelsius, celsius, rule.direction() == LimitDirection.AT_OR_ABOVE);
                    } else if (armed && (rule.kind() == TemperatureRuleKind.INSTANT
                            || rule.kind() == TemperatureRuleKind.CONSECUTIVE && rule.durationMillis() == 0)) {
                        open(rule, rs, time, time, celsius, "reading " + side(rule));
                    }
                } else {
                    rs.runStart = -1;
                    rs.runMillis = 0;
                    if (rs.open && rule.kind() != TemperatureRuleKind.CUMULATIVE) {
                        clear(rs, time, clearOf(rule, celsius), () -> {
                            emitRule(rule, rs, AlertStatus.RESOLVED, time, celsius, "back within the limit");
                            rs.open = false;
                            rs.peakCelsius = null;
                        });
                    }
                }
            }
            escalateBand(time, celsius);
        }

        private void clear(final Rule rs, final long time, final boolean clearOfDeadBand, final Runnable resolve) {
            if (!clearOfDeadBand) {
                rs.clearSince = -1;
                return;
            }
            if (rs.clearSince < 0) {
                rs.clearSince = time;
            }
            if (time - rs.clearSince >= settings.minClearTime().toMillis()) {
                rs.clearSince = -1;
                resolve.run();
            }
        }

        private void mkt(final TemperatureRule rule, final long time, final double celsius) {
            final long window = rule.windowMillis() > 0 ? rule.windowMillis() : DEFAULT_MKT_WINDOW.toMillis();
            final double[] sums = mktOver(time - window, time);
            if (sums[0] < window) {
                return; // the window is not covered yet: an MKT of a few hours is not a 24 h MKT
            }
            final double value = Mkt.celsius(sums[1], sums[0]);
            final Rule rs = rule(rule.ruleId());
            if (beyond(rule, value)) {
                rs.clearSince = -1;
                if (!rs.open && time >= armedFrom()) {
                    rs.open = true;
                    rs.episodeStart = time - window;
                    rs.alertId = AlertIds.episode(plan.shipmentId(), rule.ruleId(), time);
                    rs.severity = rule.severity();
                    rs.peakCelsius = value;
                    emitMkt(rule, rs, AlertStatus.OPEN, time, value);
                } else if (rs.open) {
                    rs.peakCelsius = Math.max(rs.peakCelsius == null ? value : rs.peakCelsius, value);
                }
            } else if (rs.open) {
                clear(rs, time, clearOf(rule, value), () -> {
                    emitMkt(rule, rs, AlertStatus.RESOLVED, time, value);
                    rs.open = false;
                });
            }
        }

        private void open(final TemperatureRule rule, final Rule rs, final long start, final long at,
                          final double celsius, final String why) {
            rs.open = true;
            rs.episodeStart = start;
            rs.alertId = AlertIds.episode(plan.shipmentId(), rule.ruleId(), start);
            rs.severity = rule.severity();
            rs.peakCelsius = celsius;
            emitRule(rule, rs, AlertStatus.OPEN, at, celsius, why);
        }

        /** The band episode takes the highest severity of the rules open with it. */
        private void escalateBand(final long time, final double celsius) {
            if (!band.open) {
                return;
            }
            Severity highest = Severity.MEDIUM;
            for (final TemperatureRule rule : profile.rules()) {
                final Rule rs = state.rules.get(rule.ruleId());
                if (rs != null && rs.open && rs.severity.ordinal() > highest.ordinal()) {
                    highest = rs.severity;
                }
            }
            if (highest.ordinal() > band.severity.ordinal()) {
                band.severity = highest;
                emitBand(AlertStatus.UPDATED, time, celsius, "escalated to " + highest);
            }
        }

        private void addToMkt(final long from, final long to, final double celsius) {
            final long bucketMillis = settings.mktBucket().toMillis();
            final double weight = Mkt.weight(celsius);
            long t = from;
            while (t < to) {
                final long bucketStart = Math.floorDiv(t, bucketMillis) * bucketMillis;
                final long end = Math.min(to, bucketStart + bucketMillis);
                final MktBucket last = state.mktBuckets.isEmpty() ? null : state.mktBuckets.get(state.mktBuckets.size() - 1);
                if (last == null || last.start() != bucketStart) {
                    state.mktBuckets.add(new MktBucket(bucketStart, end - t, (end - t) * weight));
                } else {
                    state.mktBuckets.set(state.mktBuckets.size() - 1,
                            new MktBucket(bucketStart, last.millis() + (end - t), last.weighted() + (end - t) * weight));
                }
                t = end;
            }
            final long keep = longestMktWindow() + bucketMillis;
            final Iterator<MktBucket> it = state.mktBuckets.iterator();
            while (it.hasNext() && it.next().start() + keep < to) {
                it.remove();
            }
            final long window = longestMktWindow();
            final double[] sums = mktOver(to - window, to);
            state.mktCoveredMillis = (long) sums[0];
            state.mktCelsius = sums[0] > 0 ? round2(Mkt.celsius(sums[1], sums[0])) : null;
        }

        /** {covered ms, Σ ms·weight} over [from, to), prorating the bucket cut by the window start. */
        private double[] mktOver(final long from, final long to) {
            final long bucketMillis = settings.mktBucket().toMillis();
            double millis = 0;
            double weighted = 0;
            for (final MktBucket bucket : state.mktBuckets) {
                final long end = bucket.start() + bucketMillis;
                if (end <= from || bucket.start() >= to) {
                    continue;
                }
                final double share = bucket.start() >= from ? 1.0 : (double) (end - from) / bucketMillis;
                millis += bucket.millis() * share;
                weighted += bucket.weighted() * share;
            }
            return new double[] {millis, weighted};
        }

        private long longestMktWindow() {
            long longest = DEFAULT_MKT_WINDOW.toMillis();
            for (final TemperatureRule rule : profile.rules()) {
                if (rule.kind() == TemperatureRuleKind.MKT) {
                    longest = Math.max(longest, rule.windowMillis());
                }
            }
            return longest;
        }

        private void emitBand(final AlertStatus status, final long at, final double celsius, final String why) {
            emit(AlertType.TEMPERATURE_EXCURSION, bandRuleId(profile), band.alertId, status, band.severity,
                    band.episodeStart, at, String.format(Locale.ROOT, "%.1f °C: %s", celsius, why), evidence(celsius, band));
        }

        private void emitRule(final TemperatureRule rule, final Rule rs, final AlertStatus status, final long at,
                              final double celsius, final String why) {
            final Map<String, String> evidence = evidence(celsius, rs);
            evidence.put("limitCelsius", fmt(rule.limitCelsius()));
            evidence.put("ruleKind", rule.kind().name());
            evidence.put("ruleDurationMillis", Long.toString(rule.durationMillis()));
            emit(AlertType.TEMPERATURE_EXCURSION, rule.ruleId(), rs.alertId, status, rs.severity, rs.episodeStart,
                    at, String.format(Locale.ROOT, "%.1f °C: %s (rule %s)", celsius, why, rule.ruleId()), evidence);
        }

        private void emitMkt(final TemperatureRule rule, final Rule rs, final AlertStatus status, final long at,
                             final double mkt) {
            final Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("mktCelsius", fmt(mkt));
            evidence.put("limitCelsius", fmt(rule.limitCelsius()));
            evidence.put("windowMillis", Long.toString(rule.windowMillis()));
            emit(AlertType.MKT_EXCEEDED, rule.ruleId(), rs.alertId, status, rs.severity, rs.episodeStart, at,
                    String.format(Locale.ROOT, "Mean kinetic temperature %.2f °C over %d h %s %.1f °C", mkt,
                            rule.windowMillis() / 3_600_000, status == AlertStatus.RESOLVED ? "back below" : "at or above",
                            rule.limitCelsius()), evidence);
        }

        private Map<String, String> evidence(final double celsius, final Rule rs) {
            final Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("temperatureCelsius", fmt(celsius));
            if (rs != null && rs.peakCelsius != null) {
                evidence.put("peakCelsius", fmt(rs.peakCelsius));
            }
            evidence.put("bandMinCelsius", fmt(profile.minCelsius()));
            evidence.put("bandMaxCelsius", fmt(profile.maxCelsius()));
            evidence.put("outOfBandMillis", Long.toString(band.cumulativeMillis));
            if (profile.stabilityBudgetMillis() > 0) {
                evidence.put("budgetUsedPercent", fmt(100.0 * band.cumulativeMillis / profile.stabilityBudgetMillis()));
                evidence.put("budgetRemainingMillis",
                        Long.toString(Math.max(0, profile.stabilityBudgetMillis() - band.cumulativeMillis)));
            }
            if (state.mktCelsius != null) {
                evidence.put("mktCelsius", fmt(state.mktCelsius));
            }
            return evidence;
        }

        void emit(final AlertType type, final String ruleId, final String alertId, final AlertStatus status,
                  final Severity severity, final long first, final long last, final String summary,
                  final Map<String, String> evidence) {
            alerts.add(Alert.builder()
                    .alertId(alertId)
                    .type(type)
                    .severity(severity)
                    .status(status)
                    .shipmentId(plan.shipmentId())
                    .ruleId(ruleId)
                    .firstEvidenceTime(first)
                    .lastEvidenceTime(last)
                    .summary(summary)
                    .evidence(new LinkedHashMap<>(evidence))
                    .build());
        }

        private String bandText() {
            return String.format(Locale.ROOT, "%.1f..%.1f °C (%s)", profile.minCelsius(), profile.maxCelsius(),
                    profile.name());
        }
    }

    private static String side(final TemperatureRule rule) {
        return String.format(Locale.ROOT, "%s %.1f °C",
                rule.direction() == LimitDirection.AT_OR_ABOVE ? "at or above" : "at or below", rule.limitCelsius());
    }

    private static Double extreme(final Double current, final double celsius, final boolean high) {
        if (current == null) {
            return celsius;
        }
        return high ? Math.max(current, celsius) : Math.min(current, celsius);
    }

    private static long minutes(final long millis) {
        return millis / 60_000;
    }

    private static double round2(final double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static String fmt(final double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
