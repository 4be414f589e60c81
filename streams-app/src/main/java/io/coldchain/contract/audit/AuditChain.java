package io.coldchain.contract.audit;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.AuditRecord;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The hash chain of the audit log, written once for the streams app (which seals records) and for
 * {@code coldchain audit verify} (which recomputes them).
 *
 * <p>{@code hash} = lower-case hex SHA-256 of the UTF-8 bytes of {@code previousHash + "\n" + canonical(record)}.
 * The canonical encoding lists every field of the {@code AuditRecord} schema except {@code previousHash} and
 * {@code hash}, in schema order, one per line as {@code name:length:value} ({@code length} = number of UTF-16
 * chars of the value), or {@code name:-} for null; numbers in decimal, enums by symbol name. The length prefix makes
 * the encoding unambiguous whatever the values contain (a comment with a newline cannot forge a field). A field added
 * to the schema is hashed from then on without a change here.
 */
public final class AuditChain {

    /** The {@code previousHash} of the first record of a partition. */
    public static final String GENESIS = "0".repeat(64);

    private static final Set<String> NOT_HASHED = Set.of("previousHash", "hash");

    private AuditChain() {
    }

    /** The canonical encoding of {@code record}'s hashed fields. */
    public static String canonical(final AuditRecord record) {
        final StringBuilder out = new StringBuilder(256);
        for (final Schema.Field field : AuditRecord.getClassSchema().getFields()) {
            if (NOT_HASHED.contains(field.name())) {
                continue;
            }
            final Object value = record.get(field.pos());
            out.append(field.name()).append(':');
            if (value == null) {
                out.append('-');
            } else {
                final String text = value.toString();
                out.append(text.length()).append(':').append(text);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The hash {@code record} must carry given the previous record's hash. */
    public static String hash(final String previousHash, final AuditRecord record) {
        return Sha256.hex(previousHash + "\n" + canonical(record));
    }

    /**
     * The next record of the chain whose head is {@code head}: {@code draft} with the head's partition, the next
     * sequence number, the head's hash as {@code previousHash}, and its own hash.
     */
    public static AuditRecord seal(final ChainHead head, final AuditRecord.Builder draft) {
        final AuditRecord record = draft.setPartition(head.partition()).setSequence(head.sequence() + 1)
                .setPreviousHash(head.hash()).setHash("").build();
        record.setHash(hash(head.hash(), record));
        return record;
    }
}
