package io.coldchain.kafka;

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
 */
public record LocalKafkaSettings(
        int brokerPort,
        int controllerPort,
        Path dataDir,
        String host,
        Map<String, String> overrides,
        Duration startTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public LocalKafkaSettings {
        checkPort("brokerPort", brokerPort);
        checkPort("controllerPort", controllerPort);
        if (brokerPort != 0 && brokerPort == controllerPort) {
            throw new IllegalArgumentException("broker and controller ports must differ, both are " + brokerPort);
        }
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        if (host.equals("0.0.0.0") || host.contains(":")) {
            throw new IllegalArgumentException("listener host must be an IPv4 address or host name that clients "
                    + "can connect to (it is also the advertised address), not " + host);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
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
                .overrides(overrides).startTimeout(startTimeout);
    }

    private static void checkPort(final String what, final int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " must be between 0 and 65535: " + port);
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

        public LocalKafkaSettings build() {
            return new LocalKafkaSettings(brokerPort, controllerPort, dataDir, host, overrides, startTimeout);
        }
    }
}
