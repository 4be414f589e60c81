package io.coldchain.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro classes in the Confluent wire format: byte {@code 0x00}, the 4-byte
 * big-endian schema id, then Avro binary. Records written with another (compatible) version of the
 * schema are resolved into this class's schema, so readers and writers can evolve independently.
 * A {@code null} record is a tombstone both ways.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte MAGIC_BYTE = 0x0;
    private static final int HEADER_LENGTH = 5;

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaIds ids;
    private final boolean isKey;
    private final boolean subjectPerRecordType;
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    /**
     * The writer schema's id on each topic, asked of {@link #ids} once: neither a local id nor a registry's changes, and
     * asking costs every record a canonical form and its SHA-256 ({@link LocalSchemaIds}) or the schema's JSON text as
     * a map key ({@link RegistrySchemaIds}). An id that could not be had (a registry outage) is asked again next time.
     */
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();

    public AvroWireSerde(final Class<T> type, final SchemaIds ids, final boolean isKey) {
        this(type, ids, isKey, false);
    }

    /**
     * @param subjectPerRecordType register under {@code <topic>-<record full name>} (Confluent's
     *                             TopicRecordNameStrategy) instead of {@code <topic>-value}: for topics
     *                             that carry several record types, so that a registry's compatibility
     *                             check compares each type only with itself
     */
    AvroWireSerde(final Class<T> type, final SchemaIds ids, final boolean isKey, final boolean subjectPerRecordType) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.ids = ids;
        this.isKey = isKey;
        this.subjectPerRecordType = subjectPerRecordType;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        final int id = idFor(topic);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " to " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    T deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MAGIC_BYTE) {
            throw new SerializationException("Not Confluent wire format on " + topic + ": expected magic byte 0x00 and a "
                    + "4-byte schema id, got " + bytes.length + " bytes starting with "
                    + (bytes.length == 0 ? "nothing" : String.format("0x%02x", bytes[0])));
        }
        final int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        final SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id,
                k -> new SpecificDatumReader<>(ids.schemaFor(k), readerSchema));
        final int bodyLength = bytes.length - HEADER_LENGTH;
        try {
            // Walk the body once without building objects: a corrupt length or count prefix then ends in
            // EOF here, instead of making Avro allocate up to 2 GB for it (one poison pill would OOM the app).
            final BinaryDecoder check = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bodyLength, null);
            GenericDatumReader.skip(reader.getSchema(), check);
            if (!check.isEnd()) {
                throw new SerializationException("Trailing bytes after " + type.getSimpleName() + " (schema id " + id
                        + ") on " + topic);
            }
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bodyLength, null));
        } catch (SerializationException | SchemaRegistryUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Any failure here is caused by the bytes (Avro also throws UnsupportedOperationException,
            // IndexOutOfBoundsException, ...): callers and DLQ handlers must see one exception type.
            throw new SerializationException("Cannot read " + type.getSimpleName() + " (schema id " + id + ") from "
                    + topic + ": " + e, e);
        }
    }

    private int idFor(final String topic) {
        if (topic == null) {
            return ids.idFor(subject(null), readerSchema);
        }
        final Integer known = idByTopic.get(topic);
        if (known != null) {
            return known;
        }
        final int id = ids.idFor(subject(topic), readerSchema);
        idByTopic.put(topic, id);
        return id;
    }

    private String subject(final String topic) {
        if (subjectPerRecordType) {
            return topic + "-" + readerSchema.getFullName();
        }
        return topic + (isKey ? "-key" : "-value");
    }
}
