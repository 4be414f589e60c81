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
 * which is not part of the public contract. Written as Smile, Jackson's binary form of JSON: the same data model
 * and the same mapping of the state records as JSON, but numbers are written as binary values instead of decimal
 * text (decimal conversion of doubles was the largest single cost of the state in the profile, see
 * {@code docs/BENCHMARKS.md}) and repeated field names are written once per value.
 *
 * <p>Read as Smile when the bytes start with Smile's header, else as JSON: state and changelogs written by
 * versions before Smile stay readable, and are written back as Smile the next time they change. Unknown properties
 * are ignored, so state written by an older or newer version of the application stays readable.
 */
public final class StateSerde<T> implements Serde<T> {

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Every Smile document written here starts with these bytes (":)\n"); no JSON document does. */
    private static final byte[] SMILE_HEADER = {0x3A, 0x29, 0x0A};

    private final Class<T> type;

    public StateSerde(final Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
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
            final boolean smile = isSmile(bytes);
            try {
                return (smile ? SMILE : JSON).readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + " from "
                        + (smile ? "Smile" : "JSON"), e);
            }
        };
    }

    static boolean isSmile(final byte[] bytes) {
        return bytes.length >= SMILE_HEADER.length && bytes[0] == SMILE_HEADER[0] && bytes[1] == SMILE_HEADER[1]
                && bytes[2] == SMILE_HEADER[2];
    }
}
