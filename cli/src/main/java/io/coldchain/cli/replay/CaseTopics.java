package io.coldchain.cli.replay;

import io.coldchain.errors.UserError;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicCreator;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics of a case: the whole catalogue under the prefix {@code <live prefix>cases.<name>.}, so a replay reads and
 * writes nothing of the live application. They keep what they hold until the case is replaced or deleted (no retention
 * by time, no compaction): a replay's input is history whose timestamps would expire at once under the live topics'
 * seven days, and every plan version must stay.
 */
final class CaseTopics {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Duration DELETION_WAIT = Duration.ofSeconds(60);

    private CaseTopics() {
    }

    /** The prefix of case {@code name}'s topics under the live prefix; refuses names that would leave it. */
    static String prefix(final String livePrefix, final String name) {
        if (!NAME.matcher(name).matches()) {
            throw new UserError("--case '" + name + "': use 1 to 64 letters, digits, '-' or '_'");
        }
        return livePrefix + "cases." + name + ".";
    }

    /** The live prefix of a catalogue: its plans topic's name less the catalogue's own suffix. */
    static String livePrefix(final TopicCatalogue live) {
        final String plans = live.shipmentPlans().name();
        return plans.substring(0, plans.length() - "shipment.plans".length());
    }

    static TopicCatalogue catalogue(final String prefix, final int partitions, final AvroSerdes serdes) {
        return new TopicCatalogue(prefix, partitions, serdes);
    }

    /** The case's topics that exist on the cluster. */
    static Set<String> existing(final Admin admin, final String prefix, final Duration timeout) throws Exception {
        final Set<String> found = new TreeSet<>();
        for (final String name : admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (name.startsWith(prefix)) {
                found.add(name);
            }
        }
        return found;
    }

    /** Deletes the case's {@code topics} and waits until the cluster lists none under its prefix. */
    static void delete(final Admin admin, final Set<String> topics, final String prefix) throws Exception {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        final long deadline = System.nanoTime() + DELETION_WAIT.toNanos();
        while (!existing(admin, prefix, DELETION_WAIT).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " were not deleted within " + DELETION_WAIT);
            }
            Thread.sleep(200);
        }
    }

    /** Creates every topic of the case catalogue, kept without time limit. */
    static void create(final Admin admin, final TopicCatalogue catalogue) {
        final List<TopicSpec<?, ?>> kept = catalogue.all().stream().<TopicSpec<?, ?>>map(CaseTopics::kept).toList();
        new TopicCreator(admin, TopicCreator.BROKER_DEFAULT_REPLICATION, Duration.ofSeconds(60)).create(kept);
    }

    private static <K, V> TopicSpec<K, V> kept(final TopicSpec<K, V> spec) {
        final Map<String, String> configs = new HashMap<>(spec.configs());
        configs.put("cleanup.policy", "delete");
        configs.put("retention.ms", "-1");
        configs.remove("min.compaction.lag.ms");
        return new TopicSpec<>(spec.name(), spec.keySerde(), spec.valueSerde(), spec.keyDoc(), spec.valueDoc(),
                spec.partitions(), configs, "Case copy: " + spec.description());
    }
}
