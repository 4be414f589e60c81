package io.coldchain.bench;

import com.sun.net.httpserver.HttpServer;
import io.coldchain.ops.OpsMetrics;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
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
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * with a changelog ({@code groupByKey().count()}): nothing decoded, no repartition, no output. Kafka's record cache is
 * at its default, so a record is one cached update, and a key's updates within a commit are one store and changelog
 * write (0.03–0.04 a record in a replay of 1,000 shipments). Kafka's own figure for this shape on the machine size of
 * these benchmarks is in {@code ../shared/REFERENCE.md} §5 ("keyed aggregate on RocksDB"). {@code --output} also
 * writes every record's count to a topic, the cache off, so a {@code read_committed} consumer can time each input's
 * append → its output (the shape of an alert): then a record is one store write, one changelog record and one output.
 *
 * <p>It serves Kafka Streams' metrics as Prometheus text on {@code /metrics}, named as the application names them
 * and filtered as the application filters them ({@link OpsMetrics}), so the scripts measure both the same way.
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
        final Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("PlatformBaseline: " + e.getMessage() + "; options: " + String.join(" ", Options.NAMES)
                    + " (--client-config KEY=VALUE may repeat)");
            System.exit(2);
            return;
        }
        final String prefix = options.get("--topic-prefix", TopicCatalogue.DEFAULT_PREFIX);
        final StreamsSettings settings = StreamsSettings.builder()
                .bootstrapServers(options.required("--bootstrap-server"))
                .applicationId(options.required("--application-id"))
                .stateDir(Path.of(options.required("--state-dir")))
                .topicPrefix(prefix)
                .streamThreads(Integer.parseInt(options.get("--stream-threads", "1")))
                .commitIntervalMs(Long.parseLong(options.get("--commit-interval-ms",
                        Long.toString(StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS))))
                .httpPort(Integer.parseInt(options.required("--http-port")))
                .overrides(options.clientConfig())
                .build();
        final Properties props = settings.toProperties();
        final Topology topology = topology(new TopicCatalogue(prefix, TopicCatalogue.DEFAULT_PARTITIONS,
                AvroSerdes.local()), options.values().get("--output"), props);
        // The application's registry and binder (OpsMetrics): the same filters and refresh as `coldchain streams`.
        final PrometheusMeterRegistry registry = OpsMetrics.registry(props);
        final ScheduledExecutorService refresher = OpsMetrics.refresher();
        final KafkaStreams streams = new KafkaStreams(topology, props);
        final KafkaStreamsMetrics metrics = OpsMetrics.kafkaStreams(streams, refresher);
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
        final AtomicBoolean failed = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            metrics.close();
            http.stop(0);
            stopped.countDown();
        }, "baseline-shutdown"));
        streams.setStateListener((now, before) -> {
            System.out.println("state " + before + " -> " + now);
            if (now == KafkaStreams.State.ERROR) {
                failed.set(true);
                stopped.countDown();
            }
        });
        streams.start();
        stopped.await();
        if (failed.get()) {
            // A script watching the process (kill -0) must see it end, not wait for a count that never moves.
            System.err.println("PlatformBaseline: Kafka Streams went to ERROR (see the log above); exiting");
            System.exit(1);
        }
    }

    /** Every record of the four input topics counted by its key, in one store; with an output topic, every count written there. */
    static Topology topology(final TopicCatalogue topics, final String output, final Properties props) {
        final StreamsBuilder builder = new StreamsBuilder();
        // Kafka's record cache folds a key's updates within a commit into one store and changelog write: the platform's
        // default for a replay. Timed live, every input must have a count of its own, so the cache is off there.
        final Materialized<Bytes, Long, KeyValueStore<Bytes, byte[]>> counted =
                Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.Bytes()).withValueSerde(Serdes.Long());
        final var counts = builder.stream(List.of(topics.shipmentPlans().name(), topics.temperatureReadings().name(),
                        topics.locationFixes().name(), topics.custodyEvents().name()),
                        Consumed.with(Serdes.Bytes(), Serdes.ByteArray())
                                .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()).withName(SOURCE))
                .groupByKey(Grouped.<Bytes, byte[]>as("baseline-by-shipment").withKeySerde(Serdes.Bytes())
                        .withValueSerde(Serdes.ByteArray()))
                .count(Named.as("count-by-shipment"), output == null ? counted : counted.withCachingDisabled());
        if (output != null) {
            counts.toStream(Named.as("counts-as-stream")).to(output,
                    Produced.with(Serdes.Bytes(), Serdes.Long()).withName("write-counts"));
        }
        return builder.build(props);
    }

    /**
     * The command line: the options {@link #NAMES} once each with a value, {@code --client-config KEY=VALUE} any number
     * of times; anything else is refused (a flag of {@code coldchain streams} this application does not have included).
     */
    record Options(Map<String, String> values, Map<String, String> clientConfig) {

        static final List<String> NAMES = List.of("--bootstrap-server", "--application-id", "--state-dir",
                "--http-port", "--topic-prefix", "--stream-threads", "--commit-interval-ms", "--output");

        static Options parse(final String[] args) {
            final Map<String, String> values = new HashMap<>();
            final Map<String, String> clientConfig = new TreeMap<>();
            for (int i = 0; i < args.length; i += 2) {
                final String name = args[i];
                if (!NAMES.contains(name) && !name.equals("--client-config")) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                final String value = args[i + 1];
                if (name.equals("--client-config")) {
                    final int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--client-config takes KEY=VALUE, not " + value);
                    }
                    clientConfig.put(value.substring(0, eq), value.substring(eq + 1));
                } else if (values.put(name, value) != null) {
                    throw new IllegalArgumentException(name + " given twice");
                }
            }
            return new Options(Map.copyOf(values), Map.copyOf(clientConfig));
        }

        String get(final String name, final String fallback) {
            return values.getOrDefault(name, fallback);
        }

        String required(final String name) {
            final String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing " + name);
            }
            return value;
        }
    }
}
