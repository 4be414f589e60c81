package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.rules.temperature.TemperatureState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdeTest {

    private final StateSerde<EventClock> clocks = new StateSerde<>(EventClock.class);

    @Test
    void shouldWriteSmileAndReadItBack() {
        final EventClock clock = new EventClock(1_767_225_600_123L, List.of(7, -3, 42));

        final byte[] bytes = clocks.serializer().serialize("t", clock);

        assertThat(StateSerde.isSmile(bytes)).isTrue();
        assertThat(clocks.deserializer().deserialize("t", bytes)).isEqualTo(clock);
    }

    @Test
    void shouldKeepDoublesExactlyAndBeSmallerThanJson() throws Exception {
        final StateSerde<TemperatureState> serde = new StateSerde<>(TemperatureState.class);
        final TemperatureState state = new TemperatureState();
        state.lastCelsius = 0.1 + 0.2;
        state.lastReadingTime = 1_767_225_600_000L;

        final byte[] bytes = serde.serializer().serialize("t", state);
        final TemperatureState back = serde.deserializer().deserialize("t", bytes);

        assertThat(back.lastCelsius).isEqualTo(0.1 + 0.2);
        assertThat(back.lastReadingTime).isEqualTo(state.lastReadingTime);
        assertThat(bytes.length).as("smaller than the JSON of the same state")
                .isLessThan(new ObjectMapper().writeValueAsBytes(state).length);
    }

    @Test
    void shouldReadStateWrittenAsJsonByEarlierVersionsIgnoringUnknownFields() {
        final byte[] legacy = "{\"handledUpTo\":1767225600000,\"recentHashes\":[1,2],\"since\":\"a later field\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(StateSerde.isSmile(legacy)).isFalse();
        assertThat(clocks.deserializer().deserialize("t", legacy)).isEqualTo(new EventClock(1_767_225_600_000L, List.of(1, 2)));
    }

    @Test
    void shouldPassNullsThroughAndNameTheTypeWhenBytesAreUnreadable() {
        assertThat(clocks.serializer().serialize("t", null)).isNull();
        assertThat(clocks.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> clocks.deserializer().deserialize("t", new byte[] {0x3A, 0x29, 0x0A, (byte) 0xFF}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("EventClock").hasMessageContaining("Smile");
    }
}
