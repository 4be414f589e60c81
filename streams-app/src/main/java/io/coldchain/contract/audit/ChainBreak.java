package io.coldchain.contract.audit;

/**
 * The first broken link of a partition's chain.
 *
 * @param partition the partition the record was read from
 * @param position  its offset in the partition (or line number in a file)
 * @param sequence  the sequence number the record carries (for an unreadable record: the one expected, -1 if unknown)
 * @param check     which check failed: {@code readable}, {@code partition}, {@code sequence}, {@code previousHash}
 *                  or {@code hash}
 * @param detail    what was expected and what was found
 */
public record ChainBreak(int partition, long position, long sequence, String check, String detail) {
}
