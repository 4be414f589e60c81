package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.coldchain.ops.Setting;
import io.coldchain.ops.StreamsCommand;
import io.coldchain.sim.command.SimulateCommand;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * No Docker engine runs on the build machines, so the compose file is checked against what it must
 * agree with: the topic catalogue and the apps' own settings and flags.
 */
class DockerComposeTest {

    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
    }

    private static JsonNode service(final String name) {
        return compose.path("services").path(name);
    }

    private static List<String> strings(final JsonNode array) {
        final List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void shouldDefineTheBrokerTheRegistryAndBothApps() {
        assertThat(names(compose.path("services"))).containsExactlyInAnyOrder("kafka", "apicurio", "streams", "simulator");
    }

    @Test
    void shouldPinEveryImageTag() {
        compose.path("services").forEach(service -> {
            final String image = service.path("image").asText();
            assertThat(image).as("image").matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");
        });
    }

    @Test
    void shouldHealthCheckTheLongRunningServicesAndStartInOrder() {
        for (final String name : List.of("kafka", "apicurio", "streams")) {
            assertThat(service(name).path("healthcheck").path("test").isArray()).as(name + " healthcheck").isTrue();
        }
        assertThat(service("streams").path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(service("simulator").path("depends_on").path("streams").path("condition").asText()).isEqualTo("service_healthy");
    }

    @Test
    void shouldRunTheBrokerInKraftModeWithBothBootstrapAddresses() {
        final JsonNode env = service("kafka").path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("kafka:9092", "localhost:29092");
        assertThat(strings(service("kafka").path("ports"))).contains("29092:29092");
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).isEqualTo("1");
        assertThat(env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    }

    @Test
    void shouldConfigureTheStreamsAppOnlyWithSettingsItKnows() {
        final Set<String> known = Arrays.stream(Setting.values()).map(Setting::env).collect(Collectors.toSet());
        final JsonNode env = service("streams").path("environment");
        assertThat(names(env)).isNotEmpty().allMatch(known::contains);
        assertThat(env.path("COLDCHAIN_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(env.path("COLDCHAIN_SCHEMA_REGISTRY_URL").asText()).isEqualTo("http://apicurio:8080/apis/ccompat/v7");
        assertThat(env.path("COLDCHAIN_TOPIC_PREFIX").asText()).isEqualTo(TopicCatalogue.DEFAULT_PREFIX);
        assertThat(env.path("COLDCHAIN_TOPIC_PARTITIONS").asInt()).isEqualTo(TopicCatalogue.DEFAULT_PARTITIONS);
        final int port = env.path("COLDCHAIN_HTTP_PORT").asInt();
        // Published on the host's loopback only; inside the container the endpoints listen beyond loopback.
        assertThat(strings(service("streams").path("ports"))).contains("127.0.0.1:" + port + ":" + port);
        assertThat(env.path("COLDCHAIN_HTTP_BIND").asText()).isEqualTo("0.0.0.0");
        assertThat(service("streams").path("healthcheck").path("test").toString()).contains(":" + port + "/health/ready");
        new CommandLine(new StreamsCommand()).parseArgs(strings(service("streams").path("command")).toArray(String[]::new));
    }

    @Test
    void shouldRunTheSimulatorWithFlagsItAccepts() {
        final List<String> args = strings(service("simulator").path("command"));
        new CommandLine(new SimulateCommand()).parseArgs(args.toArray(String[]::new));
        assertThat(args).contains("--schema-registry-url");
        assertThat(service("simulator").path("environment").path("COLDCHAIN_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
    }

    private static List<String> names(final JsonNode object) {
        final List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
