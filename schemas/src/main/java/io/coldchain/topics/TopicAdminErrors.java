package io.coldchain.topics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * One-line explanations of the Kafka client failures a user causes and can fix: a bootstrap address that is
 * malformed or does not resolve, a failed authentication, a denied operation. Used by {@link TopicAdmin}'s
 * checks and by the command-line tools for what their producers and consumers report. Each message says what
 * is wrong, as whom (the principal, when the client settings name it), and what to do.
 */
public final class TopicAdminErrors {

    private static final Pattern JAAS_USERNAME = Pattern.compile("username\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;]+))");
    private static final String SECURITY_PROTOCOL = "security.protocol";
    private static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

    private TopicAdminErrors() {
    }

    /**
     * The principal the client settings authenticate as, as the broker names it: {@code User:alice} from the
     * {@code username} of {@code sasl.jaas.config}; {@code User:ANONYMOUS} for a plaintext client; empty when
     * the settings do not say (e.g. TLS client certificates).
     */
    public static Optional<String> principal(final Map<String, ?> clientConfig) {
        final Object jaas = clientConfig.get(SASL_JAAS_CONFIG);
        if (jaas != null) {
            final Matcher m = JAAS_USERNAME.matcher(String.valueOf(jaas));
            if (m.find()) {
                return Optional.of("User:" + (m.group(1) != null ? m.group(1) : m.group(2)));
            }
            return Optional.empty();
        }
        final Object protocol = clientConfig.get(SECURITY_PROTOCOL);
        return protocol == null || "PLAINTEXT".equalsIgnoreCase(String.valueOf(protocol))
                ? Optional.of("User:ANONYMOUS") : Optional.empty();
    }

    /** " as User:alice", or "" when the principal is not known. */
    public static String as(final Map<String, ?> clientConfig) {
        return principal(clientConfig).map(p -> " as " + p).orElse("");
    }

    /**
     * What is wrong with {@code bootstrapServers} before any connection is tried: an entry without a port, a
     * port out of range, or (when {@code resolve}) a host name that does not resolve. Empty when it looks fine.
     */
    public static Optional<String> bootstrapProblem(final String bootstrapServers, final boolean resolve) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return Optional.of("no bootstrap server given: pass --bootstrap-server HOST:PORT, e.g. localhost:9092");
        }
        final List<String> unresolved = new ArrayList<>();
        int entries = 0;
        for (final String raw : bootstrapServers.split(",")) {
            final String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            entries++;
            final String address = entry.contains("://") ? entry.substring(entry.indexOf("://") + 3) : entry;
            final int colon = address.lastIndexOf(':');
            final String host = colon < 0 ? address : address.substring(0, colon).replaceAll("^\\[|]$", "");
            final String port = colon < 0 ? "" : address.substring(colon + 1);
            if (colon < 0 || host.isEmpty() || port.isEmpty()) {
                return Optional.of("bootstrap server '" + entry + "' has no " + (host.isEmpty() ? "host" : "port")
                        + ": write HOST:PORT, e.g. " + (host.isEmpty() ? "localhost" : host) + ":9092");
            }
            final int number;
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return Optional.of("bootstrap server '" + entry + "': port '" + port + "' is not a number: write "
                        + "HOST:PORT, e.g. " + host + ":9092");
            }
            if (number < 1 || number > 65_535) {
                return Optional.of("bootstrap server '" + entry + "': port " + number + " is outside 1..65535");
            }
            if (resolve && !resolves(host)) {
                unresolved.add(host);
            }
        }
        if (entries == 0) {
            return Optional.of("no bootstrap server given: pass --bootstrap-server HOST:PORT, e.g. localhost:9092");
        }
        if (!unresolved.isEmpty() && unresolved.size() == entries) {
            return Optional.of("cannot resolve host " + String.join(", ", unresolved) + " of bootstrap servers "
                    + bootstrapServers + ": check the name (and DNS), or pass --bootstrap-server with another address");
        }
        return Optional.empty();
    }

    private static boolean resolves(final String host) {
        try {
            InetAddress.getAllByName(host);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /**
     * The one line for an authentication or authorization failure anywhere in {@code error}'s causes, or empty
     * if it is neither.
     *
     * @param topicOperation what the client was doing to topics it names (READ, WRITE, DESCRIBE...), for a
     *                       {@link TopicAuthorizationException}, which does not say
     */
    public static Optional<String> explain(final Throwable error, final Map<String, ?> clientConfig,
                                           final String topicOperation) {
        final String bootstrap = String.valueOf(clientConfig.get("bootstrap.servers"));
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Optional.of(authenticationFailed(bootstrap, clientConfig, t.getMessage()));
            }
            if (t instanceof TopicAuthorizationException e) {
                return Optional.of(notAuthorized(topicOperation, "topic", e.unauthorizedTopics(), clientConfig, ""));
            }
            if (t instanceof GroupAuthorizationException e) {
                return Optional.of(notAuthorized("READ", "group", e.groupId() == null ? List.of() : List.of(e.groupId()),
                        clientConfig, ""));
            }
            if (t instanceof TransactionalIdAuthorizationException) {
                return Optional.of(notAuthorized("WRITE", "transactional id",
                        clientConfig.containsKey("transactional.id")
                                ? List.of(String.valueOf(clientConfig.get("transactional.id"))) : List.of(),
                        clientConfig, ""));
            }
            if (t instanceof ClusterAuthorizationException) {
                return Optional.of("not authorized on the cluster" + as(clientConfig) + " (" + t.getMessage()
                        + "): ask the cluster admin for the cluster permission it names");
            }
            if (t instanceof AuthorizationException) {
                return Optional.of("not authorized" + as(clientConfig) + ": " + t.getMessage()
                        + ": ask the cluster admin for access");
            }
        }
        return Optional.empty();
    }

    /** "authentication failed at HOST:PORT as User:x (reason): check ...". */
    public static String authenticationFailed(final String bootstrapServers, final Map<String, ?> clientConfig,
                                              final String reason) {
        return "authentication failed at " + bootstrapServers + as(clientConfig)
                + (reason == null || reason.isBlank() ? "" : " (" + reason.strip().replaceAll("\\s*\\R\\s*", " ") + ")")
                + ": check the user name and password in sasl.jaas.config and sasl.mechanism in the client settings, "
                + "or ask the cluster admin whether the user exists";
    }

    /**
     * "not authorized to WRITE topic coldchain.shipment.plans as User:integrator: ask the cluster admin for WRITE
     * on it{alternative}".
     *
     * @param alternative appended as it stands, e.g. "; or publish only the telemetry lines"
     */
    public static String notAuthorized(final String operation, final String resourceType,
                                       final Collection<String> names, final Map<String, ?> clientConfig,
                                       final String alternative) {
        final String op = operation.toUpperCase(Locale.ROOT);
        final boolean many = names.size() > 1;
        return "not authorized to " + op + " " + resourceType + (many ? "s" : "")
                + (names.isEmpty() ? "" : " " + String.join(", ", names.stream().sorted().toList()))
                + as(clientConfig) + ": ask the cluster admin for " + op + " on " + (many ? "them" : "it")
                + alternative;
    }

    /**
     * Why a broker that does not answer in time may not be answering: when something accepts TCP connections
     * at the first reachable bootstrap address but a plaintext client gets no answer, the listener most likely
     * expects authentication (or TLS). Empty when nothing listens or the client already authenticates.
     */
    public static Optional<String> silentListener(final String bootstrapServers, final Map<String, ?> clientConfig,
                                                  final long waitedSeconds) {
        final Object protocol = clientConfig.get(SECURITY_PROTOCOL);
        if (protocol != null && !"PLAINTEXT".equalsIgnoreCase(String.valueOf(protocol))) {
            return Optional.empty();
        }
        for (final String raw : bootstrapServers.split(",")) {
            final String entry = raw.strip();
            final int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(entry.substring(0, colon),
                        Integer.parseInt(entry.substring(colon + 1))), 2_000);
                return Optional.of("Kafka at " + bootstrapServers + " accepts connections but answered nothing "
                        + "within " + waitedSeconds + " s to this unauthenticated (PLAINTEXT) client: it probably "
                        + "requires authentication; set security.protocol (SASL_PLAINTEXT or SASL_SSL), sasl.mechanism "
                        + "and sasl.jaas.config in the client settings (README, Security)");
            } catch (IOException | IllegalArgumentException e) {
                // nothing there: try the next address
            }
        }
        return Optional.empty();
    }
}
