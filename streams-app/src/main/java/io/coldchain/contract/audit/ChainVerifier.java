package io.coldchain.contract.audit;

import io.coldchain.schemas.AuditRecord;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Walks audit chains record by record, in the order of each partition, and names the first broken link.
 * Per record, in this order: it belongs to the partition it was read from ({@code partition}); its sequence
 * number follows the previous one's ({@code sequence}: a record removed, repeated or moved shows here); its
 * {@code previousHash} is the previous record's hash ({@code previousHash}); its hash is the one recomputed
 * from its content ({@code hash}: any altered field shows here).
 *
 * <p>A partition's walk may start inside its chain (a window of the topic): then its first record's link to the
 * one before cannot be checked and is taken as given; every later link is checked. A walk that starts at
 * sequence 1 must start from {@link AuditChain#GENESIS}.
 */
public final class ChainVerifier {

    private final Map<Integer, ChainHead> heads = new TreeMap<>();
    private long records;
    private ChainBreak firstBreak;

    /**
     * Checks the next record of {@code partition}.
     *
     * @param position its offset (or line number), for the report
     * @return the broken link, if this record breaks the chain; after a break nothing more is checked
     */
    public Optional<ChainBreak> accept(final int partition, final long position, final AuditRecord record) {
        if (firstBreak != null) {
            return Optional.of(firstBreak);
        }
        records++;
        final ChainHead head = heads.get(partition);
        final ChainBreak broken = check(partition, position, record, head);
        if (broken != null) {
            firstBreak = broken;
            return Optional.of(broken);
        }
        heads.put(partition, ChainHead.after(record));
        return Optional.empty();
    }

    /**
     * A record of {@code partition} that could not be read as an audit record: its chain cannot be followed past it.
     *
     * @return the break it causes (check {@code readable}), or the earlier one
     */
    public ChainBreak unreadable(final int partition, final long position, final String reason) {
        if (firstBreak == null) {
            records++;
            final ChainHead head = heads.get(partition);
            firstBreak = new ChainBreak(partition, position, head == null ? -1 : head.sequence() + 1, "readable",
                    "not an audit record: " + reason);
        }
        return firstBreak;
    }

    private static ChainBreak check(final int partition, final long position, final AuditRecord record,
                                    final ChainHead head) {
        if (record.getPartition() != partition) {
            return new ChainBreak(partition, position, record.getSequence(), "partition",
                    "the record says partition " + record.getPartition() + ", it was read from " + partition);
        }
        if (head != null && record.getSequence() != head.sequence() + 1) {
            return new ChainBreak(partition, position, record.getSequence(), "sequence",
                    "expected sequence " + (head.sequence() + 1) + " after " + head.sequence() + ", found "
                            + record.getSequence());
        }
        if (head == null && record.getSequence() < 1) {
            return new ChainBreak(partition, position, record.getSequence(), "sequence",
                    "sequence numbers start at 1, found " + record.getSequence());
        }
        final String expectedPrevious = head != null ? head.hash()
                : record.getSequence() == 1 ? AuditChain.GENESIS : record.getPreviousHash();
        if (!expectedPrevious.equals(record.getPreviousHash())) {
            return new ChainBreak(partition, position, record.getSequence(), "previousHash",
                    "expected previousHash " + expectedPrevious + ", found " + record.getPreviousHash());
        }
        final String recomputed = AuditChain.hash(record.getPreviousHash(), record);
        if (!recomputed.equals(record.getHash())) {
            return new ChainBreak(partition, position, record.getSequence(), "hash",
                    "the content hashes to " + recomputed + ", the record says " + record.getHash());
        }
        return null;
    }

    /** Records checked so far (the broken one included). */
    public long records() {
        return records;
    }

    /** Partitions with at least one intact record. */
    public int partitions() {
        return heads.size();
    }

    /** The head of each partition walked: its last intact record. */
    public Map<Integer, ChainHead> heads() {
        return Map.copyOf(heads);
    }

    public Optional<ChainBreak> firstBreak() {
        return Optional.ofNullable(firstBreak);
    }
}
