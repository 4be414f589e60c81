package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints over a real {@link KafkaStreams} client ({@link KafkaStreamsOpsSource}) that is never started: a
 * tiny topology against a bootstrap address nothing listens on, so no broker is needed.
 */
class OpsHttpServerStreamsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path stateDir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreams streams;
    private OpsHttpServer server;

    @BeforeEach
    void build() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("read-in"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("write-out"));
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-http-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        streams = new KafkaStreams(builder.build(props), props);
        server = OpsHttpServer.start(new OpsHttpServer.Options("127.0.0.1", 0, null, OpsHttpServer.DEFAULT_IDLE_TIMEOUT),
                new KafkaStreamsOpsSource(streams, registry));
    }

    @AfterEach
    void close() {
        server.close();
        streams.close(Duration.ofSeconds(5));
        registry.close();
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeLiveButNotReadyBeforeTheClientRuns() throws Exception {
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldAnswer503ForShipmentsWhileTheStoresCannotBeQueried() throws Exception {
        final HttpResponse<String> response = get("/shipments/SHP-000001");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("try again");
    }

    @Test
    void shouldServeTheRegistrysMetrics() throws Exception {
        registry.counter("coldchain.ops.test").increment();

        final HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("coldchain_ops_test_total 1.0");
    }

    @Test
    void shouldNotBeLiveOnceTheStreamThreadsAreGone() throws Exception {
        streams.close(Duration.ofSeconds(5));

        final HttpResponse<String> response = get("/health/live");

        assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("stream thread");
    }

    @Test
    void shouldNotBeLiveOnceOneOfSeveralStreamThreadsIsGone() throws Exception {
        streams.start(); // no broker answers: the client stays REBALANCING with both threads alive
        assertThat(streams.metadataForLocalThreads()).hasSize(2);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        assertThat(streams.removeStreamThread(PATIENCE)).isPresent();

        assertThat(streams.metadataForLocalThreads()).hasSize(1);
        final HttpResponse<String> response = get("/health/live");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("stream thread");
    }
}
