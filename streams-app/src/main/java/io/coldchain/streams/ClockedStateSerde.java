package io.coldchain.streams;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The form of a {@link ClockedState} in a detector's state store and changelog:
 * <pre>
 * 0xC1, version (1), the clock's length (unsigned varint), the clock ({@link StateSerde} of {@link EventClock}),
 * the state ({@link StateSerde} of the state type), absent when there is none
 * </pre>
 * A value written before the clock moved into the state store (by releases that kept it in a store of its own) is the
 * state's own form, which never starts with 0xC1 (JSON text, Smile's ':', or {@link StateSerde}'s 0xC0): it is read
 * as that state with {@link EventClock#NONE}, and the clock is taken from the old store once at start
 * (see {@code ReorderingDetectorProcessor}).
 *
 * @param <S> the rules' state type
 */
public final class ClockedStateSerde<S> implements Serde<ClockedState<S>> {

    static final int MAGIC = 0xC1;
    static final int VERSION = 1;

    private final StateSerde<S> states;
    private final StateSerde<EventClock> clocks = new StateSerde<>(EventClock.class);
    private final String typeName;

    public ClockedStateSerde(final Class<S> stateType) {
        this.states = new StateSerde<>(stateType);
        this.typeName = stateType.getSimpleName();
    }

    @Override
    public Serializer<ClockedState<S>> serializer() {
        final Serializer<EventClock> clock = clocks.serializer();
        final Serializer<S> state = states.serializer();
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            final byte[] clockBytes = clock.serialize(topic, value.clock());
            byte[] stateBytes = value.undecodedState();
            if (stateBytes == null) {
                final S decoded = value.state();
                stateBytes = decoded == null ? new byte[0] : state.serialize(topic, decoded);
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream(7 + clockBytes.length + stateBytes.length);
            out.write(MAGIC);
            out.write(VERSION);
            int length = clockBytes.length;
            while ((length & ~0x7F) != 0) {
                out.write((length & 0x7F) | 0x80);
                length >>>= 7;
            }
            out.write(length);
            out.writeBytes(clockBytes);
            out.writeBytes(stateBytes);
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<ClockedState<S>> deserializer() {
        final Deserializer<EventClock> clock = clocks.deserializer();
        final Deserializer<S> state = states.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            final Function<byte[], S> decoder = encoded -> state.deserialize(topic, encoded);
            if (bytes.length == 0 || (bytes[0] & 0xFF) != MAGIC) {
                // Written by a release that kept the clock in a store of its own.
                return ClockedState.encoded(EventClock.NONE, bytes, decoder);
            }
            if (bytes.length < 3) {
                throw new SerializationException("Cannot read a clocked " + typeName + ": " + bytes.length + " bytes");
            }
            if (bytes[1] != VERSION) {
                throw new SerializationException("Cannot read a clocked " + typeName + ": format version " + bytes[1]
                        + ", this release reads version " + VERSION + " (written by a later release?)");
            }
            int at = 2;
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= bytes.length || shift > 28) {
                    throw new SerializationException("Cannot read a clocked " + typeName + ": the clock's length is cut");
                }
                final int b = bytes[at++] & 0xFF;
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length < 0 || length > bytes.length - at) {
                throw new SerializationException("Cannot read a clocked " + typeName + ": a clock of " + length
                        + " bytes in " + (bytes.length - at) + " left");
            }
            final EventClock read = clock.deserialize(topic, Arrays.copyOfRange(bytes, at, at + length));
            at += length;
            return ClockedState.encoded(read, at == bytes.length ? null : Arrays.copyOfRange(bytes, at, bytes.length),
                    decoder);
        };
    }
}
