package io.coldchain.contract.audit;

import io.coldchain.schemas.AuditRecord;

/**
 * The end of one partition's audit chain: the sequence number and hash of its last record.
 *
 * @param partition the audit partition
 * @param sequence  the last record's sequence number; 0 before the first
 * @param hash      the last record's hash; {@link AuditChain#GENESIS} before the first
 */
public record ChainHead(int partition, long sequence, String hash) {

    /** The head of a partition with no record yet. */
    public static ChainHead start(final int partition) {
        return new ChainHead(partition, 0, AuditChain.GENESIS);
    }

    /** The head once {@code record} is appended. */
    public static ChainHead after(final AuditRecord record) {
        return new ChainHead(record.getPartition(), record.getSequence(), record.getHash());
    }
}
