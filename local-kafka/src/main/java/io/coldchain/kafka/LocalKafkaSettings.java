package io.coldchain.kafka;

import io.coldchain.errors.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link LocalKafka} broker is set up. Immutable; build it with {@link #builder()} or take
 * {@link #defaults()}.
 *
 * @param brokerPort      port of the client (PLAINTEXT) listener; {@code 0} picks a free port
 * @param controllerPort  port of the KRaft controller listener; {@code 0} picks a free port
 * @param dataDir         log and metadata directory; {@code null} means a fresh temporary directory that is
 *                        deleted on close. A given directory is kept, and reused across restarts: it is
 *                        formatted only if it is not formatted yet
 * @param host            interface the listeners bind to, and the host clients are told to connect to
 *                        (so not a wildcard such as 0.0.0.0); default 127.0.0.1
 * @param overrides       broker properties applied last, over everything {@link LocalKafka} sets
 * @param startTimeout    how long {@link LocalKafka#start()} waits for the broker to answer
 * @param scram           SASL/SCRAM-SHA-512 users and an authorizer on the client listener, or null for a plaintext
 *                        listener without authorization
 */
public record LocalKafkaSettings(
        int brokerPort,
        int controllerPort,
        Path dataDir,
        String host,
        Map<String, String> overrides,
        Duration startTimeout,
        Scram scram) {

    /**
     * A secured client listener: SASL/SCRAM-SHA-512 with these users, created when the data directory is
     * formatted, and KRaft's {@code StandardAuthorizer} with {@code adminUser} as super user (no ACL, no access).
     *
     * @param adminUser the super user, also used by the broker for its own connections (transaction markers)
     * @param passwords password by user name, {@code adminUser} included
     */
    public record Scram(String adminUser, Map<String, String> passwords) {
        public Scram {
            Objects.requireNonNull(adminUser, "adminUser");
            passwords = Map.copyOf(passwords);
            if (!passwords.containsKey(adminUser)) {
                throw new UserError("no password for the admin user " + adminUser);
            }
            passwords.forEach((user, password) -> {
                if (!user.matches("[A-Za-z0-9._-]+") || !password.matches("[A-Za-z0-9._-]+")) {
                    throw new UserError("SCRAM user names and passwords may hold letters, digits, "
                            + "'.', '_' and '-' only: " + user);
                }
            });
        }
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public LocalKafkaSettings {
        checkPort("brokerPort", brokerPort);
        checkPort("controllerPort", controllerPort);
        if (brokerPort != 0 && brokerPort == controllerPort) {
            throw new UserError("broker and controller ports must differ, both are " + brokerPort);
        }
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        if (host.equals("0.0.0.0") || host.contains(":")) {
            throw new UserError("listener host must be an IPv4 address or host name that clients "
                    + "can connect to (it is also the advertised address), not " + host);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new UserError("startTimeout must be positive: " + startTimeout);
        }
    }

    /** Free ports, a temporary data directory, 127.0.0.1, no overrides. */
    public static LocalKafkaSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().brokerPort(brokerPort).controllerPort(controllerPort).dataDir(dataDir).host(host)
                .overrides(overrides).startTimeout(startTimeout).scram(scram);
    }

    private static void checkPort(final String what, final int port) {
        if (port < 0 || port > 65_535) {
            throw new UserError(what + " must be between 0 and 65535: " + port);
        }
    }

    /** Builder for {@link LocalKafkaSettings}. */
    public static final class Builder {
        private int brokerPort;
        private int controllerPort;
        private Path dataDir;
        private String host = DEFAULT_HOST;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Scram scram;

        private Builder() {
        }

        /** Client listener port; 0 (the default) picks a free one. */
        public Builder brokerPort(final int port) {
            this.brokerPort = port;
            return this;
        }

        /** Controller listener port; 0 (the default) picks a free one. */
        public Builder controllerPort(final int port) {
            this.controllerPort = port;
            return this;
        }

        /** Persistent data directory, reused across restarts; null (the default) for a temporary one. */
        public Builder dataDir(final Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder host(final String host) {
            this.host = host;
            return this;
        }

        /** One broker property, applied over the defaults of {@link LocalKafka}. */
        public Builder override(final String name, final String value) {
            overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Broker properties, applied over the defaults of {@link LocalKafka}; adds to earlier ones. */
        public Builder overrides(final Map<String, String> properties) {
            properties.forEach(this::override);
            return this;
        }

        public Builder startTimeout(final Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** SASL/SCRAM users and authorization on the client listener; null (the default) for neither. */
        public Builder scram(final Scram security) {
            this.scram = security;
            return this;
        }

        public LocalKafkaSettings build() {
            return new LocalKafkaSettings(brokerPort, controllerPort, dataDir, host, overrides, startTimeout, scram);
        }
    }
}
