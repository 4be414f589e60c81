package io.coldchain.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for the application's internal state (store values, their changelogs and the serial repartition topic),
 * which is not part of the public contract. Records, and classes of public fields, are written in the compact binary
 * form of {@link RecordCodec}: the components in order, no field names, numbers as variable-length integers. It
 * replaced Smile (Jackson's binary JSON), which in the profile of the serial checks took a quarter of the stream
 * thread's time (see {@code docs/BENCHMARKS.md}).
 *
 * <p><b>What it reads.</b> Every form an earlier release wrote, told apart by the first bytes: this binary form
 * ({@code 0xC0} and a format version), Smile (":)\n"), else JSON. State and changelogs written by earlier
 * versions stay readable and are written back in the binary form the next time they change. An upgrade is therefore
 * one-way: a release before this one cannot read state this one wrote (reset the application's state to go back).
 * Components appended to a state record read as absent from older bytes, and components a later release appended are
 * skipped ({@link RecordCodec}); Smile and JSON ignore unknown properties.
 */
public final class StateSerde<T> implements Serde<T> {

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Every Smile document written here starts with these bytes (":)\n"); no JSON document does. */
    private static final byte[] SMILE_HEADER = {0x3A, 0x29, 0x0A};
    /**
     * First byte of the binary form: never the first byte of a Smile document (':') nor of JSON text (UTF-8 never
     * starts a character with 0xC0).
     */
    static final int BINARY_MAGIC = 0xC0;
    /** Version of the binary form, its second byte. */
    static final int BINARY_VERSION = 1;
    private static final byte[] BINARY_HEADER = {(byte) BINARY_MAGIC, BINARY_VERSION};

    private final Class<T> type;
    private final RecordCodec<T> codec;

    /**
     * @param type a record or a class of public fields ({@link RecordCodec#isFieldsClass}, the shipment history) is
     *             written in the binary form (its component types must be ones {@link RecordCodec} can write, else this
     *             throws {@link IllegalArgumentException}); any other class as Smile
     */
    public StateSerde(final Class<T> type) {
        this.type = type;
        this.codec = type.isRecord() || RecordCodec.isFieldsClass(type) ? RecordCodec.of(type) : null;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            if (codec != null) {
                return codec.encode(value, BINARY_HEADER);
            }
            try {
                return SMILE.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("Cannot write " + type.getSimpleName() + " as Smile", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (isBinary(bytes) && codec == null) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + ": written in the binary form,"
                        + " but " + type.getName() + " is no longer a record nor a class of public fields");
            }
            if (isBinary(bytes)) {
                if (bytes[1] != BINARY_VERSION) {
                    throw new SerializationException("Cannot read " + type.getSimpleName() + ": binary state format version "
                            + bytes[1] + ", this release reads version " + BINARY_VERSION + " (written by a later release?)");
                }
                try {
                    return codec.decode(bytes, BINARY_HEADER.length);
                } catch (RuntimeException e) {
                    throw new SerializationException("Cannot read " + type.getSimpleName() + " from its binary form: "
                            + e.getMessage(), e);
                }
            }
            final boolean smile = isSmile(bytes);
            try {
                return (smile ? SMILE : JSON).readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + " from "
                        + (smile ? "Smile" : "JSON"), e);
            }
        };
    }

    static boolean isBinary(final byte[] bytes) {
        return bytes.length >= BINARY_HEADER.length && (bytes[0] & 0xFF) == BINARY_MAGIC;
    }

    static boolean isSmile(final byte[] bytes) {
        return bytes.length >= SMILE_HEADER.length && bytes[0] == SMILE_HEADER[0] && bytes[1] == SMILE_HEADER[1]
                && bytes[2] == SMILE_HEADER[2];
    }
}
