package io.coldchain.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The few admin operations the apps need before they start: is the cluster there, which catalogue
 * topics are missing, what this client may do with them, create them. Failures come back as
 * {@link ClusterUnavailableException} with one sentence a user can act on ({@link TopicAdminErrors}): a
 * malformed or unresolvable bootstrap address, a failed authentication, a denied operation, no answer.
 */
public final class TopicAdmin implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    /**
     * @throws ClusterUnavailableException if the bootstrap address is malformed or none of its hosts resolves
     */
    public TopicAdmin(final Map<String, Object> clientConfig, final Duration timeout) {
        this.bootstrapServers = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
        final Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        TopicAdminErrors.bootstrapProblem(bootstrapServers, true).ifPresent(problem -> {
            throw new ClusterUnavailableException(problem, null);
        });
        try {
            this.admin = Admin.create(config);
        } catch (KafkaException e) {
            throw new ClusterUnavailableException("cannot create a Kafka client for " + bootstrapServers + " ("
                    + rootMessage(e) + "): check the client settings", e);
        }
    }

    /** Fails with a clear message when no broker answers within the timeout. */
    public void ensureReachable() {
        await(admin.describeCluster().nodes(), "reach Kafka");
    }

    /**
     * Names of catalogue topics that do not exist on the cluster, in catalogue order.
     *
     * @throws ClusterUnavailableException also when this client may not see (DESCRIBE) some of them: a topic
     *                                     it may not see is not reported missing
     */
    public List<String> missing(final TopicCatalogue catalogue) {
        return missing(describe(catalogue));
    }

    /** Names of the topics {@code described} ({@link #describe}) says do not exist, in its order. */
    public static List<String> missing(final Map<String, TopicAccess> described) {
        return described.values().stream().filter(a -> a.state() == TopicAccess.State.MISSING).map(TopicAccess::topic)
                .toList();
    }

    /**
     * Every catalogue topic as the cluster describes it to this client (existence, operations, partitions), in
     * catalogue order: one request for all, where a start-up needs several facts about them.
     *
     * @throws ClusterUnavailableException when this client may not see (DESCRIBE) some of them
     */
    public Map<String, TopicAccess> describe(final TopicCatalogue catalogue) {
        final List<String> names = catalogue.all().stream().map(TopicSpec::name).toList();
        final Map<String, TopicAccess> access = access(names);
        final List<String> hidden = names.stream().filter(n -> access.get(n).state() == TopicAccess.State.HIDDEN)
                .toList();
        if (!hidden.isEmpty()) {
            throw new ClusterUnavailableException(TopicAdminErrors.notAuthorized("DESCRIBE", "topic", hidden,
                    clientConfig, ", or check the topic prefix"), null);
        }
        return access;
    }

    /**
     * What this client may do with each of {@code topics}: whether it exists and is visible, and the operations
     * the broker authorizes on it ({@link TopicDescription#authorizedOperations()}).
     *
     * @return by topic, in the order given
     */
    public Map<String, TopicAccess> access(final Collection<String> topics) {
        final Map<String, TopicAccess> result = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return result;
        }
        final Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics,
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
        for (final String topic : topics) {
            try {
                final TopicDescription found = futures.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                result.put(topic, new TopicAccess(topic, TopicAccess.State.PRESENT, found.authorizedOperations(),
                        found.partitions().size()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    result.put(topic, new TopicAccess(topic, TopicAccess.State.MISSING, null, 0));
                } else if (e.getCause() instanceof TopicAuthorizationException) {
                    result.put(topic, new TopicAccess(topic, TopicAccess.State.HIDDEN, null, 0));
                } else {
                    throw unavailable("describe topic " + topic, e.getCause());
                }
            } catch (TimeoutException e) {
                throw unavailable("describe topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("describe topic " + topic, e);
            }
        }
        return result;
    }

    /** The client settings this admin was created with (for messages naming the principal). */
    public Map<String, Object> clientConfig() {
        return clientConfig;
    }

    /**
     * Creates the catalogue topics that do not exist yet and waits until every topic has leaders.
     *
     * @param replicationFactor replication factor of new topics, or -1 for the broker default
     * @return the names created by this call
     */
    public List<String> createMissing(final TopicCatalogue catalogue, final short replicationFactor) {
        try {
            return List.copyOf(new TopicCreator(admin, replicationFactor, timeout).create(catalogue));
        } catch (TopicCreationException e) {
            throw unavailable("create topics", e.getCause() == null ? e : e.getCause());
        }
    }

    private <T> T await(final KafkaFuture<T> future, final String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(what, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        }
    }

    private ClusterUnavailableException unavailable(final String what, final Throwable cause) {
        final Optional<String> denied = TopicAdminErrors.explain(cause, clientConfig, "CREATE");
        if (denied.isPresent()) {
            return new ClusterUnavailableException(denied.get(), cause);
        }
        final boolean timedOut = cause instanceof TimeoutException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException;
        if (timedOut) {
            final Optional<String> silent = TopicAdminErrors.silentListener(bootstrapServers, clientConfig,
                    timeout.toSeconds());
            if (silent.isPresent()) {
                return new ClusterUnavailableException(silent.get(), cause);
            }
        }
        final String reason = timedOut ? "no answer within " + timeout.toSeconds() + " s"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new ClusterUnavailableException("cannot " + what + " at " + bootstrapServers + " (" + reason
                + "): start a local broker with './coldchain broker' or pass --bootstrap-server", cause);
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * What a client may do with one topic.
     *
     * @param operations the operations the broker authorizes on it; null when unknown (missing, hidden, or a
     *                   broker that does not say)
     * @param partitions its number of partitions; 0 unless it is {@link State#PRESENT}
     */
    public record TopicAccess(String topic, State state, Set<AclOperation> operations, int partitions) {

        /** Whether the topic exists for this client. */
        public enum State {
            /** It exists and this client may see it. */
            PRESENT,
            /** The broker says it does not exist. */
            MISSING,
            /** This client may not DESCRIBE it: the broker does not say whether it exists. */
            HIDDEN
        }

        /** Whether {@code operation} is authorized; true when the broker did not say (no authorizer info). */
        public boolean allows(final AclOperation operation) {
            if (state != State.PRESENT) {
                return false;
            }
            return operations == null || operations.contains(operation) || operations.contains(AclOperation.ALL);
        }
    }

    /** The cluster could not be used; the message is meant for the user as it stands. */
    public static final class ClusterUnavailableException extends RuntimeException {
        public ClusterUnavailableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
