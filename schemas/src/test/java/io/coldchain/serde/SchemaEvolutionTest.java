package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.fixtures.Fixtures;
import io.coldchain.schemas.TemperatureReading;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Readers and writers of TemperatureReading evolve independently")
class SchemaEvolutionTest {

    private static final String TOPIC = "coldchain.telemetry.temperature";

    /** A future TemperatureReading: two more fields, both with defaults (a backward and forward compatible change). */
    static final Schema V2 = new Schema.Parser().parse("""
            {
              "type": "record", "name": "TemperatureReading", "namespace": "io.coldchain.schemas",
              "fields": [
                {"name": "deviceId", "type": "string"},
                {"name": "shipmentId", "type": "string"},
                {"name": "eventTime", "type": "long"},
                {"name": "temperatureCelsius", "type": "double"},
                {"name": "batteryPercent", "type": ["null", "float"], "default": null},
                {"name": "humidityPercent", "type": ["null", "double"], "default": null},
                {"name": "firmware", "type": "string", "default": "unknown"}
              ]
            }
            """);

    private static final TemperatureReading READING = Fixtures.reading().build();

    /** The fixture reading as a v2 producer would write it, with the new fields set. */
    static byte[] v2Bytes(final int v2Id) {
        final GenericRecord v2 = new GenericData.Record(V2);
        v2.put("deviceId", READING.getDeviceId());
        v2.put("shipmentId", READING.getShipmentId());
        v2.put("eventTime", READING.getEventTime());
        v2.put("temperatureCelsius", READING.getTemperatureCelsius());
        v2.put("batteryPercent", READING.getBatteryPercent());
        v2.put("humidityPercent", 61.5);
        v2.put("firmware", "2.4.1");
        return Wire.frame(v2Id, Wire.encode(V2, v2));
    }

    @Nested
    @DisplayName("without a registry")
    class Local {

        @Test
        @DisplayName("a v1 reader that knows the v2 schema reads v2 bytes, dropping the new fields")
        void shouldReadV2BytesIntoTheV1Class() {
            final AvroSerdes serdes = new AvroSerdes(new LocalSchemaIds(List.of(V2)));

            final TemperatureReading read = serdes.value(TemperatureReading.class).deserializer()
                    .deserialize(TOPIC, v2Bytes(LocalSchemaIds.idOf(V2)));

            assertThat(read).isEqualTo(READING);
        }

        @Test
        @DisplayName("knowing v2 does not forget the shipped v1: it still reads bytes of another v1 producer")
        void shouldStillReadShippedSchemasWhenGivenExtraOnes() {
            final byte[] v1Bytes = AvroSerdes.local().value(TemperatureReading.class).serializer()
                    .serialize(TOPIC, READING);
            final AvroSerdes consumer = new AvroSerdes(new LocalSchemaIds(List.of(V2)));

            assertThat(consumer.value(TemperatureReading.class).deserializer().deserialize(TOPIC, v1Bytes))
                    .isEqualTo(READING);
        }

        @Test
        @DisplayName("a v1 reader that was not told about v2 rejects v2 bytes naming the id")
        void shouldRejectV2BytesWhenV2IsUnknown() {
            final int v2Id = LocalSchemaIds.idOf(V2);

            assertThatThrownBy(() -> AvroSerdes.local().value(TemperatureReading.class).deserializer()
                    .deserialize(TOPIC, v2Bytes(v2Id)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(Integer.toString(v2Id));
        }

        @Test
        @DisplayName("v1 bytes read by a v2 (generic) reader get the defaults of the new fields")
        void shouldFillDefaultsWhenAV2ReaderReadsV1Bytes() {
            final byte[] v1Bytes = AvroSerdes.local().value(TemperatureReading.class).serializer()
                    .serialize(TOPIC, READING);
            final Schema writer = new LocalSchemaIds().schemaFor(Wire.schemaId(v1Bytes));

            final GenericRecord read = Wire.decode(Wire.body(v1Bytes), writer, V2);

            assertThat(read.getSchema()).isEqualTo(V2);
            assertThat(read.get("humidityPercent")).isNull();
            assertThat(read.get("firmware")).hasToString("unknown");
            assertThat(read.get("deviceId")).hasToString(READING.getDeviceId());
            assertThat(read.get("temperatureCelsius")).isEqualTo(READING.getTemperatureCelsius());
            assertThat(read.get("batteryPercent")).isEqualTo(READING.getBatteryPercent());
        }
    }

    @Nested
    @DisplayName("with a schema registry")
    class Registry {

        private FakeSchemaRegistry registry;

        @BeforeEach
        void startRegistry() {
            registry = FakeSchemaRegistry.start();
        }

        @AfterEach
        void stopRegistry() {
            registry.close();
        }

        @Test
        @DisplayName("a v1 reader fetches the v2 writer schema by id and reads v2 bytes into the v1 class")
        void shouldReadV2BytesIntoTheV1ClassViaTheRegistry() {
            final int v2Id = registry.register(TOPIC + "-value", V2);
            final AvroSerdes consumer = AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, registry.url()));

            final TemperatureReading read = consumer.value(TemperatureReading.class).deserializer()
                    .deserialize(TOPIC, v2Bytes(v2Id));

            assertThat(read).isEqualTo(READING);
            assertThat(registry.count("GET", "/schemas/ids/" + v2Id)).isOne();
        }

        @Test
        @DisplayName("v1 and v2 records interleaved on one topic are both read")
        void shouldReadInterleavedVersions() {
            final AvroSerdes producerV1 = AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, registry.url()));
            final byte[] v1Bytes = producerV1.value(TemperatureReading.class).serializer().serialize(TOPIC, READING);
            final byte[] v2Bytes = v2Bytes(registry.register(TOPIC + "-value", V2));
            final AvroWireSerde<TemperatureReading> consumer = AvroSerdes
                    .fromConfig(Map.of(AvroSerdes.REGISTRY_URL, registry.url())).value(TemperatureReading.class);

            assertThat(List.of(v1Bytes, v2Bytes, v1Bytes))
                    .extracting(bytes -> consumer.deserializer().deserialize(TOPIC, bytes))
                    .containsExactly(READING, READING, READING);
            assertThat(Wire.schemaId(v1Bytes)).isNotEqualTo(Wire.schemaId(v2Bytes));
        }
    }
}
