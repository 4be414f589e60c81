package io.coldchain.streams.topology;

import io.coldchain.schemas.Alert;
import io.coldchain.streams.processors.CommitLiveAlertsProcessor;
import io.coldchain.streams.processors.CountAlertsProcessor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.util.List;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Sub-builder: every detector's alerts, merged, counted ({@link CountAlertsProcessor}), a commit asked for when one is
 * news ({@link CommitLiveAlertsProcessor}), and written to the alerts topic.
 */
public final class AlertsTopology {

    public static final String MERGE_PREFIX = "merge-alerts-";
    public static final String COUNT = "count-alerts";
    public static final String COMMIT_LIVE = "commit-live-alerts";
    public static final String SINK = "write-alerts";

    private AlertsTopology() {
    }

    public static void addTo(final TopicCatalogue topics, final List<NamedAlerts> sources) {
        KStream<String, Alert> merged = sources.get(0).stream();
        for (final NamedAlerts next : sources.subList(1, sources.size())) {
            merged = merged.merge(next.stream(), Named.as(MERGE_PREFIX + next.name()));
        }
        write(topics, merged, "");
    }

    /**
     * A detector's alerts in a sub-topology of their own: counted, committed and written by a chain of their own
     * ({@code count-alerts-NAME}, {@code commit-live-alerts-NAME}, {@code write-alerts-NAME}), never merged with the
     * others.
     */
    public static void addSeparately(final TopicCatalogue topics, final String name, final KStream<String, Alert> source) {
        write(topics, source, "-" + name);
    }

    /** Counts the alerts, asks for a commit when one is news and writes them: nodes named with {@code suffix}. */
    private static void write(final TopicCatalogue topics, final KStream<String, Alert> source, final String suffix) {
        final TopicSpec<String, Alert> alerts = topics.alerts();
        source.processValues(CountAlertsProcessor::new, Named.as(COUNT + suffix))
                .process(CommitLiveAlertsProcessor::new, Named.as(COMMIT_LIVE + suffix))
                .to(alerts.name(), Produced.with(alerts.keySerde(), alerts.valueSerde()).withName(SINK + suffix));
    }

    /** A detector's alert stream and the short name used to name its merge step. */
    public record NamedAlerts(String name, KStream<String, Alert> stream) {
    }
}
