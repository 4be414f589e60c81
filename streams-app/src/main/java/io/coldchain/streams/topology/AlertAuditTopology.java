package io.coldchain.streams.topology;

import io.coldchain.contract.audit.AlertAuditState;
import io.coldchain.contract.audit.ChainHead;
import io.coldchain.contract.validation.AlertAcknowledgementValidator;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.streams.AuditInput;
import io.coldchain.streams.StateSerde;
import io.coldchain.streams.processors.AuditAlertChangesProcessor;
import io.coldchain.streams.processors.ValidateRecordsProcessor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.state.Stores;

/**
 * Sub-builder: the tamper-evident audit log (docs/AUDIT.md).
 *
 * <pre>
 * alerts ──► read-alerts-for-audit ──► wrap-alerts-for-audit ─────────────────────────────────┐
 * alerts.acknowledgements ──► read-alert-acknowledgements ──► validate-alert-acknowledgements  │
 *     ──► wrap-acknowledgements-for-audit ──► merge-audit-inputs ◄───────────────────────────┘
 *     ──► audit-alert-changes [alert-audit-state-store, audit-chain-store] ──► write-audit-records ──► audit
 * </pre>
 *
 * The alerts are read back from the alerts topic (read_committed under exactly-once), not taken from the stream
 * before its sink: the audit then follows the order the alerts were committed in, which a replay of the topic
 * reproduces, and it does not join the detectors' sub-topologies (the alerts and acknowledgements topics are
 * co-partitioned by shipment, so one task holds a shipment's alerts and acknowledgements). Each task keeps one chain;
 * its records go to the audit partition of the same number (the record's {@code partition} field), so the chain of
 * audit partition p is exactly the changes of alerts partition p, whatever the key hashes to.
 */
public final class AlertAuditTopology {

    public static final String ALERTS_SOURCE = "read-alerts-for-audit";
    public static final String WRAP_ALERTS = "wrap-alerts-for-audit";
    public static final String ACKS_SOURCE = "read-alert-acknowledgements";
    public static final String VALIDATE_ACKS = "validate-alert-acknowledgements";
    public static final String WRAP_ACKS = "wrap-acknowledgements-for-audit";
    public static final String MERGE = "merge-audit-inputs";
    public static final String AUDIT = "audit-alert-changes";
    public static final String SINK = "write-audit-records";
    /** Alert id → its latest status, severity, evidence time and the acknowledgements recorded. */
    public static final String STATE_STORE = "alert-audit-state-store";
    /** One entry per task: the sequence number and hash of the last audit record of its partition. */
    public static final String CHAIN_STORE = "audit-chain-store";

    private AlertAuditTopology() {
    }

    public static void addTo(final StreamsBuilder builder, final TopicCatalogue topics, final EventTimeWindow window) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), new StateSerde<>(AlertAuditState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHAIN_STORE),
                Serdes.String(), new StateSerde<>(ChainHead.class)));
        final TopicSpec<String, Alert> alerts = topics.alerts();
        final TopicSpec<String, AlertAcknowledgement> acks = topics.acknowledgements();
        final TopicSpec<String, AuditRecord> audit = topics.audit();
        final AlertAcknowledgementValidator validator = new AlertAcknowledgementValidator(window);

        final KStream<String, AuditInput> alertChanges = builder.stream(alerts.name(),
                        Consumed.with(alerts.keySerde(), alerts.valueSerde())
                                .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp())
                                .withName(ALERTS_SOURCE))
                .mapValues(AuditInput::of, Named.as(WRAP_ALERTS));
        final KStream<String, AuditInput> acknowledgements = builder.stream(acks.name(),
                        Consumed.with(acks.keySerde(), acks.valueSerde())
                                .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp())
                                .withName(ACKS_SOURCE))
                .process(() -> new ValidateRecordsProcessor<>(validator::check, VALIDATE_ACKS), Named.as(VALIDATE_ACKS))
                .mapValues(AuditInput::of, Named.as(WRAP_ACKS));
        alertChanges.merge(acknowledgements, Named.as(MERGE))
                .process(AuditAlertChangesProcessor::new, Named.as(AUDIT), STATE_STORE, CHAIN_STORE)
                .to(audit.name(), Produced.with(audit.keySerde(), audit.valueSerde())
                        .withStreamPartitioner(new ChainPartitioner())
                        .withName(SINK));
    }

    /**
     * Sends each audit record to the partition of its chain. With fewer audit than alert partitions (a
     * misconfiguration) two chains would share a partition, which {@code audit verify} reports at once.
     */
    static final class ChainPartitioner implements StreamPartitioner<String, AuditRecord> {
        @Override
        public Optional<Set<Integer>> partitions(final String topic, final String key, final AuditRecord value,
                                                 final int numPartitions) {
            return Optional.of(Set.of(value.getPartition() % numPartitions));
        }
    }
}
