package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.fixtures.Fixtures;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.TemperatureReading;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RegistrySchemaIds speaks the Confluent Schema Registry REST API")
class RegistrySchemaIdsTest {

    private static final String TOPIC = "coldchain.telemetry.temperature";
    private static final String SUBJECT = TOPIC + "-value";
    private static final TemperatureReading READING = Fixtures.reading().build();

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = FakeSchemaRegistry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private AvroSerdes serdes(final Object... extraConfig) {
        final Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdes.REGISTRY_URL, registry.url());
        for (int i = 0; i < extraConfig.length; i += 2) {
            config.put((String) extraConfig[i], extraConfig[i + 1]);
        }
        return AvroSerdes.fromConfig(config);
    }

    @Nested
    @DisplayName("AvroSerdes.fromConfig")
    class FromConfig {

        @Test
        void shouldUseTheRegistryWhenItsUrlIsSet() {
            assertThat(serdes().ids()).isInstanceOf(RegistrySchemaIds.class);
        }

        @Test
        void shouldUseLocalIdsWhenNoUrlOrABlankUrlIsSet() {
            assertThat(AvroSerdes.fromConfig(Map.of()).ids()).isInstanceOf(LocalSchemaIds.class);
            assertThat(AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, " ")).ids())
                    .isInstanceOf(LocalSchemaIds.class);
        }
    }

    @Nested
    @DisplayName("writing")
    class Writing {

        @Test
        @DisplayName("registers the schema under <topic>-value and writes the id the registry gave")
        void shouldRegisterUnderTheTopicValueSubject() {
            final byte[] bytes = serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING);

            assertThat(registry.count("POST", "/subjects/" + SUBJECT + "/versions")).isOne();
            assertThat(registry.requests()).singleElement().satisfies(request -> {
                assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
                final Schema sent = new Schema.Parser().parse(FakeSchemaRegistry.json(request.body()).path("schema").asText());
                assertThat(sent).isEqualTo(TemperatureReading.getClassSchema());
            });
            assertThat(bytes[0]).isZero();
            assertThat(Wire.schemaId(bytes)).isEqualTo(registry.register(SUBJECT, TemperatureReading.getClassSchema()));
        }

        @Test
        @DisplayName("registers each record type of a multi-type topic under its own <topic>-<record name> subject")
        void shouldRegisterEachTypeOfAMultiTypeTopicUnderItsOwnSubject() {
            final AnyRecordSerde any = new AnyRecordSerde(serdes());
            any.serializer().serialize("late", READING);
            any.serializer().serialize("late", Fixtures.fix().build());

            assertThat(registry.count("POST", "/subjects/late-io.coldchain.schemas.TemperatureReading/versions")).isOne();
            assertThat(registry.count("POST", "/subjects/late-io.coldchain.schemas.LocationFix/versions")).isOne();
            assertThat(registry.count("POST", "/subjects/late-value/versions")).isZero();
        }

        @Test
        @DisplayName("registers once per subject and schema, however many records it writes")
        void shouldCacheIdsPerSubjectAndSchema() {
            final AvroSerdes serdes = serdes();
            final AvroWireSerde<TemperatureReading> readings = serdes.value(TemperatureReading.class);
            final AvroWireSerde<Alert> alerts = serdes.value(Alert.class);

            IntStream.range(0, 25).forEach(i -> readings.serializer().serialize(TOPIC, READING));
            IntStream.range(0, 25).forEach(i -> serdes.value(TemperatureReading.class).serializer()
                    .serialize("coldchain.telemetry.temperature-replay", READING));
            IntStream.range(0, 25).forEach(i -> alerts.serializer().serialize("coldchain.alerts", Fixtures.alert().build()));

            assertThat(registry.count("POST", "/subjects/" + SUBJECT + "/versions")).isOne();
            assertThat(registry.count("POST", "/subjects/coldchain.telemetry.temperature-replay-value/versions")).isOne();
            assertThat(registry.count("POST", "/subjects/coldchain.alerts-value/versions")).isOne();
            assertThat(registry.requests()).hasSize(3);
        }

        @Test
        @DisplayName("sends basic auth when basic.auth.user.info is configured")
        void shouldSendBasicAuth() {
            serdes(AvroSerdes.BASIC_AUTH_USER_INFO, "coldchain:s3cr3t:with-colon")
                    .value(TemperatureReading.class).serializer().serialize(TOPIC, READING);

            final String expected = "Basic " + Base64.getEncoder()
                    .encodeToString("coldchain:s3cr3t:with-colon".getBytes(StandardCharsets.UTF_8));
            assertThat(registry.requests()).singleElement()
                    .extracting(FakeSchemaRegistry.Request::authorization).isEqualTo(expected);
        }

        @Test
        void shouldSendNoAuthorizationHeaderWithoutUserInfo() {
            serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING);

            assertThat(registry.requests()).singleElement()
                    .extracting(FakeSchemaRegistry.Request::authorization).isNull();
        }

        @Test
        @DisplayName("with auto.register.schemas=false looks the schema up instead of registering it")
        void shouldLookUpWhenAutoRegisterIsOff() {
            final int id = registry.register(SUBJECT, TemperatureReading.getClassSchema());

            final byte[] bytes = serdes(AvroSerdes.AUTO_REGISTER, "false")
                    .value(TemperatureReading.class).serializer().serialize(TOPIC, READING);

            assertThat(Wire.schemaId(bytes)).isEqualTo(id);
            assertThat(registry.count("POST", "/subjects/" + SUBJECT)).isOne();
            assertThat(registry.count("POST", "/subjects/" + SUBJECT + "/versions")).isZero();
        }

        @Test
        @DisplayName("with auto.register.schemas=false an unregistered schema fails naming the subject, registering nothing")
        void shouldFailWhenAutoRegisterIsOffAndTheSchemaIsNotRegistered() {
            final AvroWireSerde<TemperatureReading> readings = serdes(AvroSerdes.AUTO_REGISTER, Boolean.FALSE)
                    .value(TemperatureReading.class);

            assertThatThrownBy(() -> readings.serializer().serialize(TOPIC, READING))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(SUBJECT)
                    .hasMessageContaining("404")
                    .hasMessageContaining("auto.register.schemas=false");
            assertThat(registry.count("POST", "/subjects/" + SUBJECT + "/versions")).isZero();
        }
    }

    @Nested
    @DisplayName("reading")
    class Reading {

        @Test
        @DisplayName("fetches an id it has not seen once, however many records and serdes of one client read it")
        void shouldFetchAnUnknownIdOnce() {
            final byte[] bytes = serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING);
            final AvroSerdes consumer = serdes();
            final AvroWireSerde<TemperatureReading> oneSerde = consumer.value(TemperatureReading.class);

            IntStream.range(0, 25).forEach(i ->
                    assertThat(oneSerde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(READING));
            IntStream.range(0, 5).forEach(i -> assertThat(consumer.value(TemperatureReading.class).deserializer()
                    .deserialize(TOPIC, bytes)).isEqualTo(READING));

            assertThat(registry.count("GET", "/schemas/ids/" + Wire.schemaId(bytes))).isOne();
        }

        @Test
        @DisplayName("does not fetch a schema the same client registered")
        void shouldNotFetchASchemaItRegistered() {
            final AvroWireSerde<TemperatureReading> serde = serdes().value(TemperatureReading.class);
            final byte[] bytes = serde.serializer().serialize(TOPIC, READING);

            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(READING);
            assertThat(registry.count("GET", "/schemas/ids/" + Wire.schemaId(bytes))).isZero();
        }

        @Test
        void shouldNameTheIdWhenTheRegistryDoesNotKnowIt() {
            final byte[] bytes = Wire.frame(4_242, Wire.body(
                    AvroSerdes.local().value(TemperatureReading.class).serializer().serialize(TOPIC, READING)));

            assertThatThrownBy(() -> serdes().value(TemperatureReading.class).deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("4242")
                    .hasMessageContaining("404");
        }

        @Test
        @DisplayName("a schema the registry serves that is not valid Avro fails with a SerializationException")
        void shouldRejectAnInvalidSchemaFromTheRegistry() {
            // A schema with Confluent schema references: the referenced type is not in the text.
            final int id = registry.putRaw("""
                    {"type":"record","name":"TemperatureReading","namespace":"io.coldchain.schemas",
                     "fields":[{"name":"device","type":"io.coldchain.schemas.Device"}]}""");
            final byte[] bytes = Wire.frame(id, new byte[] {2, 'x'});

            assertThatThrownBy(() -> serdes().value(TemperatureReading.class).deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(Integer.toString(id));
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        @Test
        @DisplayName("an HTTP 500 is an outage, not bad input: it says so with the status and the registry URL")
        void shouldReportAServerErrorAsAnOutage() {
            registry.failEveryRequestWith(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
            final AvroSerdes serdes = serdes();

            assertThatThrownBy(() -> serdes.value(TemperatureReading.class).serializer().serialize(TOPIC, READING))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining(registry.url())
                    .hasMessageContaining(SUBJECT);
        }

        @Test
        @DisplayName("with an outage wait, a lookup waits for the registry to come back instead of failing")
        void shouldWaitForTheRegistryWhenAskedTo() throws Exception {
            final byte[] bytes = serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING);
            final AvroSerdes patient = serdes(AvroSerdes.OUTAGE_WAIT_MS, "30000");
            registry.failEveryRequestWith(503, "{}");
            final Thread comeBack = new Thread(() -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                registry.failEveryRequestWith(0, null);
            });
            comeBack.start();

            assertThat(patient.value(TemperatureReading.class).deserializer().deserialize(TOPIC, bytes)).isEqualTo(READING);
            comeBack.join();
            assertThat(patient.ids().available()).isTrue();
        }

        @Test
        @DisplayName("a 4xx answer is about the request (bad input), not an outage")
        void shouldReportAClientErrorAsBadInput() {
            registry.failEveryRequestWith(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

            assertThatThrownBy(() -> serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("HTTP 422")
                    .hasMessageContaining("Invalid schema");
        }

        @Test
        @DisplayName("credentials in the registry URL go to the Authorization header and never into a message")
        void shouldKeepCredentialsInTheUrlOutOfEveryMessage() {
            final String withCredentials = registry.url().replace("http://", "http://coldchain:s3cr3t@");
            final AvroSerdes serdes = AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, withCredentials));
            serdes.value(TemperatureReading.class).serializer().serialize(TOPIC, READING);
            assertThat(registry.requests()).singleElement().extracting(FakeSchemaRegistry.Request::authorization)
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("coldchain:s3cr3t".getBytes(StandardCharsets.UTF_8)));

            registry.failEveryRequestWith(503, "{}");
            assertThatThrownBy(() -> AvroSerdes.fromConfig(Map.of(AvroSerdes.REGISTRY_URL, withCredentials))
                    .value(TemperatureReading.class).serializer().serialize(TOPIC, READING))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining(registry.url())
                    .hasMessageNotContaining("s3cr3t");
        }

        @Test
        @DisplayName("an HTTP 500 on fetch fails the read as an outage and is not cached: the next read asks again")
        void shouldNotCacheAFailedFetch() {
            final byte[] bytes = serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING);
            final AvroSerdes reader = serdes();
            final AvroWireSerde<TemperatureReading> consumer = reader.value(TemperatureReading.class);
            registry.failEveryRequestWith(500, "{\"error_code\":50001,\"message\":\"busy\"}");

            assertThatThrownBy(() -> consumer.deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 500");
            assertThatThrownBy(() -> consumer.deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SchemaRegistryUnavailableException.class);
            assertThat(registry.count("GET", "/schemas/ids/" + Wire.schemaId(bytes))).isEqualTo(2);
        }

        @Test
        @DisplayName("an answer that is not JSON (a wrong base URL) says so")
        void shouldReportAnAnswerThatIsNotJson() {
            registry.failEveryRequestWith(200, "<html><body>Registry UI</body></html>");

            assertThatThrownBy(() -> serdes().value(TemperatureReading.class).serializer().serialize(TOPIC, READING))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not JSON")
                    .hasMessageContaining(AvroSerdes.REGISTRY_URL);
        }

        @Test
        @DisplayName("an unreachable registry is an outage, on write and on read, and says so with its URL")
        void shouldReportAnUnreachableRegistry() throws IOException {
            final String deadUrl;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                deadUrl = "http://127.0.0.1:" + socket.getLocalPort();
            }
            final AvroWireSerde<TemperatureReading> readings = AvroSerdes
                    .fromConfig(Map.of(AvroSerdes.REGISTRY_URL, deadUrl)).value(TemperatureReading.class);
            final byte[] bytes = AvroSerdes.local().value(TemperatureReading.class).serializer().serialize(TOPIC, READING);

            assertThatThrownBy(() -> readings.serializer().serialize(TOPIC, READING))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining(deadUrl)
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> readings.deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining(deadUrl)
                    .hasMessageContaining("unreachable");
        }
    }
}
