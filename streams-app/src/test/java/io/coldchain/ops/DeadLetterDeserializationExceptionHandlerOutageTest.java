package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A record the registry cannot help read during an outage is retried, never dead-lettered")
class DeadLetterDeserializationExceptionHandlerOutageTest {

    private static final String TOPIC = "coldchain.telemetry.temperature";
    private static final String DLQ = "coldchain.errors.dead-letter";
    private static final byte[] VALUE = {0, 0, 0, 0, 42, 1, 2, 3};

    private final DeadLetterDeserializationExceptionHandler handler = new DeadLetterDeserializationExceptionHandler();
    private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 1, 17L,
            "SHP-1".getBytes(StandardCharsets.UTF_8), VALUE);

    @BeforeEach
    void configure() {
        handler.configure(Map.of("errors.dead.letter.queue.topic.name", DLQ));
    }

    @Test
    void shouldFailWithoutADeadLetterWhenTheRegistryIsUnavailable() {
        final Response response = handler.handleError(context(), record, new SerializationException("wrapped",
                new SchemaRegistryUnavailableException("Schema registry at http://registry:8081 is unavailable (HTTP 503)")));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldDeadLetterAndContinueOnBadInput() {
        final Response response = handler.handleError(context(), record,
                new SerializationException("Not Confluent wire format on " + TOPIC));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(dead -> assertThat(dead.topic()).isEqualTo(DLQ));
    }

    private static ErrorHandlerContext context() {
        return TestErrorContext.of(TOPIC, "read-temperature-readings", "SHP-1", VALUE);
    }
}
