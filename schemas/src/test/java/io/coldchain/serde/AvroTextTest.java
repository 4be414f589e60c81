package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("AvroText writes Avro's toString text, and its hash, of any value")
class AvroTextTest {

    private static final int VALUES = 3_000;

    static Stream<Schema> recordTypes() {
        return Stream.of(TemperatureReading.getClassSchema(), LocationFix.getClassSchema(),
                CustodyEvent.getClassSchema(), ShipmentPlan.getClassSchema(), Alert.getClassSchema(),
                AlertAcknowledgement.getClassSchema(), AuditRecord.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordTypes")
    void shouldWriteAvrosTextOfGeneratedSpecificRecords(final Schema schema) {
        final Generator generator = new Generator(new Random(schema.getFullName().hashCode()), true);
        for (int i = 0; i < VALUES; i++) {
            final IndexedRecord value = (IndexedRecord) generator.value(schema);
            final String avro = value.toString();

            assertThat(AvroText.text(value)).as("value %d", i).isEqualTo(avro);
            assertThat(AvroText.hash(value)).as("value %d: %s", i, avro).isEqualTo(avro.hashCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordTypes")
    void shouldWriteAvrosTextOfGeneratedGenericRecords(final Schema schema) {
        final Generator generator = new Generator(new Random(~schema.getFullName().hashCode()), false);
        assertAvrosTextOfGeneratedValues(generator, schema);
    }

    /** Text and hash of {@link #VALUES} generated values of {@code schema}, each equal to what Avro writes. */
    private static void assertAvrosTextOfGeneratedValues(final Generator generator, final Schema schema) {
        for (int i = 0; i < VALUES; i++) {
            final Object value = generator.value(schema);
            final String avro = GenericData.get().toString(value);

            assertThat(AvroText.text(value)).as("value %d", i).isEqualTo(avro);
            assertThat(AvroText.hash((IndexedRecord) value)).as("value %d: %s", i, avro).isEqualTo(avro.hashCode());
        }
    }

    @Test
    void shouldWriteAvrosTextOfTheTypesTheInputsDoNotUse() {
        final Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Other", "fields": [
                  {"name": "bytes", "type": "bytes"},
                  {"name": "fixed", "type": {"type": "fixed", "name": "Four", "size": 4}},
                  {"name": "flag", "type": "boolean"},
                  {"name": "count", "type": ["null", "int"]},
                  {"name": "ratio", "type": "float"},
                  {"name": "nested", "type": {"type": "map", "values": {"type": "array", "items": ["null", "double"]}}},
                  {"name": "names", "type": {"type": "array", "items": {"type": "array", "items": "string"}}},
                  {"name": "empty", "type": {"type": "record", "name": "Empty", "fields": []}},
                  {"name": "count2", "type": "long"}
                ]}""");
        final Generator generator = new Generator(new Random(11L), false);
        assertAvrosTextOfGeneratedValues(generator, schema);
    }

    @Test
    void shouldWriteARecordWithTheFieldsGiven() {
        final Generator generator = new Generator(new Random(5L), true);
        final TemperatureReading reading = (TemperatureReading) generator.value(TemperatureReading.getClassSchema());
        final int deviceId = TemperatureReading.getClassSchema().getField("deviceId").pos();

        final String text = AvroText.text(reading, (record, position) ->
                position == deviceId ? "replaced" : record.get(position), 16);

        assertThat(text).isEqualTo(TemperatureReading.newBuilder(reading).setDeviceId("replaced").build().toString());
    }

    /** Values of any schema: every value sometimes null, strings and numbers that test the escaping and formatting. */
    private static final class Generator {
        private static final String[] PIECES = {"", "a", "Z", "0", " ", "\"", "\\", "/", "'", "\b", "\f", "\n", "\r",
            "\t", "\u0000", "\u0001", "\u001F", "\u007F", "\u0080", "\u009F", "\u00A0", "é", "ß", "\u1FFF", "\u2000",
            "\u2028", "\u2029", "\u20AC", "\u20FF", "\u2100", "日本", "\uD83D\uDC89", "\uD800", "\uDFFF", "\uFFFF",
            "{", "}", "[", "]", ":", ",", "null", "NaN", "SHP-000042", "00614141123452.A1B2C3"};
        private static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.5, 2.5, 4.0, 8.05, 47.5596, 7.5886, 1e-7, 1e-3,
            1e7, 1e21, 1e300, -1e-300, 123456789.125, 0.1 + 0.2, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        private static final float[] FLOATS = {0f, -0f, 1f, 99.5f, 0.1f, 1e-7f, 1e10f, Float.MIN_VALUE,
            Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        private static final long[] LONGS = {0L, 1L, -1L, 9L, 10L, -10L, Integer.MIN_VALUE, Integer.MAX_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1_764_720_000_000L};

        private final Random random;
        private final boolean specific;

        Generator(final Random random, final boolean specific) {
            this.random = random;
            this.specific = specific;
        }

        Object value(final Schema schema) {
            if (random.nextInt(10) == 0 && nullable(schema.getType())) {
                return null;
            }
            return switch (schema.getType()) {
                case RECORD -> record(schema);
                case UNION -> value(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
                case ARRAY -> array(schema.getElementType());
                case MAP -> map(schema.getValueType());
                case ENUM -> enumSymbol(schema);
                case STRING -> specific || random.nextBoolean() ? text() : new Utf8(text());
                case BYTES -> bytes();
                case FIXED -> new GenericData.Fixed(schema, new byte[] {(byte) random.nextInt(), 0, -1, 127});
                case LONG -> longValue();
                case INT -> random.nextBoolean() ? (int) longValue() : random.nextInt();
                case DOUBLE -> doubleValue();
                case FLOAT -> random.nextBoolean() ? FLOATS[random.nextInt(FLOATS.length)]
                        : Float.intBitsToFloat(random.nextInt());
                case BOOLEAN -> random.nextBoolean();
                case NULL -> null;
            };
        }

        /** A generated record holds a primitive field as a Java primitive; a generic record holds anything. */
        private boolean nullable(final Schema.Type type) {
            return switch (type) {
                case RECORD -> false;
                case LONG, INT, DOUBLE, FLOAT, BOOLEAN -> !specific;
                default -> true;
            };
        }

        private IndexedRecord record(final Schema schema) {
            final IndexedRecord record = specific
                    ? (IndexedRecord) SpecificData.get().newRecord(null, schema)
                    : new GenericData.Record(schema);
            for (final Schema.Field field : schema.getFields()) {
                record.put(field.pos(), value(field.schema()));
            }
            return record;
        }

        private Object enumSymbol(final Schema schema) {
            final String symbol = schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size()));
            return specific ? SpecificData.get().createEnum(symbol, schema) : new GenericData.EnumSymbol(schema, symbol);
        }

        private List<Object> array(final Schema element) {
            final int size = random.nextInt(20) == 0 ? 100 + random.nextInt(200) : random.nextInt(5);
            final List<Object> values = specific || random.nextBoolean()
                    ? new ArrayList<>()
                    : new GenericData.Array<>(size, Schema.createArray(element));
            for (int i = 0; i < size; i++) {
                values.add(value(element));
            }
            return values;
        }

        private Map<Object, Object> map(final Schema valueSchema) {
            final Map<Object, Object> values = new LinkedHashMap<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                values.put(specific || random.nextBoolean() ? text() : new Utf8(text()), value(valueSchema));
            }
            return values;
        }

        private ByteBuffer bytes() {
            final byte[] bytes = new byte[random.nextInt(8)];
            random.nextBytes(bytes);
            final ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 2).put((byte) 1).put(bytes);
            buffer.flip();
            buffer.get();
            return buffer;
        }

        private String text() {
            final StringBuilder out = new StringBuilder();
            final int length = random.nextInt(30) == 0 ? 200 : random.nextInt(8);
            for (int i = 0; i < length; i++) {
                out.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : PIECES[random.nextInt(PIECES.length)]);
            }
            return out.toString();
        }

        private long longValue() {
            return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong() >> random.nextInt(64);
        }

        private double doubleValue() {
            return switch (random.nextInt(3)) {
                case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
                case 1 -> Double.longBitsToDouble(random.nextLong());
                default -> (random.nextDouble() - 0.5) * 400;
            };
        }
    }
}
