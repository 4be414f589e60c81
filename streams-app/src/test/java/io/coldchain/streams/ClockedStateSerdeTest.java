package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.rules.route.RouteState;
import io.coldchain.rules.temperature.TemperatureState;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ClockedStateSerdeTest {

    private static final EventClock CLOCK = new EventClock(1_700_000_000_000L, List.of(7, -3, 1_000_000), 1_700_000_060_000L);

    private final ClockedStateSerde<TemperatureState> serde = new ClockedStateSerde<>(TemperatureState.class);
    private final StateSerde<TemperatureState> states = new StateSerde<>(TemperatureState.class);
    private final StateSerde<EventClock> clocks = new StateSerde<>(EventClock.class);

    @Test
    void shouldWriteTheDocumentedLayoutAndReadItBack() {
        final TemperatureState state = temperatureState(1);
        final byte[] bytes = serde.serializer().serialize("t", ClockedState.of(CLOCK, state));

        final byte[] clock = clocks.serializer().serialize("t", CLOCK);
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(0xC1);
        expected.write(1);
        assertThat(clock.length).as("a clock of three hashes has a one-byte length").isLessThan(128);
        expected.write(clock.length);
        expected.writeBytes(clock);
        expected.writeBytes(states.serializer().serialize("t", state));
        assertThat(bytes).isEqualTo(expected.toByteArray());

        final ClockedState<TemperatureState> read = serde.deserializer().deserialize("t", bytes);
        assertThat(read.clock()).isEqualTo(CLOCK);
        assertThat(read.hasState()).isTrue();
        assertThat(read.state()).isEqualTo(state);
    }

    @Test
    void shouldKeepAClockWithoutAState() {
        final byte[] bytes = serde.serializer().serialize("t", ClockedState.of(CLOCK, null));
        assertThat(bytes).hasSize(3 + clocks.serializer().serialize("t", CLOCK).length);

        final ClockedState<TemperatureState> read = serde.deserializer().deserialize("t", bytes);
        assertThat(read.clock()).isEqualTo(CLOCK);
        assertThat(read.hasState()).isFalse();
        assertThat(read.state()).isNull();
    }

    @Test
    void shouldWriteALengthOfSeveralBytesForALongClock() {
        final List<Integer> hashes = new java.util.ArrayList<>();
        for (int i = 0; i < EventClock.RECENT; i++) {
            hashes.add(Integer.MIN_VALUE + i * 977);
        }
        final EventClock full = new EventClock(Long.MAX_VALUE, hashes, Long.MIN_VALUE);
        final byte[] bytes = serde.serializer().serialize("t", ClockedState.of(full, temperatureState(2)));
        assertThat(clocks.serializer().serialize("t", full).length).as("this clock's length takes two bytes")
                .isGreaterThanOrEqualTo(128);
        assertThat(bytes[2] & 0x80).as("the length's first byte says another follows").isNotZero();

        final ClockedState<TemperatureState> read = serde.deserializer().deserialize("t", bytes);
        assertThat(read.clock()).isEqualTo(full);
        assertThat(read.state()).isEqualTo(temperatureState(2));
    }

    @Test
    void shouldReadAStateWrittenBeforeTheClockMovedInWithNoClock() {
        final TemperatureState state = temperatureState(3);
        final byte[] earlier = states.serializer().serialize("t", state);

        final ClockedState<TemperatureState> read = serde.deserializer().deserialize("t", earlier);
        assertThat(read.clock()).isEqualTo(EventClock.NONE);
        assertThat(read.state()).isEqualTo(state);
    }

    @Test
    void shouldWriteBackAStateItNeverDecodedWithTheBytesItWasReadWith() {
        final RouteState state = (RouteState) new RecordCodecTest.Values(new Random(11)).ofNonNull(RouteState.class);
        final ClockedStateSerde<RouteState> routes = new ClockedStateSerde<>(RouteState.class);
        final byte[] bytes = routes.serializer().serialize("t", ClockedState.of(CLOCK, state));

        final ClockedState<RouteState> read = routes.deserializer().deserialize("t", bytes);
        final EventClock later = CLOCK.handled(CLOCK.handledUpTo() + 1, 42);
        final ClockedState<RouteState> moved = read.withClock(later);
        assertThat(moved.undecodedState()).as("the state not decoded to move the clock").isNotNull();
        final byte[] written = routes.serializer().serialize("t", moved);

        final byte[] stateBytes = new StateSerde<>(RouteState.class).serializer().serialize("t", state);
        assertThat(Arrays.copyOfRange(written, written.length - stateBytes.length, written.length)).isEqualTo(stateBytes);
        assertThat(routes.deserializer().deserialize("t", written)).isEqualTo(ClockedState.of(later, state));
    }

    @Test
    void shouldRefuseALaterVersionAndCutValuesWithAMessage() {
        final byte[] bytes = serde.serializer().serialize("t", ClockedState.of(CLOCK, temperatureState(4)));
        final byte[] later = bytes.clone();
        later[1] = 2;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", later)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 2").hasMessageContaining("TemperatureState");
        for (final int cut : new int[] {1, 2, 3, 10}) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, cut))).as("cut at %d", cut)
                    .isInstanceOf(SerializationException.class);
        }
    }

    private static TemperatureState temperatureState(final long seed) {
        return (TemperatureState) new RecordCodecTest.Values(new Random(seed)).ofNonNull(TemperatureState.class);
    }
}
