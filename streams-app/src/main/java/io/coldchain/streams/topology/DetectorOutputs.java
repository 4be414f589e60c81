package io.coldchain.streams.topology;

import io.coldchain.schemas.Alert;
import io.coldchain.topics.TopicCatalogue;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Splits a detector's output into its alerts (returned, for the alerts sub-builder) and its late
 * events (written unchanged, with their reason headers, to the late-data topic).
 */
public final class DetectorOutputs {

    private DetectorOutputs() {
    }

    /**
     * @param prefix names the split and sink nodes: {@code split-<prefix>-output}, {@code write-<prefix>-late-data}
     */
    public static KStream<String, Alert> alertsAndLateData(final KStream<String, SpecificRecord> output,
                                                    final TopicCatalogue topics, final String prefix) {
        final String split = "split-" + prefix + "-output-";
        final Map<String, KStream<String, SpecificRecord>> branches = output
                .split(Named.as(split))
                .branch((key, value) -> value instanceof Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("late"));
        branches.get(split + "late").to(topics.lateData().name(),
                Produced.with(topics.lateData().keySerde(), topics.lateData().valueSerde())
                        .withName("write-" + prefix + "-late-data"));
        return branches.get(split + "alerts").mapValues(value -> (Alert) value, Named.as("cast-" + prefix + "-alerts"));
    }
}
