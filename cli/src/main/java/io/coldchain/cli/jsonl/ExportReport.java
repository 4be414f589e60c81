package io.coldchain.cli.jsonl;

/**
 * What a run of {@code export} did.
 *
 * @param written    records written as lines
 * @param outside    records skipped because their timestamp is outside --from/--to
 * @param tombstones records without a value (deletions on a compacted topic), skipped
 * @param unreadable records whose value could not be read with the topic's schema, skipped
 */
public record ExportReport(long written, long outside, long tombstones, long unreadable) {
}
