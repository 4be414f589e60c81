package io.coldchain.streams;

import static io.coldchain.contract.audit.AuditFixtures.SHIPMENT;
import static io.coldchain.contract.audit.AuditFixtures.T0;
import static io.coldchain.contract.audit.AuditFixtures.ack;
import static io.coldchain.contract.audit.AuditFixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.contract.audit.AlertAuditState;
import io.coldchain.contract.audit.AuditChain;
import io.coldchain.contract.audit.ChainVerifier;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.Severity;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.topology.AlertAuditTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The audit sub-builder")
class AlertAuditTopologyTest {

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, AlertAcknowledgement> acks;
    private TestOutputTopic<String, AuditRecord> audit;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(final Path dir) {
        start(dir, T0);
    }

    private void start(final Path dir, final java.time.Instant wallClock) {
        final Properties props = ColdchainTopologyTest.config(dir, topics);
        final StreamsBuilder builder = new StreamsBuilder();
        AlertAuditTopology.addTo(builder, topics, DriverSettings.ANY_FUTURE);
        driver = new TopologyTestDriver(builder.build(props), props, wallClock);
        alerts = driver.createInputTopic(topics.alerts().name(), Serdes.String().serializer(),
                topics.alerts().valueSerde().serializer());
        acks = driver.createInputTopic(topics.acknowledgements().name(), Serdes.String().serializer(),
                topics.acknowledgements().valueSerde().serializer());
        audit = driver.createOutputTopic(topics.audit().name(), Serdes.String().deserializer(),
                topics.audit().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void pipe(final Alert alert) {
        alerts.pipeInput(alert.getShipmentId(), alert, alert.getLastEvidenceTime());
    }

    private void pipe(final AlertAcknowledgement ack) {
        acks.pipeInput(ack.getShipmentId(), ack, ack.getAcknowledgedAt());
    }

    private void episodeWithAcknowledgement() {
        pipe(alert(AlertStatus.OPEN, Severity.MEDIUM, 10));
        pipe(alert(AlertStatus.UPDATED, Severity.HIGH, 20));
        pipe(ack("ack-1", "dana", "calling the carrier", 25));
        pipe(alert(AlertStatus.RESOLVED, Severity.HIGH, 40));
    }

    private static void assertIntact(final List<AuditRecord> records) {
        final ChainVerifier verifier = new ChainVerifier();
        for (int i = 0; i < records.size(); i++) {
            final AuditRecord record = records.get(i);
            assertThat(verifier.accept(record.getPartition(), i, record)).as("record %d", i).isEmpty();
        }
    }

    @Test
    void shouldAuditOpenUpdateAcknowledgementAndResolutionAsAnIntactChain() {
        start(stateDir);
        episodeWithAcknowledgement();

        final List<TestRecord<String, AuditRecord>> out = audit.readRecordsToList();
        final List<AuditRecord> records = out.stream().map(TestRecord::value).toList();
        assertThat(records).extracting(AuditRecord::getChange).containsExactly(AuditChange.OPENED,
                AuditChange.UPDATED, AuditChange.ACKNOWLEDGED, AuditChange.RESOLVED);
        assertThat(records).extracting(AuditRecord::getStatus).containsExactly(AlertStatus.OPEN,
                AlertStatus.UPDATED, AlertStatus.UPDATED, AlertStatus.RESOLVED);
        assertThat(records).extracting(AuditRecord::getSequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(0).getPreviousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(records.get(2).getBy()).isEqualTo("dana");
        assertThat(records.get(2).getComment()).isEqualTo("calling the carrier");
        assertThat(records.get(2).getSourceId()).isEqualTo("ack-1");
        assertThat(out).extracting(TestRecord::key).containsOnly(SHIPMENT);
        assertThat(out).extracting(TestRecord::timestamp).containsExactly(T0.plusSeconds(600).toEpochMilli(),
                T0.plusSeconds(1200).toEpochMilli(), T0.plusSeconds(1500).toEpochMilli(),
                T0.plusSeconds(2400).toEpochMilli());
        assertIntact(records);

        final KeyValueStore<String, AlertAuditState> states = driver.getKeyValueStore(AlertAuditTopology.STATE_STORE);
        assertThat(states.get(records.get(0).getAlertId())).satisfies(state -> {
            assertThat(state.status()).isEqualTo("RESOLVED");
            assertThat(state.ackIds()).containsExactly("ack-1");
            assertThat(state.lastAckBy()).isEqualTo("dana");
        });
    }

    @Test
    @DisplayName("a redelivered acknowledgement (same ackId) is recorded once")
    void shouldRecordARedeliveredAcknowledgementOnce() {
        start(stateDir);
        pipe(alert(AlertStatus.OPEN, Severity.MEDIUM, 10));
        pipe(ack("ack-1", "dana", null, 12));
        pipe(ack("ack-1", "dana", null, 12));

        final List<AuditRecord> records = audit.readValuesToList();
        assertThat(records).extracting(AuditRecord::getChange).containsExactly(AuditChange.OPENED,
                AuditChange.ACKNOWLEDGED);
        assertIntact(records);
    }

    @Test
    void shouldGiveTheSameAuditRecordsAndHashesWhenTheSameInputIsReplayed(@TempDir final Path otherStateDir) {
        start(stateDir);
        episodeWithAcknowledgement();
        final List<AuditRecord> firstRun = audit.readValuesToList();
        driver.close();

        start(otherStateDir, T0.plusSeconds(3_600)); // another wall clock: nothing hashed may depend on it
        episodeWithAcknowledgement();
        final List<AuditRecord> secondRun = audit.readValuesToList();

        assertThat(firstRun).hasSize(4).isEqualTo(secondRun);
    }

    @Test
    void shouldDeadLetterMalformedAcknowledgementsAndAuditNothingForThem() {
        start(stateDir);
        pipe(alert(AlertStatus.OPEN, Severity.MEDIUM, 10));
        pipe(ack("ack-1", " ", null, 12));
        acks.pipeInput("SHP-OTHER", ack("ack-2", "dana", null, 12), T0.toEpochMilli());
        driver.createInputTopic(topics.acknowledgements().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer()).pipeInput(SHIPMENT, "not avro".getBytes(StandardCharsets.UTF_8));
        pipe(ack("ack-3", "dana", null, 13));

        assertThat(audit.readValuesToList()).extracting(AuditRecord::getSourceId)
                .containsExactly(alert(AlertStatus.OPEN, Severity.MEDIUM, 10).getAlertId(), "ack-3");
        assertThat(deadLetters.readRecordsToList()).hasSize(3).allSatisfy(letter ->
                assertThat(letter.headers().lastHeader("coldchain.dlq.reason")).isNotNull());
    }
}
