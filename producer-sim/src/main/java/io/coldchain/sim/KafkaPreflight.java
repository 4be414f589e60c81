package io.coldchain.sim;

import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks, before anything is published, that the broker answers and the topics exist, so a user gets one
 * line saying what to do instead of a producer retrying for minutes.
 */
public final class KafkaPreflight {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private KafkaPreflight() {
    }

    /**
     * Asks the cluster who it is, then lists its topics; creates the missing ones from their catalogue
     * specs (partitions, configs, the broker's default replication factor) when {@code createMissing}.
     *
     * @param clientConfig  client settings (bootstrap servers and security); producer-only keys are ignored
     * @param topics        the topics that must exist
     * @param createMissing create missing topics instead of failing
     * @param timeout       how long each step may take
     * @return the names of the topics created, in the order given
     * @throws SimulatorException if the broker cannot be reached, refuses us, or topics are missing
     */
    public static List<String> check(final Map<String, ?> clientConfig, final Collection<TopicSpec<?, ?>> topics,
                                     final boolean createMissing, final Duration timeout) {
        final String bootstrap = String.valueOf(clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        final int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Admin admin = createAdmin(clientConfig, bootstrap, timeoutMs)) {
            await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId(), timeout,
                    reason -> unreachable(bootstrap, reason));
            final Set<String> existing = await(admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names(),
                    timeout, reason -> new SimulatorException("cannot list the topics on " + bootstrap + " (" + reason + ")"));
            final List<TopicSpec<?, ?>> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            if (!createMissing) {
                throw new SimulatorException("topics missing on " + bootstrap + ": "
                        + String.join(", ", missing.stream().map(TopicSpec::name).toList())
                        + ". Create them with --create-topics (partitions and configs from the topic catalogue) or "
                        + "kafka-topics.sh --bootstrap-server " + bootstrap + " --create --topic <name>");
            }
            return create(admin, missing, bootstrap, timeout);
        }
    }

    private static List<String> create(final Admin admin, final List<TopicSpec<?, ?>> missing, final String bootstrap,
                                       final Duration timeout) {
        final List<NewTopic> newTopics = missing.stream()
                .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty()).configs(t.configs()))
                .toList();
        final Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics,
                new CreateTopicsOptions().timeoutMs((int) timeout.toMillis())).values();
        final List<String> created = new ArrayList<>();
        for (final NewTopic topic : newTopics) {
            try {
                await(results.get(topic.name()), timeout, reason -> new SimulatorException(
                        "cannot create topic " + topic.name() + " on " + bootstrap + " (" + reason + ")"));
                created.add(topic.name());
            } catch (TopicExistsException e) {
                // Someone created it meanwhile: what we wanted.
            }
        }
        return created;
    }

    private static Admin createAdmin(final Map<String, ?> clientConfig, final String bootstrap, final int timeoutMs) {
        final Map<String, Object> config = new HashMap<>();
        final Set<String> adminKeys = AdminClientConfig.configNames();
        clientConfig.forEach((k, v) -> {
            if (adminKeys.contains(k)) {
                config.put(k, v);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "coldchain-producer-sim-preflight");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try {
            return Admin.create(config);
        } catch (KafkaException e) {
            throw unreachable(bootstrap, rootMessage(e));
        }
    }

    /** A one-line failure built from the reason a step failed. */
    private interface Failure {
        SimulatorException because(String reason);
    }

    private static <T> T await(final KafkaFuture<T> future, final Duration timeout, final Failure failure) {
        try {
            return future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException exists) {
                throw exists;
            }
            if (cause instanceof TimeoutException) {
                throw failure.because("timed out after " + timeout.toSeconds() + " s");
            }
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new SimulatorException("Kafka refused us: " + cause.getMessage()
                        + "; check the security settings passed with --producer-config");
            }
            throw failure.because(rootMessage(cause));
        } catch (java.util.concurrent.TimeoutException e) {
            throw failure.because("timed out after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.because("interrupted");
        }
    }

    private static SimulatorException unreachable(final String bootstrap, final String reason) {
        return new SimulatorException("cannot reach Kafka at " + bootstrap + " (" + reason
                + "): start one with ./coldchain broker or pass --bootstrap-server");
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
