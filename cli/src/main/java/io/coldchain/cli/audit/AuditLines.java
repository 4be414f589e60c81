package io.coldchain.cli.audit;

import io.coldchain.schemas.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * An exported copy of the audit log: one {@code AuditRecord} per line in Avro's own JSON encoding (a nullable
 * field's value is wrapped in its type, e.g. {@code "by":{"string":"dana"}}), records of each partition in offset
 * order. No Kafka types.
 */
public final class AuditLines {

    private final SpecificDatumWriter<AuditRecord> writer = new SpecificDatumWriter<>(AuditRecord.class);
    private final SpecificDatumReader<AuditRecord> reader = new SpecificDatumReader<>(AuditRecord.class);

    /** The line of {@code record}, without a line break. */
    public String write(final AuditRecord record) {
        try {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final Encoder encoder = EncoderFactory.get().jsonEncoder(AuditRecord.getClassSchema(), bytes);
            writer.write(record, encoder);
            encoder.flush();
            return bytes.toString(StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
    }

    /** @throws IOException with the reason when the line is not an audit record */
    public AuditRecord read(final String line) throws IOException {
        try {
            return reader.read(null, DecoderFactory.get().jsonDecoder(AuditRecord.getClassSchema(), line));
        } catch (AvroRuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
