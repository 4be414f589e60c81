package io.coldchain.cli.jsonl;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run of {@code publish} did.
 *
 * @param accepted records acknowledged by Kafka (or, in a dry run, valid), by type
 * @param rejected lines rejected: invalid, or refused by Kafka
 * @param dryRun   whether the lines were only checked
 */
public record PublishReport(Map<RecordType, Long> accepted, long rejected, boolean dryRun) {

    public PublishReport {
        final Map<RecordType, Long> all = new EnumMap<>(RecordType.class);
        for (final RecordType type : RecordType.values()) {
            all.put(type, accepted.getOrDefault(type, 0L));
        }
        accepted = Map.copyOf(all);
    }

    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(Long::longValue).sum();
    }

    /** E.g. "published 5 records (plan 1, temperature 1, location 1, custody 1, alert 1), rejected 3 lines". */
    public String summary() {
        final String counts = java.util.Arrays.stream(RecordType.values())
                .map(t -> t.jsonName() + " " + accepted.get(t)).collect(Collectors.joining(", "));
        return (dryRun ? "valid " : "published ") + acceptedTotal() + " record" + (acceptedTotal() == 1 ? "" : "s")
                + " (" + counts + "), rejected " + rejected + " line" + (rejected == 1 ? "" : "s")
                + (dryRun ? "; nothing published (--dry-run)" : "");
    }
}
