package io.coldchain.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent wire format written and read by hand with plain Avro, the way a third-party
 * producer or consumer would, so tests do not check the serde against itself.
 */
final class Wire {

    static final int HEADER_LENGTH = 5;

    private Wire() {
    }

    /** {@code 0x00}, the id big-endian, then the body. */
    static byte[] frame(final int schemaId, final byte[] body) {
        final byte[] bytes = new byte[HEADER_LENGTH + body.length];
        bytes[0] = 0x00;
        bytes[1] = (byte) (schemaId >>> 24);
        bytes[2] = (byte) (schemaId >>> 16);
        bytes[3] = (byte) (schemaId >>> 8);
        bytes[4] = (byte) schemaId;
        System.arraycopy(body, 0, bytes, HEADER_LENGTH, body.length);
        return bytes;
    }

    static int schemaId(final byte[] bytes) {
        return (bytes[1] & 0xff) << 24 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 8 | (bytes[4] & 0xff);
    }

    static byte[] body(final byte[] bytes) {
        return Arrays.copyOfRange(bytes, HEADER_LENGTH, bytes.length);
    }

    /** Avro binary of a generic record, with {@link GenericDatumWriter}. */
    static byte[] encode(final Schema schema, final GenericRecord record) {
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a body with {@link GenericDatumReader}, resolving from {@code writer} to {@code reader},
     * and insists that the whole body was consumed.
     */
    static GenericRecord decode(final byte[] body, final Schema writer, final Schema reader) {
        try {
            final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(body, null);
            final GenericRecord record = new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalStateException("body has bytes after the record");
            }
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serde for the record's own class, so parameterized tests can stay generic. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> AvroWireSerde<T> serdeFor(final AvroSerdes serdes, final T record) {
        return serdes.value((Class<T>) record.getClass());
    }
}
