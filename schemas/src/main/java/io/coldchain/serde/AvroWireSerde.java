package io.coldchain.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
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
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public AvroWireSerde(final Class<T> type, final SchemaIds ids, final boolean isKey) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.ids = ids;
        this.isKey = isKey;
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
        final int id = ids.idFor(subject(topic), readerSchema);
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
        final DatumReader<T> reader = readersByWriterId.computeIfAbsent(id,
                k -> new SpecificDatumReader<>(ids.schemaFor(k), readerSchema));
        try {
            final BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            final T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Trailing bytes after " + type.getSimpleName() + " on " + topic);
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " (schema id " + id + ") from "
                    + topic + ": " + e, e);
        }
    }

    private String subject(final String topic) {
        return topic + (isKey ? "-key" : "-value");
    }
}
