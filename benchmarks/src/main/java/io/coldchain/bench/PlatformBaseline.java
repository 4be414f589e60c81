package io.coldchain.bench;

import com.sun.net.httpserver.HttpServer;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The platform's ceiling for a stateful exactly-once application on a given machine, measured in the same run as
 * the application ({@code benchmarks/pipeline-throughput.sh} with {@code SCALE="base 1x1"}): a Kafka Streams
 * application that does the least a stateful one can with the application's input. It reads the same four input
 * topics with the same settings as {@code coldchain streams} ({@link StreamsSettings#toProperties()}: exactly-once
 * v2, the commit interval, the stream threads), and counts each record by its key (the shipment id) in a RocksDB store
 * with a changelog ({@code groupByKey().count()}, Kafka's record cache at its default): one store update a record,
 * nothing decoded, no repartition, no output. Kafka's own figure for this shape on the machine size of these
 * benchmarks is in {@code ../shared/REFERENCE.md} §5 ("keyed aggregate on RocksDB"). {@code --output} also writes every
 * count to a topic, so a {@code read_committed} consumer can time input append → output (the shape of an alert).
 *
 * <p>It serves Kafka Streams' metrics as Prometheus text on {@code /metrics}, named as the application names them
 * (Micrometer's binder), so the script measures both the same way.
 *
 * <pre>
 * PlatformBaseline --bootstrap-server B --topic-prefix P --state-dir D --http-port N --application-id A
 *                  [--stream-threads T] [--commit-interval-ms MS] [--output TOPIC] [--client-config KEY=VALUE]...
 * </pre>
 */
public final class PlatformBaseline {

    static final String SOURCE = "baseline-inputs";
    static final String STORE = "baseline-count-store";

    private PlatformBaseline() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = options(args);
        final String prefix = options.getOrDefault("--topic-prefix", TopicCatalogue.DEFAULT_PREFIX);
        final StreamsSettings settings = StreamsSettings.builder()
                .bootstrapServers(required(options, "--bootstrap-server"))
                .applicationId(required(options, "--application-id"))
                .stateDir(Path.of(required(options, "--state-dir")))
                .topicPrefix(prefix)
                .streamThreads(Integer.parseInt(options.getOrDefault("--stream-threads", "1")))
                .commitIntervalMs(Long.parseLong(options.getOrDefault("--commit-interval-ms",
                        Long.toString(StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS))))
                .httpPort(Integer.parseInt(required(options, "--http-port")))
                .overrides(clientConfig(args))
                .build();
        final Properties props = settings.toProperties();
        final Topology topology = topology(new TopicCatalogue(prefix, TopicCatalogue.DEFAULT_PARTITIONS,
                AvroSerdes.local()), options.get("--output"), props);
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "baseline-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        final KafkaStreams streams = new KafkaStreams(topology, props);
        final KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, List.of(), refresher, Duration.ofSeconds(5));
        metrics.bindTo(registry);
        final HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.httpPort()), 0);
        http.createContext("/metrics", exchange -> {
            final byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            metrics.close();
            http.stop(0);
            stopped.countDown();
        }, "baseline-shutdown"));
        streams.setStateListener((now, before) -> System.out.println("state " + before + " -> " + now));
        streams.start();
        stopped.await();
    }

    /** Every record of the four input topics counted by its key, in one store; with an output topic, every count written there. */
    static Topology topology(final TopicCatalogue topics, final String output, final Properties props) {
        final StreamsBuilder builder = new StreamsBuilder();
        final var counts = builder.stream(List.of(topics.shipmentPlans().name(), topics.temperatureReadings().name(),
                        topics.locationFixes().name(), topics.custodyEvents().name()),
                        Consumed.with(Serdes.Bytes(), Serdes.ByteArray())
                                .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()).withName(SOURCE))
                .groupByKey(Grouped.<Bytes, byte[]>as("baseline-by-shipment").withKeySerde(Serdes.Bytes())
                        .withValueSerde(Serdes.ByteArray()))
                .count(Named.as("count-by-shipment"), Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.Bytes()).withValueSerde(Serdes.Long()));
        if (output != null) {
            counts.toStream(Named.as("counts-as-stream")).to(output,
                    Produced.with(Serdes.Bytes(), Serdes.Long()).withName("write-counts"));
        }
        return builder.build(props);
    }

    private static Map<String, String> options(final String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs (--name value), got " + List.of(args));
        }
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option (--name), got " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** Every {@code --client-config KEY=VALUE}, as {@code coldchain streams} takes them: a Kafka setting over the defaults. */
    static Map<String, String> clientConfig(final String[] args) {
        final Map<String, String> overrides = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--client-config")) {
                final int eq = args[i + 1].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--client-config takes KEY=VALUE, not " + args[i + 1]);
                }
                overrides.put(args[i + 1].substring(0, eq), args[i + 1].substring(eq + 1));
            }
        }
        return overrides;
    }

    private static String required(final Map<String, String> options, final String name) {
        final String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
