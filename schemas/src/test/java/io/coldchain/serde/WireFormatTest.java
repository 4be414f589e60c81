package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.fixtures.Fixtures;
import io.coldchain.schemas.TemperatureReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The bytes on the topic are the Confluent wire format with deterministic local ids")
class WireFormatTest {

    private static final String TOPIC = "coldchain.wire-format";

    static Stream<Arguments> records() {
        return Stream.of(
                arguments(named("ShipmentPlan", Fixtures.plan().build())),
                arguments(named("TemperatureReading", Fixtures.reading().build())),
                arguments(named("LocationFix", Fixtures.fix().build())),
                arguments(named("CustodyEvent", Fixtures.custodyEvent().build())),
                arguments(named("Alert", Fixtures.alert().build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void shouldStartWithMagicByteZero(final SpecificRecord record) {
        final byte[] bytes = serialize(record);

        assertThat(bytes[0]).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void shouldCarryTheLocalSchemaIdBigEndianInBytesOneToFour(final SpecificRecord record) {
        final byte[] bytes = serialize(record);

        assertThat(Wire.schemaId(bytes)).isEqualTo(LocalSchemaIds.idOf(record.getSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("a plain Avro GenericDatumReader with the writer schema decodes the whole body to the same values")
    void shouldBeReadableByAPlainAvroConsumer(final SpecificRecord record) {
        final byte[] bytes = serialize(record);
        // What a consumer gets from a registry: the schema as JSON text, not our generated class.
        final Schema writer = new Schema.Parser().parse(record.getSchema().toString());

        final GenericRecord decoded = Wire.decode(Wire.body(bytes), writer, writer);

        // Compared as JSON trees: field values must match, map entry order may not.
        assertThat(json(decoded.toString())).isEqualTo(json(record.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("the id is the first 31 bits of the SHA-256 of the schema's Parsing Canonical Form")
    void shouldDeriveTheIdFromTheCanonicalFormDigest(final SpecificRecord record) throws NoSuchAlgorithmException {
        final byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(SchemaNormalization.toParsingForm(record.getSchema()).getBytes(StandardCharsets.UTF_8));
        final long firstFourBytes = (digest[0] & 0xffL) << 24 | (digest[1] & 0xffL) << 16
                | (digest[2] & 0xffL) << 8 | digest[3] & 0xffL;
        final int expected = (int) (firstFourBytes % (1L << 31));

        assertThat(LocalSchemaIds.idOf(record.getSchema())).isEqualTo(expected).isNotNegative();
    }

    @Test
    void shouldGiveEachShippedContractItsOwnId() {
        assertThat(LocalSchemaIds.SHIPPED).hasSize(7)
                .extracting(LocalSchemaIds::idOf).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the id ignores docs and formatting: the .avsc as written, the generated class and the bare canonical form agree")
    void shouldIgnoreDocsAndFormattingInTheId() throws IOException {
        final Schema asWritten = new Schema.Parser().parse(Path.of("src/main/avro/TemperatureReading.avsc").toFile());
        final Schema withoutDocs = new Schema.Parser().parse(SchemaNormalization.toParsingForm(asWritten));

        assertThat(List.of(asWritten, withoutDocs)).extracting(LocalSchemaIds::idOf)
                .containsOnly(LocalSchemaIds.idOf(TemperatureReading.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("two separate LocalSchemaIds agree on every id and read each other's bytes")
    void shouldAgreeAcrossSeparateInstances(final SpecificRecord record) {
        final LocalSchemaIds producerIds = new LocalSchemaIds();
        final LocalSchemaIds consumerIds = new LocalSchemaIds();
        final AvroWireSerde<SpecificRecord> producer = Wire.serdeFor(new AvroSerdes(producerIds), record);
        final AvroWireSerde<SpecificRecord> consumer = Wire.serdeFor(new AvroSerdes(consumerIds), record);

        final byte[] bytes = producer.serializer().serialize(TOPIC, record);

        assertThat(producerIds.idFor(TOPIC + "-value", record.getSchema()))
                .isEqualTo(consumerIds.idFor("another-subject", record.getSchema()));
        assertThat(consumerIds.schemaFor(Wire.schemaId(bytes))).isEqualTo(record.getSchema());
        assertThat(consumer.deserializer().deserialize(TOPIC, bytes)).isEqualTo(record);
    }

    @Test
    void shouldWriteTheSameBytesForTheSameRecordFromSeparateInstances() {
        final TemperatureReading reading = Fixtures.reading().build();

        final byte[] first = AvroSerdes.local().value(TemperatureReading.class).serializer().serialize(TOPIC, reading);
        final byte[] second = AvroSerdes.local().value(TemperatureReading.class).serializer().serialize(TOPIC, reading);

        assertThat(first).isEqualTo(second);
    }

    private static JsonNode json(final String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] serialize(final SpecificRecord record) {
        return Wire.serdeFor(AvroSerdes.local(), record).serializer().serialize(TOPIC, record);
    }
}
