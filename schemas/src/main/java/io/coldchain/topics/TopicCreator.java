package io.coldchain.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of a {@link TopicCatalogue} (or any {@link TopicSpec}s) on any cluster, idempotently:
 * topics that already exist are left as they are (a partition count different from the spec is logged as a
 * warning, since co-partitioned topics must agree). Returns once every topic exists and each of its partitions
 * has a leader, so producers and Streams applications can use them straight away.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
 *     new TopicCreator(admin, (short) 3, Duration.ofSeconds(30)).create(TopicCatalogue.defaults());
 * }
 * }</pre>
 *
 * The {@link Admin} is not closed by this class.
 */
public final class TopicCreator {

    /** Replication factor meaning "the cluster's {@code default.replication.factor}". */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;

    /**
     * @param admin             client of the target cluster (not closed here)
     * @param replicationFactor replication factor of created topics, or {@link #BROKER_DEFAULT_REPLICATION}
     * @param timeout           how long {@link #create} may take in all
     */
    public TopicCreator(final Admin admin, final short replicationFactor, final Duration timeout) {
        if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException("replication factor must be >= 1 or -1 (broker default): "
                    + replicationFactor);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Creates every topic of {@code catalogue}; see {@link #create(Collection)}. */
    public Set<String> create(final TopicCatalogue catalogue) {
        return create(catalogue.all());
    }

    /**
     * Creates the topics that do not exist yet and waits until all of them exist with leaders.
     *
     * @return the names of the topics created by this call (the others existed already)
     * @throws TopicCreationException if a topic cannot be created, or they do not all exist within the timeout
     */
    public Set<String> create(final Collection<? extends TopicSpec<?, ?>> specs) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<String, TopicSpec<?, ?>> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        if (byName.isEmpty()) {
            return Set.of();
        }
        final List<NewTopic> newTopics = byName.values().stream().map(this::newTopic).toList();
        final CreateTopicsResult result = admin.createTopics(newTopics,
                new CreateTopicsOptions().timeoutMs(millis(remaining(deadline))));
        final Set<String> created = new LinkedHashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
            try {
                entry.getValue().get(remaining(deadline), TimeUnit.NANOSECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicCreationException("cannot create topic " + entry.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new TopicCreationException("topic " + entry.getKey() + " was not created within "
                        + timeout.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicCreationException("interrupted while creating topics", e);
            }
        }
        final Map<String, TopicDescription> described = awaitTopics(byName.keySet(), deadline);
        awaitLeadersServing(created, described, deadline);
        described.forEach((name, description) -> {
            final int expected = byName.get(name).partitions();
            final int actual = description.partitions().size();
            if (actual != expected) {
                LOG.warn("Topic {} exists with {} partitions where {} are expected", name, actual, expected);
            }
        });
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
        LOG.debug("Topics already present: {}", difference(byName.keySet(), created));
        return Set.copyOf(created);
    }

    private NewTopic newTopic(final TopicSpec<?, ?> spec) {
        final Optional<Short> rf = replicationFactor == BROKER_DEFAULT_REPLICATION
                ? Optional.empty() : Optional.of(replicationFactor);
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), rf).configs(spec.configs());
    }

    /** Polls until every topic is described and every partition has a leader. */
    private Map<String, TopicDescription> awaitTopics(final Set<String> names, final long deadline) {
        Throwable last = null;
        while (true) {
            final long remaining = remaining(deadline);
            if (remaining <= 0) {
                break;
            }
            try {
                final Map<String, TopicDescription> descriptions = admin
                        .describeTopics(names, new DescribeTopicsOptions().timeoutMs(millis(remaining)))
                        .allTopicNames().get(remaining, TimeUnit.NANOSECONDS);
                final boolean ready = descriptions.keySet().containsAll(names) && descriptions.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return descriptions;
                }
                last = null;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        && !(e.getCause() instanceof RetriableException)) {
                    throw new TopicCreationException("cannot describe topics " + names + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
                last = e.getCause();
            } catch (TimeoutException e) {
                last = e;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicCreationException("interrupted while waiting for topics", e);
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, millis(remaining(deadline)))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicCreationException("interrupted while waiting for topics", e);
            }
        }
        throw new TopicCreationException("topics " + new TreeSet<>(names) + " did not all become available within "
                + timeout.toSeconds() + " s", last);
    }

    /**
     * Waits until the leader of every partition of the topics just created answers for it, not only the metadata:
     * describeTopics may name a leader a moment before its broker serves the partition, and an idempotent producer
     * whose first request is refused then (NOT_LEADER_OR_FOLLOWER) while its second is appended retries the first
     * with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591). A list-offsets request is served by
     * the partition's leader only, and the admin client retries it until it is.
     */
    private void awaitLeadersServing(final Set<String> created, final Map<String, TopicDescription> described,
                                     final long deadline) {
        final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (final String name : created) {
            final TopicDescription description = described.get(name);
            if (description != null) {
                description.partitions().forEach(p -> partitions.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest()));
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        try {
            admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(millis(remaining(deadline))))
                    .all().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                LOG.debug("Cannot list offsets of the new topics to see their leaders serve: {}", e.getCause().toString());
                return;
            }
            throw new TopicCreationException("the new topics' partitions did not all become available within "
                    + timeout.toSeconds() + " s: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicCreationException("the new topics' partitions did not all become available within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicCreationException("interrupted while waiting for topics", e);
        }
    }

    private static Set<String> difference(final Set<String> all, final Set<String> minus) {
        final Set<String> rest = new LinkedHashSet<>(all);
        rest.removeAll(minus);
        return rest;
    }

    private static long remaining(final long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static int millis(final long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }
}
