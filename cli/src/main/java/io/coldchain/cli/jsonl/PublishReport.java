package io.coldchain.cli.jsonl;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What a run of {@code publish} did.
 *
 * @param accepted             records acknowledged by Kafka (or, in a dry run, valid), by type
 * @param rejected             lines rejected: invalid, or refused by Kafka
 * @param dryRun               whether the lines were only checked
 * @param plansWithoutIssuedAt numbers of the valid plan lines without {@code issuedAt}, in order
 * @param earliestTimestamp    the earliest record timestamp Kafka acknowledged; empty in a dry run or when
 *                             nothing was published
 */
public record PublishReport(Map<RecordType, Long> accepted, long rejected, boolean dryRun,
                            List<Long> plansWithoutIssuedAt, OptionalLong earliestTimestamp) {

    private static final int LINES_SHOWN = 5;

    public PublishReport {
        final Map<RecordType, Long> all = new EnumMap<>(RecordType.class);
        for (final RecordType type : RecordType.values()) {
            all.put(type, accepted.getOrDefault(type, 0L));
        }
        accepted = Map.copyOf(all);
        plansWithoutIssuedAt = List.copyOf(plansWithoutIssuedAt);
    }

    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(Long::longValue).sum();
    }

    /** E.g. "published 5 records (plan 1, temperature 1, location 1, custody 1, alert 1), rejected 3 lines". */
    public String summary() {
        final String counts = Arrays.stream(RecordType.values())
                .map(t -> t.jsonName() + " " + accepted.get(t)).collect(Collectors.joining(", "));
        return (dryRun ? "valid " : "published ") + acceptedTotal() + " record" + (acceptedTotal() == 1 ? "" : "s")
                + " (" + counts + "), rejected " + rejected + " line" + (rejected == 1 ? "" : "s")
                + (dryRun ? "; nothing published (--dry-run)" : "");
    }

    /**
     * E.g. "2 plans without issuedAt (lines 1, 7): stamped with the earlier of plannedDeparture and now; ...",
     * empty when every plan has its {@code issuedAt}.
     */
    public Optional<String> issuedAtNote() {
        if (plansWithoutIssuedAt.isEmpty()) {
            return Optional.empty();
        }
        final int n = plansWithoutIssuedAt.size();
        final String lines = plansWithoutIssuedAt.stream().limit(LINES_SHOWN).map(String::valueOf)
                .collect(Collectors.joining(", ")) + (n > LINES_SHOWN ? ", ..." : "");
        return Optional.of(n + (n == 1 ? " plan" : " plans") + " without issuedAt (line" + (n == 1 ? " " : "s ")
                + lines + "): " + (dryRun ? "would be " : "") + "stamped with the earlier of plannedDeparture and now; "
                + "set issuedAt to when the plan was issued");
    }
}
