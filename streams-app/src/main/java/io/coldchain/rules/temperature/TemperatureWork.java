package io.coldchain.rules.temperature;

import io.coldchain.rules.temperature.TemperatureState.MktBucket;
import io.coldchain.rules.temperature.TemperatureState.RuleState;
import io.coldchain.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detector's working copy of a {@link TemperatureState} while it judges one reading or time check: the rules
 * update many fields step by step, so they do it here and {@link #freeze()} the result into a new state. Never
 * stored, never shared outside one call.
 */
final class TemperatureWork {

    String profile;
    long firstReadingTime;
    long lastReadingTime;
    double lastCelsius;
    long missingDataMillis;
    final Map<String, Rule> rules = new TreeMap<>();
    /** Immutable buckets; the last one is replaced as readings add to it. */
    final List<MktBucket> mktBuckets;
    Double mktCelsius;
    long mktCoveredMillis;
    String silentAlertId;

    TemperatureWork(final TemperatureState state) {
        profile = state.profile();
        firstReadingTime = state.firstReadingTime();
        lastReadingTime = state.lastReadingTime();
        lastCelsius = state.lastCelsius();
        missingDataMillis = state.missingDataMillis();
        state.rules().forEach((id, rule) -> rules.put(id, new Rule(rule)));
        mktBuckets = new ArrayList<>(state.mktBuckets());
        mktCelsius = state.mktCelsius();
        mktCoveredMillis = state.mktCoveredMillis();
        silentAlertId = state.silentAlertId();
    }

    TemperatureState freeze() {
        final Map<String, RuleState> frozen = new TreeMap<>();
        rules.forEach((id, rule) -> frozen.put(id, rule.freeze()));
        return new TemperatureState(profile, firstReadingTime, lastReadingTime, lastCelsius, missingDataMillis,
                frozen, mktBuckets, mktCelsius, mktCoveredMillis, silentAlertId);
    }

    /** Working copy of a {@link RuleState}. */
    static final class Rule {
        String alertId;
        boolean open;
        long episodeStart;
        Severity severity;
        long runStart;
        long runMillis;
        long cumulativeMillis;
        long clearSince;
        Double peakCelsius;
        int budgetStep;

        Rule(final RuleState state) {
            alertId = state.alertId();
            open = state.open();
            episodeStart = state.episodeStart();
            severity = state.severity();
            runStart = state.runStart();
            runMillis = state.runMillis();
            cumulativeMillis = state.cumulativeMillis();
            clearSince = state.clearSince();
            peakCelsius = state.peakCelsius();
            budgetStep = state.budgetStep();
        }

        RuleState freeze() {
            return new RuleState(alertId, open, episodeStart, severity, runStart, runMillis, cumulativeMillis, clearSince,
                    peakCelsius, budgetStep);
        }
    }
}
