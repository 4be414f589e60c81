package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
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
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return TOPIC;
            }

            @Override
            public int partition() {
                return 1;
            }

            @Override
            public long offset() {
                return 17L;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "read-temperature-readings";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 1);
            }

            @Override
            public long timestamp() {
                return 1_700_000_000_000L;
            }

            @Override
            public byte[] sourceRawKey() {
                return "SHP-1".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return VALUE;
            }
        };
    }
}
