package io.coldchain.rules.serial;

import io.coldchain.schemas.Alert;
import java.util.List;

/**
 * What the serial rules decided for one input: the state to keep (null = none), the alerts to publish
 * in order, and how the input was taken. When the verdict is not {@link Verdict#APPLIED} or
 * {@link Verdict#RETRACTION} the state is the one passed in, unchanged.
 */
public record SerialOutcome(SerialState state, List<Alert> alerts, Verdict verdict) {

    public SerialOutcome {
        alerts = List.copyOf(alerts);
    }

    static SerialOutcome unchanged(final SerialState state, final Verdict verdict) {
        return new SerialOutcome(state, List.of(), verdict);
    }
}
