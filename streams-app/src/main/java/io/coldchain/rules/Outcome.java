package io.coldchain.rules;

import io.coldchain.schemas.Alert;
import java.util.List;

/**
 * What a detector decided for one event: the state to keep (null = forget it) and the alert
 * changes to publish, in order.
 */
public record Outcome<S>(S state, List<Alert> alerts) {

    public Outcome {
        alerts = List.copyOf(alerts);
    }

    public static <S> Outcome<S> of(final S state, final List<Alert> alerts) {
        return new Outcome<>(state, alerts);
    }

    public static <S> Outcome<S> quiet(final S state) {
        return new Outcome<>(state, List.of());
    }
}
