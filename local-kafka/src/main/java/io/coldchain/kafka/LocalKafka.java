package io.coldchain.kafka;

import io.coldchain.errors.UserError;
import io.coldchain.topics.TopicCreator;

import io.coldchain.topics.TopicCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker, KRaft single node (combined broker and controller), running inside this JVM
 * from the Maven artifacts: no Docker, no download. Used by {@code coldchain demo}, {@code coldchain broker}
 * and the integration tests.
 *
 * <pre>{@code
 * try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
 *     kafka.createTopics(TopicCatalogue.defaults());
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:41234"
 * }
 * }</pre>
 *
 * <p>The broker is set up for exactly-once Kafka Streams applications on one node: every internal topic
 * (consumer offsets, transaction state, share-group state) has replication factor 1 and min ISR 1, the
 * first consumer-group rebalance is not delayed, topics are not auto-created, new topics get 3 partitions.
 * {@link #DEFAULT_BROKER_PROPERTIES} lists every property set; {@link LocalKafkaSettings#overrides()} win over
 * them.
 *
 * <p><b>Security.</b> With {@link LocalKafkaSettings#scram()} the client listener is {@code SASL_PLAINTEXT} with
 * SCRAM-SHA-512: the users are written into the metadata when the data directory is formatted (what
 * {@code kafka-storage format --add-scram} does), KRaft's {@code StandardAuthorizer} decides with ACLs, and the admin
 * user is a super user ({@link #clientProperties()} then authenticates as it; {@link #clientProperties(String)} as
 * another user). Without ACLs nobody else may do anything. The controller listener stays plaintext on the local
 * host (KRaft controllers do not take SCRAM) and its anonymous connections are trusted: a setup to try
 * least-privilege clients, not to guard data.
 *
 * <p><b>Logging.</b> This class logs one INFO line when the broker is ready, {@code Kafka broker ready at
 * 127.0.0.1:PORT (data: DIR)} (logger {@code io.coldchain.kafka.LocalKafka}; start/stop timings at DEBUG). The
 * broker itself logs through SLF4J (its few log4j2 API calls are routed by {@code log4j-to-slf4j}; there is no
 * log4j-core) and is very chatty: about 2,500 INFO lines per start and stop. The noisy loggers are
 * <ul>
 *   <li>{@code kafka} — the Scala server ({@code kafka.server}, {@code kafka.network}, {@code kafka.log}, ...),</li>
 *   <li>{@code org.apache.kafka} — the Java server modules ({@code raft}, {@code controller}, {@code image},
 *       {@code metadata}, {@code coordinator}, {@code storage}, {@code server}, ...) and the config dumps of
 *       the internal clients ({@code org.apache.kafka.clients...Config}),</li>
 *   <li>{@code state.change.logger}.</li>
 * </ul>
 * Setting {@code kafka}, {@code org.apache.kafka} and {@code state.change.logger} to WARN leaves a quiet
 * console; what remains are two harmless WARN lines: {@code QuorumController} "Performing controller
 * activation..." at every start and {@code NetworkClient} "Attempting to close NetworkClient that has already
 * been closed" at every stop (a Kafka 4.4 quirk).
 *
 * <p><b>In-process caveat.</b> On a fatal internal fault (e.g. a corrupt metadata log) the Kafka server
 * halts the JVM, as the stand-alone broker would halt its own process. This never happens in normal use.
 *
 * <p>{@link #start()} and {@link #close()} are synchronized; {@code close()} is idempotent and may be called
 * from a shutdown hook. An instance is started once; create a new one to restart (same data directory keeps
 * the data). After close the only threads left are two daemon {@code metrics-meter-tick-thread}s of the
 * static Yammer metrics registry, shared by every broker started in the JVM.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    /** Node id of the single combined broker/controller. */
    public static final int NODE_ID = 1;

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String SECURED_BROKER_LISTENER = "SASL_PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The SASL mechanism of a secured broker ({@link LocalKafkaSettings#scram()}). */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final String META_PROPERTIES = "meta.properties";
    /**
     * Our own lock, taken before any Kafka code touches the directory. Kafka's {@code .lock} is only taken by
     * the log manager, after the KRaft layer has already opened (and may write to) the metadata log in the
     * same directory: a second broker on a directory in use would corrupt its metadata log.
     */
    static final String LOCK_FILE = "local-kafka.lock";
    private static final Pattern BIND_PORT = Pattern.compile("bind to [^\\s]*:(\\d+)");
    private static final int PORT_PICK_ATTEMPTS = 3;

    /**
     * The broker properties {@link LocalKafka} sets besides the listeners, node id and directories, and why.
     * Overrides from {@link LocalKafkaSettings#overrides()} are applied over these.
     */
    public static final Map<String, String> DEFAULT_BROKER_PROPERTIES = defaultBrokerProperties();

    private final LocalKafkaSettings settings;
    private Path dataDir;
    private boolean temporaryDataDir;
    private int brokerPort;
    private int controllerPort;
    private String clusterId;
    private KafkaRaftServer server;
    private FileLock dataDirLock;
    private boolean started;
    private boolean closed;

    public LocalKafka(final LocalKafkaSettings settings) {
        this.settings = settings == null ? LocalKafkaSettings.defaults() : settings;
    }

    /** Starts a broker with {@code settings}; shorthand for {@code new LocalKafka(settings).start()}. */
    public static LocalKafka start(final LocalKafkaSettings settings) {
        return new LocalKafka(settings).start();
    }

    /**
     * Formats the data directory if needed, starts the broker and waits until it answers a describe-cluster
     * request (at most {@link LocalKafkaSettings#startTimeout()}). On failure nothing is left running and a
     * temporary data directory is deleted.
     *
     * @return this, for try-with-resources
     * @throws PortInUseException  if a requested port is taken
     * @throws LocalKafkaException if the broker cannot be formatted or started, or does not answer in time
     */
    public synchronized LocalKafka start() {
        if (closed) {
            throw new IllegalStateException("this LocalKafka is closed; create a new one");
        }
        if (server != null) {
            throw new IllegalStateException("already started at " + address());
        }
        final long startNanos = System.nanoTime();
        final long deadline = startNanos + settings.startTimeout().toNanos();
        try {
            choosePorts(); // first, so that a taken port fails fast and leaves nothing behind
            prepareDataDir();
            lockDataDir();
            clusterId = formatIfNeeded();
            startWithPorts(deadline);
            awaitReady(deadline);
        } catch (RuntimeException | Error e) {
            stopQuietly();
            unlockDataDir();
            deleteTemporaryDataDir();
            throw e;
        }
        started = true;
        LOG.info("Kafka broker ready at {} (data: {})", address(), dataDir);
        LOG.debug("Broker started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return this;
    }

    /** {@code host:port} of the client listener, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        requireStarted();
        return address();
    }

    private String address() {
        return settings.host() + ":" + brokerPort;
    }

    /** The port of the client listener (the one actually bound when 0 was requested). */
    public int brokerPort() {
        requireStarted();
        return brokerPort;
    }

    /** The port of the KRaft controller listener. */
    public int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    /** The data directory in use (a temporary one if none was given). */
    public Path dataDir() {
        requireStarted();
        return dataDir;
    }

    public String clusterId() {
        requireStarted();
        return clusterId;
    }

    public LocalKafkaSettings settings() {
        return settings;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Client properties to reach this broker: {@code bootstrap.servers}, and on a secured broker the SASL settings
     * of the admin user. Add your own to a copy.
     */
    public Map<String, Object> clientProperties() {
        requireStarted();
        return settings.scram() == null ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address())
                : clientProperties(settings.scram().adminUser());
    }

    /** Client properties to reach this secured broker as {@code user}: bootstrap and SASL/SCRAM settings. */
    public Map<String, Object> clientProperties(final String user) {
        requireStarted();
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address());
        p.putAll(saslClientProperties(user));
        return Collections.unmodifiableMap(p);
    }

    /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} of {@code user}. */
    private Map<String, String> saslClientProperties(final String user) {
        final LocalKafkaSettings.Scram scram = settings.scram();
        if (scram == null || !scram.passwords().containsKey(user)) {
            throw new UserError("no SCRAM user " + user + " on this broker");
        }
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", SCRAM_MECHANISM);
        p.put("sasl.jaas.config", jaas(user, scram.passwords().get(user)));
        return p;
    }

    private static String jaas(final String user, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** A new {@link Admin} client for this broker; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(clientProperties());
    }

    /**
     * Creates every topic of {@code catalogue} with replication factor 1 (existing ones are left as they are)
     * and waits until they all exist.
     *
     * @return the names of the topics created now
     */
    public Set<String> createTopics(final TopicCatalogue catalogue) {
        try (Admin admin = createAdmin()) {
            return new TopicCreator(admin, (short) 1, settings.startTimeout()).create(catalogue);
        }
    }

    /**
     * Shuts the broker down and waits for it to stop, then deletes the data directory if it is a temporary
     * one. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        final boolean wasRunning = server != null;
        final long t0 = System.nanoTime();
        stopQuietly();
        unlockDataDir();
        deleteTemporaryDataDir();
        if (wasRunning) {
            LOG.debug("Kafka broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static Map<String, String> defaultBrokerProperties() {
        final Map<String, String> p = new LinkedHashMap<>();
        // One node: every internal topic must fit on it, and transactions (exactly-once) must commit with it.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics default to 50 partitions each; a few are plenty locally and create much faster.
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.num.partitions", "3");
        // No waiting for more members before the first rebalance (classic and streams protocols).
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly from the catalogue; a typo must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        // Small metadata log: minimum segment size and frequent snapshots let old segments be deleted.
        p.put("metadata.log.segment.bytes", Integer.toString(8 * 1024 * 1024));
        p.put("metadata.max.retention.bytes", Integer.toString(16 * 1024 * 1024));
        p.put("metadata.log.max.record.bytes.between.snapshots", Integer.toString(1024 * 1024));
        // The log cleaner allocates its dedupe buffer up front (128 MiB by default); compaction of a
        // local broker's topics needs far less.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // Smaller segments and index files: less disk per partition and quicker recovery after a crash.
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        // Register and get unfenced sooner at start-up (default heartbeat every 2 s).
        p.put("broker.heartbeat.interval.ms", "500");
        // Look for timed-out transactions every second, not every 10 s: a killed application instance's open
        // transaction holds back the committed offsets of its partitions until it is aborted, so the instance taking
        // them over waits up to transaction.timeout.ms plus this interval (docs/RELIABILITY.md, "Failover to a
        // standby after kill -9").
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        return Map.copyOf(p);
    }

    private Properties brokerProperties() {
        final String host = settings.host();
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Static quorum: the voter address lives in the configuration, not in the log, so a kept data
        // directory can be restarted on other ports.
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        final LocalKafkaSettings.Scram scram = settings.scram();
        final String listener = scram == null ? BROKER_LISTENER : SECURED_BROKER_LISTENER;
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", listener + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", listener + "://" + host + ":" + brokerPort);
        p.put("listener.security.protocol.map", listener + ":" + listener + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", listener);
        if (scram != null) {
            p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            p.put("listener.name." + listener.toLowerCase(Locale.ROOT) + "."
                    + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    jaas(scram.adminUser(), scram.passwords().get(scram.adminUser())));
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // The controller listener is plaintext (KRaft controllers cannot use SCRAM) and bound to the local
            // host: the node's own broker and controller reach it as User:ANONYMOUS and must be trusted.
            p.put("super.users", "User:" + scram.adminUser() + ";User:ANONYMOUS");
        }
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        p.putAll(DEFAULT_BROKER_PROPERTIES);
        p.putAll(settings.overrides());
        return p;
    }

    private void prepareDataDir() {
        try {
            if (settings.dataDir() == null) {
                dataDir = Files.createTempDirectory("coldchain-kafka-").toAbsolutePath();
                temporaryDataDir = true;
                return;
            }
            dataDir = settings.dataDir().toAbsolutePath().normalize();
            Files.createDirectories(dataDir);
            if (!Files.isRegularFile(dataDir.resolve(META_PROPERTIES)) && !isEmpty(dataDir)) {
                throw new LocalKafkaException("data directory " + dataDir
                        + " is not empty and holds no Kafka data: choose an empty or new directory");
            }
        } catch (IOException e) {
            throw new LocalKafkaException("cannot create data directory " + settings.dataDir() + ": " + e, e);
        }
    }

    private static boolean isEmpty(final Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                entry -> !entry.getFileName().toString().equals(LOCK_FILE))) {
            return !entries.iterator().hasNext();
        }
    }

    private void lockDataDir() {
        final Path file = dataDir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another LocalKafka in this JVM
            }
            if (lock == null) {
                channel.close();
                throw new LocalKafkaException("data directory " + dataDir
                        + " is in use by another Kafka broker: stop it or choose another directory");
            }
            dataDirLock = lock;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LocalKafkaException("cannot lock data directory " + dataDir + ": " + e, e);
        }
    }

    private void unlockDataDir() {
        final FileLock lock = dataDirLock;
        dataDirLock = null;
        if (lock != null) {
            closeQuietly(lock.channel()); // releases the lock
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Cannot close {}: {}", channel, e.toString());
        }
    }

    /** Formats {@link #dataDir} unless it already holds a {@code meta.properties}; returns the cluster id. */
    private String formatIfNeeded() {
        final Path meta = dataDir.resolve(META_PROPERTIES);
        if (Files.isRegularFile(meta)) {
            final Properties props = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                props.load(in);
            } catch (IOException e) {
                throw new LocalKafkaException("cannot read " + meta + ": " + e, e);
            }
            LOG.debug("Data directory {} is already formatted", dataDir);
            if (settings.scram() != null) {
                LOG.info("Data directory {} was formatted before: its SCRAM users are those of that run", dataDir);
            }
            return props.getProperty("cluster.id");
        }
        final String id = Uuid.randomUuid().toString();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(id)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setScramArguments(settings.scram() == null ? List.of() : settings.scram().passwords().entrySet()
                            .stream().sorted(Map.Entry.comparingByKey())
                            .map(u -> SCRAM_MECHANISM + "=[name=" + u.getKey() + ",password=" + u.getValue() + "]")
                            .toList())
                    .run();
        } catch (Exception e) {
            throw new LocalKafkaException("cannot format Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        LOG.debug("Formatted {}: {}", dataDir, out.toString(StandardCharsets.UTF_8).strip().replaceAll("\\R+", "; "));
        return id;
    }

    /** Starts the server; when ports were left to us and one got taken meanwhile, tries fresh ones. */
    private void startWithPorts(final long deadline) {
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                choosePorts();
            }
            try {
                startServer(deadline);
                return;
            } catch (PortInUseException e) {
                final boolean picked = (e.port() == brokerPort && settings.brokerPort() == 0)
                        || (e.port() == controllerPort && settings.controllerPort() == 0);
                if (!picked || attempt >= PORT_PICK_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Free port {} was taken before the broker bound it; picking another", e.port());
            }
        }
    }

    private void choosePorts() {
        final InetAddress address = hostAddress();
        // Hold both sockets until both are chosen so the two ports differ.
        try (ServerSocket broker = openSocket(address, settings.brokerPort(), "--port");
             ServerSocket controller = openSocket(address, settings.controllerPort(), "--controller-port")) {
            brokerPort = broker.getLocalPort();
            controllerPort = controller.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerSocket openSocket(final InetAddress address, final int port, final String option)
            throws IOException {
        final ServerSocket socket = new ServerSocket();
        try {
            // Same SO_REUSEADDR as the broker's own sockets, so the check agrees with what the broker can bind.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return socket;
        } catch (BindException e) {
            socket.close();
            throw new PortInUseException(port, option, e);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private InetAddress hostAddress() {
        try {
            return InetAddress.getByName(settings.host());
        } catch (IOException e) {
            throw new LocalKafkaException("cannot resolve listener host " + settings.host() + ": " + e.getMessage(), e);
        }
    }

    private void startServer(final long deadline) {
        final KafkaRaftServer created;
        try {
            created = new KafkaRaftServer(new KafkaConfig(brokerProperties(), false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw translate(e, "cannot configure the Kafka broker");
        }
        server = created;
        // startup() blocks until the broker is unfenced; run it on its own thread so that a hang (for
        // example a controller that never becomes leader) turns into a timeout instead.
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final Thread starter = new Thread(() -> {
            try {
                created.startup();
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "local-kafka-startup");
        starter.setDaemon(true);
        starter.start();
        try {
            started.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LocalKafkaException("the Kafka broker did not start within "
                    + settings.startTimeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while starting the Kafka broker", e);
        } catch (ExecutionException e) {
            stopQuietly();
            throw translate(e.getCause(), "the Kafka broker failed to start");
        }
    }

    private void awaitReady(final long deadline) {
        final Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-readiness");
        if (settings.scram() != null) {
            config.putAll(saslClientProperties(settings.scram().adminUser()));
        }
        try (Admin admin = Admin.create(config)) {
            Throwable last = null;
            while (remainingNanos(deadline) > 0) {
                final int timeoutMs = (int) Math.max(1, Math.min(5_000, remainingNanos(deadline) / 1_000_000));
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                            .nodes().get(timeoutMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalKafkaException("interrupted while waiting for the Kafka broker", e);
                }
                sleep(100);
            }
            throw new LocalKafkaException("the Kafka broker at " + address() + " did not answer within "
                    + settings.startTimeout().toSeconds() + " s", last);
        }
    }

    private RuntimeException translate(final Throwable error, final String what) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                final int port = boundPort(error);
                return new PortInUseException(port, port == controllerPort ? "--controller-port" : "--port", error);
            }
            final String message = String.valueOf(t.getMessage());
            if (message.contains("Failed to acquire lock")) {
                return new LocalKafkaException("data directory " + dataDir
                        + " is in use by another Kafka broker: stop it or choose another directory", error);
            }
        }
        if (error instanceof LocalKafkaException lke) {
            return lke;
        }
        return new LocalKafkaException(what + ": " + error.getMessage(), error);
    }

    private int boundPort(final Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            final Matcher m = BIND_PORT.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return brokerPort;
    }

    private void stopQuietly() {
        final KafkaRaftServer running = server;
        server = null;
        if (running == null) {
            return;
        }
        try {
            running.shutdown();
            running.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping the Kafka broker: {}", e.toString(), e);
        }
    }

    private void deleteTemporaryDataDir() {
        if (!temporaryDataDir || dataDir == null) {
            return;
        }
        try {
            deleteRecursively(dataDir);
        } catch (IOException e) {
            LOG.warn("Could not delete temporary Kafka data directory {}: {}", dataDir, e.toString());
        }
    }

    static void deleteRecursively(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The accessors report the last successful start, also after {@link #close()}. */
    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("the broker has not been started");
        }
    }

    private static long remainingNanos(final long deadline) {
        return deadline - System.nanoTime();
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while waiting for the Kafka broker", e);
        }
    }

    @Override
    public String toString() {
        return "LocalKafka[" + (started ? address() + ", data: " + dataDir : "not started")
                + (closed ? ", closed" : "") + "]";
    }
}
