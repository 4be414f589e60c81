package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.TemperatureReading;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {

    private final EventTimeExtractor extractor = new EventTimeExtractor();

    @Test
    void shouldTakeTheEventTimeFromThePayload() {
        final long time = Instant.parse("2026-11-02T06:00:00Z").toEpochMilli();
        assertThat(extractor.extract(record(time), 42L)).isEqualTo(time);
    }

    @Test
    void shouldNeverLetAnImplausibleTimeBecomeStreamTime() {
        final long partitionTime = Instant.parse("2026-11-02T06:00:00Z").toEpochMilli();
        assertThat(extractor.extract(record(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()), partitionTime))
                .isEqualTo(partitionTime);
        assertThat(extractor.extract(record(86_400_000L), partitionTime)).isEqualTo(partitionTime);
        assertThat(extractor.extract(record(-5L), -1L)).isZero();
    }

    private static ConsumerRecord<Object, Object> record(final long eventTime) {
        return new ConsumerRecord<>("t", 0, 0L, "S", new TemperatureReading("d", "S", eventTime, 5.0, null));
    }
}
