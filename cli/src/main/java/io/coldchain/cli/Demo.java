package io.coldchain.cli;

import io.coldchain.cli.alerts.AlertFilter;
import io.coldchain.cli.alerts.AlertFollower;
import io.coldchain.cli.alerts.AlertSelection;
import io.coldchain.errors.UserError;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.publish.Pacing;
import io.coldchain.sim.publish.PublishResult;
import io.coldchain.sim.publish.Publisher;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: a local broker, the streams application, a follower of the
 * alerts topic (the one of {@code ./coldchain alerts}) and the simulator, started in that order and closed in
 * reverse.
 */
final class Demo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    /** How long closing waits for the simulator to stop publishing. */
    private static final Duration SIMULATION_STOP = Duration.ofSeconds(30);

    /** How the last status line before the first alert ends. */
    static final String ALERTS_FOLLOW = "alerts follow as they are committed:";

    /** What the demo runs with. */
    record Settings(int shipments, long seed, double speed, double warmFraction, int brokerPort, int httpPort) {
    }

    private final Settings settings;
    private final Consumer<Alert> sink;
    private final Consumer<String> status;
    private final TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX,
            TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
    private LocalKafka kafka;
    private Path stateDir;
    private StreamsRuntime streams;
    private AlertFollower follower;
    private Thread followerThread;
    private Publisher publisher;
    private CompletableFuture<PublishResult> simulation;
    private boolean closed;

    Demo(final Settings settings, final Consumer<Alert> sink, final Consumer<String> status) {
        this.settings = settings;
        this.sink = sink;
        this.status = status;
    }

    synchronized Demo start() throws IOException, InterruptedException {
        // The console's address comes first, so a newcomer can open it while the rest starts: "any free port" is
        // chosen here rather than by the streams application.
        final int httpPort = settings.httpPort() == 0 ? freeLoopbackPort() : settings.httpPort();
        if (httpPort > 0) {
            status.accept("Console: http://127.0.0.1:" + httpPort + "/  (query API: http://127.0.0.1:" + httpPort
                    + "/api/shipments, docs/QUERY-API.md; it answers once the streams application runs)");
        }
        final Path brokerLog = BrokerLog.toTemporaryFile();
        kafka = new LocalKafka(LocalKafkaSettings.builder().brokerPort(settings.brokerPort()).build()).start();
        kafka.createTopics(topics);
        status.accept("Kafka broker (KRaft) running at " + kafka.bootstrapServers()
                + (brokerLog == null ? "" : "; its log: " + brokerLog));

        stateDir = Files.createTempDirectory("coldchain-demo-state");
        streams = new StreamsRuntime(new StreamsSettings(kafka.bootstrapServers(), "coldchain-demo", stateDir,
                TopicCatalogue.DEFAULT_PREFIX, TopicCatalogue.DEFAULT_PARTITIONS, null,
                StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS, httpPort, Map.of()), Duration.ofSeconds(20));
        try {
            streams.start();
        } catch (BindException e) {
            throw new UserError(httpPortInUse(httpPort), e);
        }
        if (!streams.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the streams application did not reach RUNNING within 60 s (state "
                    + streams.state() + ")");
        }
        status.accept("Streams application running (exactly-once)"
                + (streams.httpPort() > 0 ? "; ops endpoints at http://127.0.0.1:" + streams.httpPort() + "/" : ""));

        startFollower();

        final Pacing pacing = Pacing.timesRealTime(settings.speed());
        final SimulationSettings defaults = SimulationSettings.defaults(Instant.EPOCH);
        final SimulationSettings shape = new SimulationSettings(settings.shipments(), settings.seed(), Instant.EPOCH,
                defaults.readingInterval(), defaults.fixInterval(), settings.warmFraction());
        // Every incident family in turn (temperature, silence, route, serials, custody, and the confounders that must
        // stay silent): the whole product, not only warm spells.
        final SimulationSettings simulationSettings = new SimulationSettings(settings.shipments(), settings.seed(),
                Simulation.anchoredStart(shape.withIncidents(IncidentMix.all()), pacing, Instant.now()),
                defaults.readingInterval(), defaults.fixInterval(), settings.warmFraction())
                .withIncidents(IncidentMix.all());
        final Map<String, Object> producerConfig = new HashMap<>(Publisher.producerDefaults());
        producerConfig.putAll(kafka.clientProperties());
        publisher = new Publisher(producerConfig, topics);
        status.accept("Simulating " + settings.shipments() + " shipments (seed " + settings.seed() + ", "
                + settings.speed() + "x real time); " + ALERTS_FOLLOW);
        simulation = CompletableFuture.supplyAsync(() -> publisher.publish(simulationSettings, pacing, progress -> { }));
        return this;
    }

    /** Every alert from the beginning of the (new) topic, to the sink, on a thread of its own until closed. */
    private void startFollower() {
        // The broker's client properties (address, and security when it has any), as the producer gets them.
        final Map<String, Object> base = new HashMap<>(kafka.clientProperties());
        base.put(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-demo-alerts");
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(AlertFollower.consumerConfig(base, null,
                AlertFollower.Start.BEGINNING), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        follower = new AlertFollower(consumer, topics.alerts().valueSerde().deserializer(), Duration.ofSeconds(10));
        final AlertFollower.Plan plan = new AlertFollower.Plan(topics.alerts().name(), null,
                AlertFollower.Start.BEGINNING, true, false);
        followerThread = new Thread(() -> {
            try (consumer) {
                follower.run(plan, new AlertSelection(AlertFilter.all(), false), sink, () -> { }, status);
            } catch (RuntimeException e) {
                status.accept("the alert follower stopped: " + e);
            }
        }, "coldchain-alert-follower");
        followerThread.setDaemon(true);
        followerThread.start();
    }

    /** A port free on loopback now (the streams application binds it moments later). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether nothing listens on {@code port} of any local address (a check, not a reservation). */
    static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String httpPortInUse(final int port) {
        return "port " + port + " (--http-port) is already in use: pass another, 0 for any free port, or -1 to turn "
                + "the ops endpoints off";
    }

    CompletableFuture<PublishResult> simulation() {
        return simulation;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    TopicCatalogue topics() {
        return topics;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (publisher != null) {
            publisher.stop();
            if (simulation != null) {
                try {
                    // A publisher blocked on a full buffer may take a while to see the stop: the rest still closes.
                    simulation.handle((r, e) -> null).get(SIMULATION_STOP.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    LOG.warn("The simulator did not stop within {}; closing the rest anyway", SIMULATION_STOP);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (follower != null) {
            follower.stop();
            try {
                followerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (streams != null) {
            streams.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (stateDir != null) {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
