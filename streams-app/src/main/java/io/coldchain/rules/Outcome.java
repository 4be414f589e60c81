package io.coldchain.rules;

import io.coldchain.domain.Alert;
import java.util.List;

/**
 * What a rule family decided for one input: the state to keep (null = forget it, or none for a stateless rule), the
 * alert changes to publish, in order, and how the input was taken ({@link Verdict}). The one result type of every
 * rule family: temperature and route ({@link Detector}), custody chain and custody diversion (also detectors), serial
 * integrity (per serial). When the verdict is {@link Verdict#REDELIVERY} or {@link Verdict#RETRACTED} the state is
 * the one given, unchanged, and there are no alerts.
 */
public record Outcome<S>(S state, List<Alert> alerts, Verdict verdict) {

    public Outcome {
        alerts = List.copyOf(alerts);
    }

    /** An input applied: the new state and its alerts. */
    public static <S> Outcome<S> of(final S state, final List<Alert> alerts) {
        return new Outcome<>(state, alerts, Verdict.APPLIED);
    }

    /** An input applied without alerts. */
    public static <S> Outcome<S> quiet(final S state) {
        return new Outcome<>(state, List.of(), Verdict.APPLIED);
    }

    /** An input not applied (a redelivery, an event already taken back): the state as it was, no alerts. */
    public static <S> Outcome<S> unchanged(final S state, final Verdict verdict) {
        return new Outcome<>(state, List.of(), verdict);
    }
}
