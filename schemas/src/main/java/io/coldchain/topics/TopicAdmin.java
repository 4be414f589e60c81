package io.coldchain.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The few admin operations the apps need before they start: is the cluster there, which catalogue
 * topics are missing, create them. Failures come back as {@link ClusterUnavailableException} with
 * one sentence a user can act on.
 */
public final class TopicAdmin implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public TopicAdmin(final Map<String, Object> clientConfig, final Duration timeout) {
        this.bootstrapServers = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.timeout = timeout;
        final Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        this.admin = Admin.create(config);
    }

    /** Fails with a clear message when no broker answers within the timeout. */
    public void ensureReachable() {
        await(admin.describeCluster().nodes(), "reach Kafka");
    }

    /** Names of catalogue topics that do not exist on the cluster, in catalogue order. */
    public List<String> missing(final TopicCatalogue catalogue) {
        final Set<String> existing = await(admin.listTopics().names(), "list topics");
        final List<String> missing = new ArrayList<>();
        for (final TopicSpec<?, ?> spec : catalogue.all()) {
            if (!existing.contains(spec.name())) {
                missing.add(spec.name());
            }
        }
        return missing;
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

    private <T> T await(final org.apache.kafka.common.KafkaFuture<T> future, final String what) {
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
        final String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + timeout.toSeconds() + " s"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new ClusterUnavailableException("cannot " + what + " at " + bootstrapServers + " (" + reason
                + "): start a local broker with './coldchain broker' or pass --bootstrap-server", cause);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** The cluster could not be used; the message is meant for the user as it stands. */
    public static final class ClusterUnavailableException extends RuntimeException {
        public ClusterUnavailableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
