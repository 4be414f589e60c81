package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.coldchain.fixtures.Fixtures;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a consumer sees when the bytes are not a record it can read. The contract: a
 * {@link SerializationException} (which Kafka Streams routes to the deserialization exception
 * handler and the DLQ), never another exception type and never a silent {@code null}.
 */
@DisplayName("Malformed input is rejected with a SerializationException")
class MalformedInputTest {

    private static final String TOPIC = "coldchain.telemetry.temperature";

    private final AvroWireSerde<TemperatureReading> readings = AvroSerdes.local().value(TemperatureReading.class);
    private final Deserializer<TemperatureReading> deserializer = readings.deserializer();
    private final byte[] valid = readings.serializer().serialize(TOPIC, Fixtures.reading().build());

    @Test
    void shouldNameTheIdWhenTheSchemaIdIsUnknown() {
        final byte[] unknownId = Wire.frame(12_345, Wire.body(valid));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, unknownId))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("12345");
    }

    @ParameterizedTest(name = "magic byte 0x{0}")
    @ValueSource(ints = {0x01, 0x7b, 0xff})
    void shouldRejectAWrongMagicByte(final int magic) {
        final byte[] bytes = valid.clone();
        bytes[0] = (byte) magic;

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte");
    }

    @Test
    @DisplayName("plain JSON, as an integrator might send by mistake, is rejected")
    void shouldRejectJson() {
        final byte[] json = "{\"deviceId\":\"logger-17\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json)).isInstanceOf(SerializationException.class);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void shouldRejectPayloadsShorterThanTheHeader(final int length) {
        final byte[] tooShort = Arrays.copyOf(valid, length);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, tooShort)).isInstanceOf(SerializationException.class);
    }

    @Test
    @DisplayName("a body cut short at any byte is rejected, the empty body included")
    void shouldRejectEveryTruncationOfTheBody() {
        final byte[] plan = AvroSerdes.local().value(ShipmentPlan.class).serializer()
                .serialize(TOPIC, Fixtures.plan().build());
        final Deserializer<ShipmentPlan> plans = AvroSerdes.local().value(ShipmentPlan.class).deserializer();

        for (int length = Wire.HEADER_LENGTH; length < plan.length; length++) {
            final byte[] truncated = Arrays.copyOf(plan, length);
            assertThat(catchThrowable(() -> plans.deserialize(TOPIC, truncated)))
                    .as("cut to %d of %d bytes", length, plan.length)
                    .isInstanceOf(SerializationException.class);
        }
    }

    @ParameterizedTest(name = "{0} trailing byte(s)")
    @ValueSource(ints = {1, 2, 17})
    void shouldRejectTrailingGarbage(final int extra) {
        final byte[] withGarbage = Arrays.copyOf(valid, valid.length + extra);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, withGarbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Trailing");
    }

    @ParameterizedTest(name = "declared length {0}")
    @ValueSource(longs = {-5L, 1_000_000L, 2_000_000_000L, 3_000_000_000L, Long.MAX_VALUE})
    @DisplayName("a corrupt string length is rejected without allocating it")
    void shouldRejectACorruptLengthPrefixWithoutAllocatingIt(final long declaredLength) {
        // deviceId is the first field: its length prefix is the first thing in the body.
        final byte[] bytes = Wire.frame(Wire.schemaId(valid), avro(encoder -> writeLong(encoder, declaredLength)));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes)).isInstanceOf(SerializationException.class);
    }

    @Test
    @DisplayName("a corrupt array count is rejected without allocating it")
    void shouldRejectACorruptArrayCountWithoutAllocatingIt() {
        // ShipmentPlan up to route.waypoints: shipmentId, product (4 strings), profileName null, profile null.
        final byte[] body = avro(encoder -> {
            try {
                encoder.writeString(Fixtures.SHIPMENT_ID);
                encoder.writeString(Fixtures.GTIN);
                encoder.writeString("");
                encoder.writeString(Fixtures.LOT);
                encoder.writeString(Fixtures.EXPIRY);
                encoder.writeIndex(0);
                encoder.writeIndex(0);
                encoder.writeArrayStart();
                encoder.setItemCount(1_500_000_000L);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        final byte[] bytes = Wire.frame(LocalSchemaIds.idOf(ShipmentPlan.getClassSchema()), body);

        assertThatThrownBy(() -> AvroSerdes.local().value(ShipmentPlan.class).deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRejectAUnionBranchOutOfRange() {
        final byte[] bytes = valid.clone();
        // The last field, batteryPercent, is ["null","float"]: branch index then 4 bytes of float.
        final int branchIndex = bytes.length - 5;
        bytes[branchIndex] = 2 * 7; // zig-zag encoding of 7

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes)).isInstanceOf(SerializationException.class);
    }

    @Test
    @DisplayName("a record of another type (an Alert on the temperature topic) is rejected")
    void shouldRejectARecordOfAnotherType() {
        final byte[] alert = AvroSerdes.local().value(Alert.class).serializer().serialize(TOPIC, Fixtures.alert().build());

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, alert))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("TemperatureReading");
    }

    @Test
    @DisplayName("random corruption yields a record or a SerializationException, nothing else")
    void shouldNeverThrowAnythingButSerializationExceptionOnRandomCorruption() {
        final byte[] plan = AvroSerdes.local().value(ShipmentPlan.class).serializer()
                .serialize(TOPIC, Fixtures.plan().build());
        final Deserializer<ShipmentPlan> plans = AvroSerdes.local().value(ShipmentPlan.class).deserializer();
        final Random random = new Random(20_250_301L);

        for (int i = 0; i < 3_000; i++) {
            final byte[] corrupt = plan.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[Wire.HEADER_LENGTH + random.nextInt(corrupt.length - Wire.HEADER_LENGTH)] = (byte) random.nextInt();
            }
            final Throwable thrown = catchThrowable(() -> assertThat(plans.deserialize(TOPIC, corrupt)).isNotNull());
            if (thrown != null) {
                assertThat(thrown).as("corruption #%d: %s", i, Arrays.toString(corrupt))
                        .isInstanceOf(SerializationException.class);
            }
        }
    }

    @Test
    @DisplayName("a record missing a required field fails to serialize with a SerializationException")
    void shouldRejectARecordMissingARequiredFieldOnWrite() {
        final TemperatureReading incomplete = Fixtures.reading().build();
        incomplete.setDeviceId(null);

        assertThatThrownBy(() -> readings.serializer().serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("TemperatureReading");
    }

    @Test
    @DisplayName("null bytes are a tombstone: they read as null")
    void shouldReadNullBytesAsNull() {
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    @DisplayName("a null record is a tombstone: it writes as null bytes")
    void shouldWriteANullRecordAsNullBytes() {
        assertThat(readings.serializer().serialize(TOPIC, null)).isNull();
    }

    private static byte[] avro(final Consumer<BinaryEncoder> writes) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writes.accept(encoder);
        return out.toByteArray();
    }

    private static void writeLong(final BinaryEncoder encoder, final long value) {
        try {
            encoder.writeLong(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
