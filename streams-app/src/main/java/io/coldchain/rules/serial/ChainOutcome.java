package io.coldchain.rules.serial;

import io.coldchain.schemas.Alert;
import java.util.List;

/**
 * What the custody-chain rules decided for one event: the state to keep, the alerts to publish in order,
 * and how the event was taken (a redelivery or an ignored retracted event leaves the state unchanged).
 */
public record ChainOutcome(ChainState state, List<Alert> alerts, Verdict verdict) {

    public ChainOutcome {
        alerts = List.copyOf(alerts);
    }
}
