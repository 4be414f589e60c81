package io.coldchain.topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The inputs keyed by shipment must be co-partitioned: the detectors of one task read a shipment's plan, readings,
 * fixes and custody scans from the same partition number of each input topic (and share the plans store), so a
 * shipment whose records hash to partition 2 of one topic and partition 5 of another is judged without its plan or
 * its readings. Kafka Streams does not check this for topics that only share stores; the application does, at start.
 */
public final class Copartitioning {

    private Copartitioning() {
    }

    /** The input topics whose records are keyed by shipment id and must have the same number of partitions. */
    public static List<String> shipmentKeyedInputs(final TopicCatalogue topics) {
        return List.of(topics.shipmentPlans().name(), topics.temperatureReadings().name(),
                topics.locationFixes().name(), topics.custodyEvents().name());
    }

    /**
     * @param partitions the number of partitions of each input, in the order to report them
     * @return what is wrong, as one line, if they differ
     */
    public static Optional<String> problem(final Map<String, Integer> partitions) {
        if (partitions.values().stream().distinct().count() <= 1) {
            return Optional.empty();
        }
        return Optional.of("the inputs keyed by shipment are not co-partitioned ("
                + partitions.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining(", "))
                + "): a shipment's records would reach different tasks; give every input the same number of "
                + "partitions");
    }
}
