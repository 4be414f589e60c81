package io.coldchain.ops;

import io.coldchain.config.ClientOptions;
import io.coldchain.logging.Secrets;
import io.coldchain.ops.api.AlertEvents;
import io.coldchain.ops.api.ApiHandler;
import io.coldchain.ops.api.Cluster;
import io.coldchain.ops.api.HttpForwarder;
import io.coldchain.ops.api.KafkaAckSink;
import io.coldchain.ops.api.StreamsCluster;
import io.coldchain.ops.api.StreamsLocalStores;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.serde.SchemaIds;
import io.coldchain.serde.SchemaRegistryUnavailableException;
import io.coldchain.streams.EndOfInput;
import io.coldchain.streams.InputProgress;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.RouteTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import io.coldchain.topics.TopicCatalogue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the lifecycle of the streams client: builds it from the settings, installs the state
 * listener and the uncaught-exception handler, serves the ops endpoints, logs once a minute what was
 * set aside ({@link SetAsideReporter}), and closes everything within a timeout. It never wipes local state.
 */
public final class StreamsRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRuntime.class);
    /** A thread that keeps dying is not fixed by replacing it forever. */
    private static final int MAX_THREAD_REPLACEMENTS = 3;
    private static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    /** How long a thread waits before it is replaced after a registry outage, and how often the log says so. */
    private static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(5);
    private static final Duration OUTAGE_WARNING_INTERVAL = Duration.ofMinutes(1);
    /** How often the log says what was set aside (late, no plan, dead-lettered), when anything was. */
    private static final Duration SET_ASIDE_INTERVAL = Duration.ofMinutes(1);

    private final StreamsSettings settings;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService metricsRefresher = OpsMetrics.refresher();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private final AtomicInteger threadsReplaced = new AtomicInteger();
    private final Duration closeTimeout;
    private final SetAsideReporter setAside;
    private final SchemaIds schemaIds;
    private final OpsHttpServer http;
    private final TopicCatalogue topics;
    private final Map<String, Object> clientConfig;
    /** How far the tasks have read their input partitions, sampled from the broker for the detectors. */
    private final InputProgressSampler inputProgress;
    /** This instance's application.server, or null without HTTP. */
    private final HostInfo self;
    private KafkaAckSink acks;
    private AlertEvents events;
    /** When the current registry outage was first seen by a stream thread; null while there is none. */
    private final AtomicReference<Instant> registryDownSince = new AtomicReference<>();
    private volatile Instant lastOutageWarning;
    private volatile boolean closed;

    /** The application of {@code settings}, detecting with {@link StreamsSettings#detection()}. */
    public StreamsRuntime(final StreamsSettings settings, final Duration closeTimeout) {
        this(settings, closeTimeout, EndOfInput.NEVER);
    }

    /**
     * A bounded run ({@code coldchain replay}): the same application, whose processors hand over what they buffer
     * for wall-clock quiet as soon as {@code endOfInput} is signalled.
     */
    public StreamsRuntime(final StreamsSettings settings, final Duration closeTimeout, final EndOfInput endOfInput) {
        this.settings = settings;
        this.closeTimeout = closeTimeout;
        final Properties props = settings.toProperties();
        if (endOfInput != EndOfInput.NEVER) {
            props.put(EndOfInput.CONFIG, endOfInput);
        }
        final InputProgress progress = InputProgress.create();
        props.put(InputProgress.CONFIG, progress);
        // The port is bound before the client exists, so application.server can name it even when it is "any free one".
        this.http = settings.httpPort() >= 0 ? OpsHttpServer.open(OpsHttpServer.Options.of(settings)) : null;
        if (http != null) {
            props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised(settings.httpBind(), http.address()));
        }
        try {
            this.self = props.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)
                    ? HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG)) : null;
            this.registry = OpsMetrics.registry(props);
            final AvroSerdes serdes = AvroSerdes.fromConfig(settings.serdeConfig());
            this.schemaIds = serdes.ids();
            this.topics = settings.catalogue(serdes);
            final Topology topology = ColdchainTopology.build(props, topics, settings.detection());
            LOG.debug("Topology:\n{}", topology.describe());
            this.clientConfig = clientConfig(props);
            this.streams = new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close(); // the port was bound for a client that cannot be built
            }
            throw e;
        }
        this.inputProgress = new InputProgressSampler(clientConfig,
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), progress);
        this.streamsMetrics = OpsMetrics.kafkaStreams(streams, metricsRefresher);
        streams.setStateListener((next, previous) -> {
            LOG.info("Streams state {} -> {}", previous, next);
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(this::onUncaught);
        this.setAside = new SetAsideReporter(streams::metrics, new SetAsideSummary(Map.of(
                TemperatureTopology.DETECT, new SetAsideSummary.Noun("temperature reading", "temperature readings"),
                RouteTopology.DETECT, new SetAsideSummary.Noun("location fix", "location fixes")),
                exportFlags(settings), SET_ASIDE_INTERVAL), SET_ASIDE_INTERVAL);
    }

    /** The flags {@code ./coldchain export} needs to read this app's topics, besides the defaults. */
    static String exportFlags(final StreamsSettings settings) {
        final String registry = settings.schemaRegistryUrl();
        return (ClientOptions.DEFAULT_BOOTSTRAP_SERVERS.equals(settings.bootstrapServers()) ? ""
                : " --bootstrap-server " + settings.bootstrapServers())
                + (TopicCatalogue.DEFAULT_PREFIX.equals(settings.topicPrefix()) ? ""
                : " --topic-prefix " + settings.topicPrefix())
                + (registry == null || registry.isBlank() ? ""
                : " --schema-registry-url " + Secrets.mask(registry));
    }

    /** Starts the streams client and the ops endpoints. */
    public void start() throws IOException {
        streamsMetrics.bindTo(registry);
        Gauge.builder("coldchain.schema.registry.available", this, runtime -> runtime.dependenciesAvailable() ? 1 : 0)
                .description("1 while the schema registry answers (or none is used), 0 during an outage: processing waits")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        if (http != null) {
            acks = new KafkaAckSink(clientConfig, topics.acknowledgements());
            events = new AlertEvents(clientConfig, topics.alerts(), topics.acknowledgements());
            final ApiHandler api = new ApiHandler(new StreamsLocalStores(streams, settings.detection().profiles()),
                    self == null ? Cluster.ALONE : new StreamsCluster(streams, self), new HttpForwarder(settings.httpToken()),
                    acks, Clock.systemUTC());
            http.serve(new KafkaStreamsOpsSource(streams, registry, this::dependenciesAvailable), api, events);
            events.start();
            final InetSocketAddress address = http.address();
            LOG.info("Ops endpoints on http://{}/ (health/live, health/ready, metrics, shipments/{id}, api/...; "
                            + "other instances reach it as {}){}", hostAndPort(address), self,
                    settings.httpToken() == null ? "" : "; metrics, shipments and api need the token");
            if (settings.httpToken() == null && !address.getAddress().isLoopbackAddress()) {
                LOG.warn("Ops endpoints listen on {} without a token: anyone who reaches that port reads metrics and "
                        + "shipments; set COLDCHAIN_HTTP_TOKEN", address.getAddress().getHostAddress());
            }
        }
        streams.start();
        setAside.start();
        inputProgress.start();
    }

    /**
     * The address other instances reach this one's HTTP port at: the bind address, or this host's name when it listens
     * on every interface. Set {@code application.server} among the overrides when neither reaches it (containers).
     */
    static String advertised(final String bind, final InetSocketAddress address) {
        String host = bind;
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = InetAddress.getLoopbackAddress().getHostAddress();
            }
        }
        return host + ":" + address.getPort();
    }

    /** Bootstrap servers and security settings, for the API's own producer and consumer. */
    static Map<String, Object> clientConfig(final Properties props) {
        final Map<String, Object> config = new HashMap<>();
        final Set<String> known = new HashSet<>(ConsumerConfig.configNames());
        known.retainAll(ProducerConfig.configNames());
        for (final String name : props.stringPropertyNames()) {
            if (known.contains(name) && (name.startsWith("bootstrap.") || name.startsWith("security.")
                    || name.startsWith("sasl.") || name.startsWith("ssl."))) {
                config.put(name, props.getProperty(name));
            }
        }
        return config;
    }

    private static String hostAndPort(final InetSocketAddress address) {
        final String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * The client's own metrics, live (what {@code /metrics} exports; Micrometer's binder picks up a new task's
     * counters only at its next refresh, once a minute).
     */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /**
     * This instance's live stream threads with their active and standby tasks: which share of the work it holds when
     * several threads or instances run (an instance without active tasks does no processing).
     */
    public Set<ThreadMetadata> localThreads() {
        return streams.metadataForLocalThreads();
    }

    /**
     * Stops processing, punctuation and restoration while the client stays in its group and keeps its tasks; may be
     * called before {@link #start()}, so that instances started together settle their assignment before any record is
     * processed (a paused client does not reach RUNNING: its tasks wait to be restored).
     */
    public void pause() {
        streams.pause();
    }

    /** Resumes what {@link #pause()} stopped. */
    public void resume() {
        streams.resume();
    }

    /** How many stream threads died and were replaced since start (registry outages included). */
    public int threadsReplaced() {
        return threadsReplaced.get();
    }

    /** Port of the ops endpoints, or -1 when they are off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Blocks until the client reaches RUNNING or the timeout passes. */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until the client stops by itself (fatal error) or is closed. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStopped(final Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private StreamThreadExceptionResponse onUncaught(final Throwable error) {
        final Instant now = Instant.now();
        if (SchemaRegistryUnavailableException.isCauseOf(error)) {
            // An outage, not a bug: wait and read the same records again, however long it lasts.
            registryDownSince.compareAndSet(null, now);
            if (lastOutageWarning == null || now.isAfter(lastOutageWarning.plus(OUTAGE_WARNING_INTERVAL))) {
                lastOutageWarning = now;
                LOG.warn("Schema registry unavailable since {}; processing paused, retrying every {} s: {}",
                        registryDownSince.get(), OUTAGE_BACKOFF.toSeconds(), rootMessage(error));
            }
            sleepQuietly(OUTAGE_BACKOFF);
            threadsReplaced.incrementAndGet();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        registryDownSince.set(null);
        synchronized (replacements) {
            replacements.addLast(now);
            while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
                replacements.removeFirst();
            }
            if (replacements.size() <= MAX_THREAD_REPLACEMENTS) {
                LOG.error("Stream thread died ({}); replacing it ({} of {} within {})", oneLine(error),
                        replacements.size(), MAX_THREAD_REPLACEMENTS, REPLACEMENT_WINDOW);
                LOG.debug("Stream thread failure:\n{}", Secrets.stackTrace(error));
                threadsReplaced.incrementAndGet();
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.error("Stream threads keep dying, {} times within {}; shutting the client down. Last failure: {}\n{}",
                MAX_THREAD_REPLACEMENTS + 1, REPLACEMENT_WINDOW, oneLine(error), Secrets.stackTrace(error));
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Whether processing is paused for an outage of a service it depends on (the schema registry). */
    public boolean dependenciesAvailable() {
        return schemaIds.available();
    }

    /**
     * The failure in one line, secrets masked: Kafka Streams' own message names the task, processor, topic, partition
     * and offset of the record being processed; the root cause says why.
     */
    static String oneLine(final Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String where = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
        return Secrets.mask(root == error ? where : where + "; cause: " + root.getClass().getSimpleName() + ": "
                + String.valueOf(root.getMessage()).lines().findFirst().orElse(""));
    }

    private static String rootMessage(final Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof SchemaRegistryUnavailableException)) {
            t = t.getCause();
        }
        return Secrets.mask(t.getMessage());
    }

    private static void sleepQuietly(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        setAside.close();
        inputProgress.close();
        final boolean clean = streams.close(closeTimeout);
        if (!clean) {
            LOG.warn("Streams client did not close within {}", closeTimeout);
        }
        streamsMetrics.close();
        metricsRefresher.shutdownNow();
        if (http != null) {
            http.close();
        }
        if (events != null) {
            events.close();
        }
        if (acks != null) {
            acks.close();
        }
        registry.close();
        stopped.countDown();
    }
}
