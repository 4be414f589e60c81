package io.coldchain.streams;

import io.coldchain.streams.topology.ShipmentHistoryTopology;
import static io.coldchain.streams.Plans.DEPARTURE;
import static io.coldchain.streams.Plans.baselToFrankfurt;
import static io.coldchain.streams.Plans.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.StreamsSettings;
import io.coldchain.contract.audit.AuditChain;
import io.coldchain.contract.audit.ChainVerifier;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.topology.AlertAuditTopology;
import io.coldchain.streams.topology.AlertsTopology;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdchainTopologyTest {

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ShipmentPlan> plans;
    private TestInputTopic<String, TemperatureReading> readings;
    private TestInputTopic<byte[], byte[]> rawReadings;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, AuditRecord> audit;

    /**
     * The production configuration (see {@link StreamsSettings#toProperties()}) with a per-test state
     * dir, less exactly-once: under EOS the TopologyTestDriver (4.4.0) swallows the dead-letter records
     * of deserialization errors. PipelineIT shows the dead-letter path under EOS on a real broker.
     */
    /** The application id of {@link #config}: internal topics are named after it. */
    static final String APPLICATION_ID = "coldchain-test";

    static Properties config(final Path stateDir, final TopicCatalogue topics) {
        return forTestDriver(StreamsSettings.builder().bootstrapServers("unused:9092").applicationId(APPLICATION_ID)
                .stateDir(stateDir).httpPort(-1).build().toProperties());
    }

    /**
     * Production properties adapted to a TopologyTestDriver: no exactly-once (see {@link #config}) and no task
     * idling. A test pipes records one at a time in the order it means, so there is no fetch order to
     * synchronise, and the driver honours {@code max.task.idle.ms} by holding records back until the wall clock
     * moves.
     */
    static Properties forTestDriver(final Properties production) {
        final Properties props = new Properties();
        props.putAll(production);
        props.remove(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        props.put(org.apache.kafka.streams.StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                Long.toString(org.apache.kafka.streams.StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        return props;
    }

    @BeforeEach
    void startDriver() {
        final Properties props = config(stateDir, topics);
        final Topology topology = ColdchainTopology.build(props, topics, DriverSettings.detection());
        driver = new TopologyTestDriver(topology, props, DEPARTURE);
        plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        readings = driver.createInputTopic(topics.temperatureReadings().name(), Serdes.String().serializer(),
                topics.temperatureReadings().valueSerde().serializer());
        rawReadings = driver.createInputTopic(topics.temperatureReadings().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        audit = driver.createOutputTopic(topics.audit().name(), Serdes.String().deserializer(),
                topics.audit().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void publishPlan(final String shipmentId) {
        plans.pipeInput(shipmentId, baselToFrankfurt(shipmentId).build(), DEPARTURE.minusSeconds(60));
    }

    private void publish(final TemperatureReading reading) {
        // Deliberately no record timestamp: event time comes from the payload.
        readings.pipeInput(reading.getShipmentId(), reading);
    }

    /** Nothing more arrives: once the grace period passes on the wall clock, buffered readings are released. */
    private void quietForGracePeriod() {
        driver.advanceWallClockTime(DetectionSettings.defaults().temperature().grace().plusSeconds(2));
    }

    @Test
    void shouldOpenAnExcursionWhenAReadingLeavesTheBandAndResolveItWhenItReturns() {
        publishPlan("SHP-1");
        publish(reading("SHP-1", Duration.ofMinutes(0), 5.0));
        publish(reading("SHP-1", Duration.ofMinutes(15), 9.5));
        publish(reading("SHP-1", Duration.ofMinutes(20), 11.0));
        publish(reading("SHP-1", Duration.ofMinutes(25), 7.0));
        publish(reading("SHP-1", Duration.ofMinutes(40), 5.0));
        quietForGracePeriod();

        final List<TestRecord<String, Alert>> out = alerts.readRecordsToList();
        assertThat(out).hasSize(2);
        final Alert open = out.get(0).value();
        final Alert resolved = out.get(1).value();
        assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(open.getType()).isEqualTo(AlertType.TEMPERATURE_EXCURSION);
        assertThat(open.getShipmentId()).isEqualTo("SHP-1");
        assertThat(open.getFirstEvidenceTime()).isEqualTo(DEPARTURE.plus(Duration.ofMinutes(15)).toEpochMilli());
        assertThat(out.get(0).timestamp()).isEqualTo(open.getLastEvidenceTime());
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
        assertThat(resolved.getEvidence()).containsEntry("peakCelsius", "11.00");
        assertThat(resolved.getLastEvidenceTime()).isEqualTo(DEPARTURE.plus(Duration.ofMinutes(40)).toEpochMilli());
    }

    @Test
    @DisplayName("the alerts written are read back and audited: OPENED then RESOLVED, chained from genesis")
    void shouldAuditTheAlertsItWrites() {
        publishSpikeAndRecovery();

        final List<Alert> written = alerts.readValuesToList();
        final List<AuditRecord> audited = audit.readValuesToList();
        assertThat(written).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(audited).extracting(AuditRecord::getChange).containsExactly(AuditChange.OPENED, AuditChange.RESOLVED);
        assertThat(audited).extracting(AuditRecord::getAlertId).containsOnly(written.get(0).getAlertId());
        final ChainVerifier verifier = new ChainVerifier();
        for (final AuditRecord record : audited) {
            assertThat(verifier.accept(record.getPartition(), record.getSequence(), record)).isEmpty();
        }
        assertThat(audited.get(0).getPreviousHash()).isEqualTo(AuditChain.GENESIS);
    }

    @Test
    void shouldStayQuietWhileReadingsAreInsideTheBandInclusive() {
        publishPlan("SHP-2");
        publish(reading("SHP-2", Duration.ofMinutes(0), 5.0));
        publish(reading("SHP-2", Duration.ofMinutes(15), 2.0));
        publish(reading("SHP-2", Duration.ofMinutes(20), 8.0));
        publish(reading("SHP-2", Duration.ofMinutes(25), 5.0));
        quietForGracePeriod();

        assertThat(alerts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheShipmentsTemperatureConditionInAQueryableStore() {
        publishPlan("SHP-3");
        publish(reading("SHP-3", Duration.ofMinutes(0), 5.0));
        publish(reading("SHP-3", Duration.ofMinutes(15), 12.0));
        publish(reading("SHP-3", Duration.ofMinutes(20), 12.5));
        quietForGracePeriod();

        final TemperatureState condition = (TemperatureState) ((ClockedState<?>) driver.getKeyValueStore(
                TemperatureTopology.STATE_STORE).get("SHP-3")).state();
        assertThat(condition.lastCelsius()).isEqualTo(12.5);
        assertThat(condition.rules().get("refrigerated-2-8-band").open()).isTrue();
        assertThat(condition.rules().get("refrigerated-2-8-band").cumulativeMillis()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(condition.mktCelsius()).isNotNull();
    }

    @Test
    void shouldSendGarbageToTheDeadLetterTopicWithTheReasonAndKeepProcessing() {
        publishPlan("SHP-4");
        publish(reading("SHP-4", Duration.ofMinutes(0), 5.0));
        rawReadings.pipeInput("SHP-4".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        publish(reading("SHP-4", Duration.ofMinutes(15), 12.0));
        quietForGracePeriod();

        final List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        final Map<String, String> headers = headers(dead.get(0));
        assertThat(headers).containsEntry("__streams.errors.topic", topics.temperatureReadings().name());
        assertThat(headers).containsKeys("__streams.errors.partition", "__streams.errors.offset");
        assertThat(headers.get("__streams.errors.exception")).contains("SerializationException");
        assertThat(headers.get("__streams.errors.message")).contains("magic byte");

        assertThat(alerts.readValuesToList()).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN);
        assertThat(droppedRecords()).isEqualTo(1.0);
    }

    @Test
    void shouldSendReadingsWithoutAShipmentIdToTheDeadLetterTopic() {
        readings.pipeInput(null, reading("SHP-4", Duration.ofMinutes(5), 20.0));

        final List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(headers(dead.get(0)).get("__streams.errors.message")).contains("without a shipment id");
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveTheSameAlertIdsWhenTheSameInputIsReplayed() {
        publishSpikeAndRecovery();
        final List<String> firstRun = alerts.readValuesToList().stream().map(Alert::getAlertId).toList();
        driver.close();

        startDriver();
        publishSpikeAndRecovery();
        final List<String> secondRun = alerts.readValuesToList().stream().map(Alert::getAlertId).toList();

        assertThat(firstRun).hasSize(2).isEqualTo(secondRun);
    }

    @Test
    void shouldNameEveryNodeStoreAndInternalTopic() {
        final String description = ColdchainTopology.build(config(stateDir, topics), topics,
                DetectionSettings.defaults()).describe().toString();

        // Plans reach the store in the task that reads them: a repartition there would let telemetry overtake them.
        assertThat(description).doesNotContain("shipment-plans-repartition");
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_", "KTABLE_");
        assertThat(description).contains(ShipmentPlansTopology.SOURCE, ShipmentPlansTopology.STORE,
                TemperatureTopology.SOURCE, TemperatureTopology.DETECT, TemperatureTopology.STATE_STORE,
                AlertsTopology.SINK, AlertAuditTopology.ALERTS_SOURCE, AlertAuditTopology.ACKS_SOURCE,
                AlertAuditTopology.VALIDATE_ACKS, AlertAuditTopology.AUDIT, AlertAuditTopology.STATE_STORE,
                AlertAuditTopology.CHAIN_STORE, AlertAuditTopology.SINK, ShipmentHistoryTopology.RECORD,
                ShipmentHistoryTopology.STORE);
    }

    private void publishSpikeAndRecovery() {
        publishPlan("SHP-5");
        publish(reading("SHP-5", Duration.ofMinutes(0), 5.0));
        publish(reading("SHP-5", Duration.ofMinutes(15), 12.0));
        publish(reading("SHP-5", Duration.ofMinutes(20), 5.0));
        publish(reading("SHP-5", Duration.ofMinutes(35), 5.0));
        quietForGracePeriod();
    }

    private double droppedRecords() {
        return driver.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("dropped-records-total"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                .sum();
    }

    private static Map<String, String> headers(final TestRecord<byte[], byte[]> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .collect(Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
    }
}
