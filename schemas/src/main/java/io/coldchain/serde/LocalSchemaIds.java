package io.coldchain.serde;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Schema ids derived from the schema itself, for running without a registry (local demo, tests).
 *
 * <p>The id is the first 31 bits of the SHA-256 of the schema's Parsing Canonical Form, so every
 * process that ships the same {@code .avsc} files computes the same id, and restarts change nothing.
 * Only schemas this instance knows (the contracts in {@code schemas/} plus any passed in) can be
 * read back.
 */
public final class LocalSchemaIds implements SchemaIds {

    /** The top-level contracts shipped in {@code schemas/}. */
    public static final List<Schema> SHIPPED = List.of(
            ShipmentPlan.getClassSchema(),
            TemperatureReading.getClassSchema(),
            LocationFix.getClassSchema(),
            CustodyEvent.getClassSchema(),
            Alert.getClassSchema(),
            AlertAcknowledgement.getClassSchema(),
            AuditRecord.getClassSchema());

    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    /** Knows the {@link #SHIPPED} contracts. */
    public LocalSchemaIds() {
        this(List.of());
    }

    /** Knows the {@link #SHIPPED} contracts plus {@code known} (e.g. other versions of them). */
    public LocalSchemaIds(final List<Schema> known) {
        SHIPPED.forEach(this::remember);
        known.forEach(this::remember);
    }

    /** The deterministic id of a schema. */
    public static int idOf(final Schema schema) {
        final String canonical = SchemaNormalization.toParsingForm(schema);
        return ByteBuffer.wrap(Sha256.digest(canonical)).getInt() & 0x7fff_ffff;
    }

    @Override
    public int idFor(final String subject, final Schema schema) {
        return remember(schema);
    }

    @Override
    public Schema schemaFor(final int id) {
        final Schema schema = byId.get(id);
        if (schema == null) {
            throw new SerializationException("Unknown schema id " + id
                    + ": not one of the schemas shipped with coldchain, and no schema.registry.url is set");
        }
        return schema;
    }

    private int remember(final Schema schema) {
        final int id = idOf(schema);
        byId.putIfAbsent(id, schema);
        return id;
    }
}
