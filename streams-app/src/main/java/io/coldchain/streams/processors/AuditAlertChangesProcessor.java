package io.coldchain.streams.processors;

import io.coldchain.contract.audit.AlertAuditRule;
import io.coldchain.contract.audit.AlertAuditState;
import io.coldchain.contract.audit.AuditChain;
import io.coldchain.contract.audit.ChainHead;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.streams.AuditInput;
import io.coldchain.streams.topology.AlertAuditTopology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns each change of an alert's state ({@link AlertAuditRule}) into the next record of its partition's audit
 * chain ({@link AuditChain#seal}). The chain's head lives in {@link AlertAuditTopology#CHAIN_STORE} (one entry per
 * task, and a task is one partition of the alerts and acknowledgements), so under exactly-once a restart or an
 * aborted transaction resumes the chain from the last record committed. Forwards the sealed record keyed by
 * shipment, timestamped with its event time.
 */
public final class AuditAlertChangesProcessor implements Processor<String, AuditInput, String, AuditRecord> {

    public static final String HEAD_KEY = "head";

    private final AlertAuditRule rule = new AlertAuditRule();
    private ProcessorContext<String, AuditRecord> context;
    private KeyValueStore<String, AlertAuditState> states;
    private KeyValueStore<String, ChainHead> chain;

    @Override
    public void init(final ProcessorContext<String, AuditRecord> context) {
        this.context = context;
        this.states = context.getStateStore(AlertAuditTopology.STATE_STORE);
        this.chain = context.getStateStore(AlertAuditTopology.CHAIN_STORE);
    }

    @Override
    public void process(final Record<String, AuditInput> record) {
        final AuditInput input = record.value();
        if (input == null) {
            return;
        }
        final String alertId = input.alertId();
        final AlertAuditState state = states.get(alertId);
        final AlertAuditRule.Outcome outcome = input.alert() != null ? rule.onAlert(state, input.alert())
                : rule.onAcknowledgement(state, input.acknowledgement());
        if (outcome.change().isEmpty()) {
            return;
        }
        final ChainHead stored = chain.get(HEAD_KEY);
        final ChainHead head = stored != null ? stored : ChainHead.start(context.taskId().partition());
        final AuditRecord sealed = AuditChain.seal(head, outcome.change().get());
        states.put(alertId, outcome.state());
        chain.put(HEAD_KEY, ChainHead.after(sealed));
        context.forward(record.withValue(sealed).withTimestamp(sealed.getEventTime()));
    }
}
