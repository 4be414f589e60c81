package io.coldchain.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.fixtures.Fixtures;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The topic catalogue")
class TopicCatalogueTest {

    /** Dotted segments, each kebab-case: lower-case letters and digits joined by single hyphens. */
    private static final Pattern NAME_SCHEME = Pattern.compile("^coldchain(\\.[a-z0-9]+(-[a-z0-9]+)*)+$");

    private final TopicCatalogue catalogue = TopicCatalogue.defaults();

    @Test
    void shouldListEveryTopicOnceInDocumentationOrder() {
        assertThat(catalogue.all()).containsExactly(catalogue.shipmentPlans(), catalogue.temperatureReadings(),
                catalogue.locationFixes(), catalogue.custodyEvents(), catalogue.alerts(), catalogue.acknowledgements(),
                catalogue.audit(), catalogue.deadLetters(), catalogue.lateData());
    }

    @Test
    void shouldNameEveryTopicWithThePrefixAndTheNamingScheme() {
        assertThat(names(catalogue)).allSatisfy(name -> assertThat(name)
                .startsWith(TopicCatalogue.DEFAULT_PREFIX)
                .matches(NAME_SCHEME));
    }

    @Test
    void shouldGiveEveryTopicItsOwnName() {
        assertThat(names(catalogue)).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("a custom prefix and partition count apply to every topic")
    void shouldApplyACustomPrefixAndPartitionCount() {
        final TopicCatalogue custom = new TopicCatalogue("acme.coldchain.", 12, AvroSerdes.local());

        assertThat(names(custom)).allSatisfy(name -> assertThat(name).startsWith("acme.coldchain."));
        assertThat(names(custom)).containsExactlyElementsOf(names(catalogue).stream()
                .map(name -> "acme." + name).toList());
        assertThat(custom.shipmentPlans().partitions()).isEqualTo(12);
    }

    @Test
    @DisplayName("the plans topic is compacted, so the latest plan per shipment survives and a tombstone closes it")
    void shouldCompactThePlansTopic() {
        assertThat(catalogue.shipmentPlans().cleanupPolicy()).isEqualTo("compact");
    }

    @Test
    @DisplayName("telemetry, custody, alerts and error topics are deleted after a bounded retention")
    void shouldBoundTheRetentionOfEveryOtherTopic() {
        assertThat(catalogue.all()).filteredOn(spec -> spec != catalogue.shipmentPlans())
                .allSatisfy(spec -> {
                    assertThat(spec.cleanupPolicy()).as(spec.name()).isEqualTo("delete");
                    assertThat(Long.parseLong(spec.configs().get("retention.ms"))).as(spec.name()).isPositive();
                });
    }

    @Test
    @DisplayName("plans, telemetry, custody, alerts, acknowledgements and audit share one partition count, so they are co-partitioned")
    void shouldCoPartitionTheShipmentKeyedTopics() {
        final TopicCatalogue custom = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, 7, AvroSerdes.local());

        for (final TopicCatalogue c : List.of(catalogue, custom)) {
            assertThat(List.of(c.shipmentPlans(), c.temperatureReadings(), c.locationFixes(), c.custodyEvents(),
                    c.alerts(), c.acknowledgements(), c.audit()))
                    .extracting(TopicSpec::partitions)
                    .containsOnly(c.shipmentPlans().partitions());
        }
        assertThat(catalogue.temperatureReadings().partitions()).isEqualTo(TopicCatalogue.DEFAULT_PARTITIONS);
        assertThat(custom.temperatureReadings().partitions()).isEqualTo(7);
    }

    @Test
    void shouldHaveADeadLetterAndALateDataTopic() {
        assertThat(catalogue.deadLetters().name()).isEqualTo("coldchain.errors.dead-letter");
        assertThat(catalogue.lateData().name()).isEqualTo("coldchain.errors.late-data");
        assertThat(List.of(catalogue.deadLetters(), catalogue.lateData())).allSatisfy(spec ->
                assertThat(spec.partitions()).isPositive());
    }

    @Test
    void shouldDocumentEveryTopic() {
        assertThat(catalogue.all()).allSatisfy(spec -> {
            assertThat(spec.keyDoc()).as(spec.name()).isNotBlank();
            assertThat(spec.valueDoc()).as(spec.name()).isNotBlank();
            assertThat(spec.description()).as(spec.name()).isNotBlank();
        });
    }

    @Test
    @DisplayName("the serdes of each topic round-trip a fixture key and value")
    void shouldRoundTripAFixtureThroughTheSerdesOfEveryTopic() {
        assertRoundTrip(catalogue.shipmentPlans(), Fixtures.SHIPMENT_ID, Fixtures.plan().build());
        assertRoundTrip(catalogue.temperatureReadings(), Fixtures.SHIPMENT_ID, Fixtures.reading().build());
        assertRoundTrip(catalogue.locationFixes(), Fixtures.SHIPMENT_ID, Fixtures.fix().build());
        assertRoundTrip(catalogue.custodyEvents(), Fixtures.SHIPMENT_ID, Fixtures.custodyEvent().build());
        assertRoundTrip(catalogue.alerts(), Fixtures.SHIPMENT_ID, Fixtures.alert().build());
        assertRoundTrip(catalogue.acknowledgements(), Fixtures.SHIPMENT_ID, AlertAcknowledgement.newBuilder()
                .setAckId("ack-1").setAlertId("alert-1").setShipmentId(Fixtures.SHIPMENT_ID).setBy("ops")
                .setComment(null).setAcknowledgedAt(1_700_000_000_000L).build());
        assertRoundTrip(catalogue.audit(), Fixtures.SHIPMENT_ID, AuditRecord.newBuilder().setPartition(0)
                .setSequence(1).setAlertId("alert-1").setShipmentId(Fixtures.SHIPMENT_ID)
                .setChange(AuditChange.OPENED).setStatus(AlertStatus.OPEN).setEventTime(1_700_000_000_000L)
                .setSourceId("alert-1").setPreviousHash("0".repeat(64)).setHash("ab".repeat(32)).build());
        assertRoundTrip(catalogue.deadLetters(), Fixtures.SHIPMENT_ID.getBytes(StandardCharsets.UTF_8),
                new byte[] {0x42, 0x00, (byte) 0xff});
    }

    @Test
    @DisplayName("the late-data topic carries either kind of telemetry and reads each back as its own class")
    void shouldRoundTripEveryKindOfTelemetryThroughTheLateDataTopic() {
        assertRoundTrip(catalogue.lateData(), Fixtures.SHIPMENT_ID, Fixtures.reading().build());
        assertRoundTrip(catalogue.lateData(), Fixtures.SHIPMENT_ID, Fixtures.fix().build());
    }

    @Test
    @DisplayName("the late-data topic's serde rejects bytes it cannot read with a SerializationException")
    void shouldRejectUnreadableBytesOnTheLateDataTopic() {
        final TopicSpec<String, SpecificRecord> late = catalogue.lateData();
        final byte[] unknownId = {0x00, 0x00, 0x00, 0x30, 0x39, 0x02, 0x78};
        final byte[] tooShort = {0x00, 0x00};

        assertThat(List.of(unknownId, tooShort)).allSatisfy(bytes ->
                assertThatThrownBy(() -> late.valueSerde().deserializer().deserialize(late.name(), bytes))
                        .isInstanceOf(SerializationException.class));
        assertThat(late.valueSerde().deserializer().deserialize(late.name(), null)).isNull();
    }

    @Test
    @DisplayName("a tombstone on the plans topic stays a tombstone")
    void shouldKeepTombstonesOnThePlansTopic() {
        final TopicSpec<String, ?> plans = catalogue.shipmentPlans();

        assertThat(plans.valueSerde().serializer().serialize(plans.name(), null)).isNull();
        assertThat(plans.valueSerde().deserializer().deserialize(plans.name(), null)).isNull();
    }

    private static <K, V> void assertRoundTrip(final TopicSpec<K, V> spec, final K key, final V value) {
        final byte[] keyBytes = spec.keySerde().serializer().serialize(spec.name(), key);
        final byte[] valueBytes = spec.valueSerde().serializer().serialize(spec.name(), value);

        assertThat(spec.keySerde().deserializer().deserialize(spec.name(), keyBytes)).as(spec.name() + " key")
                .isEqualTo(key);
        assertThat(spec.valueSerde().deserializer().deserialize(spec.name(), valueBytes)).as(spec.name() + " value")
                .isEqualTo(value);
    }

    private static List<String> names(final TopicCatalogue catalogue) {
        return catalogue.all().stream().map(TopicSpec::name).toList();
    }
}
