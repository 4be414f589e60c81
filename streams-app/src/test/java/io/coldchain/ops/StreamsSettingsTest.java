package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.config.Configuration;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.streams.MemtableBloom;
import io.coldchain.streams.StateCache;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamsSettingsTest {

    private static StreamsSettings settings(final Map<String, String> overrides) {
        return StreamsSettings.builder().bootstrapServers("broker:9092").applicationId("app")
                .stateDir(Path.of("state")).httpPort(-1).overrides(overrides).build();
    }

    @Test
    void shouldRunExactlyOnceWithTheDeadLetterTopicAndTimestampSynchronisedTasks() {
        final Properties props = settings(Map.of()).toProperties();

        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "coldchain.errors.dead-letter")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "500")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100")
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true")
                .containsEntry("main.consumer." + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true")
                // client ids (and so thread names and metric labels) without a random UUID
                .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "app");
    }

    @Test
    void shouldHandAKilledInstancesTasksOnAsSoonAsTheBrokerAllows() {
        final Properties props = settings(Map.of()).toProperties();

        // docs/RELIABILITY.md, "Failover to a standby after kill -9": the broker's minimum session, a heartbeat a
        // third of it, and a dead instance's open transaction aborted after 5 s instead of 10 s
        assertThat(props).containsEntry("main.consumer.session.timeout.ms", "6000")
                .containsEntry("main.consumer.heartbeat.interval.ms", "2000")
                .containsEntry("producer.transaction.timeout.ms", "5000");
        assertThat(settings(Map.of("main.consumer.session.timeout.ms", "10000", "producer.transaction.timeout.ms",
                "10000")).toProperties()).containsEntry("main.consumer.session.timeout.ms", "10000")
                .containsEntry("producer.transaction.timeout.ms", "10000");
    }

    @Test
    void shouldKeepTheTransactionTimeoutWellAboveALongCommitInterval() {
        // A transaction spans a commit interval: one timing out at every commit would never commit.
        assertThat(StreamsSettings.builder().bootstrapServers("localhost:9092").applicationId("app").commitIntervalMs(3000)
                .build().toProperties()).containsEntry("producer.transaction.timeout.ms", "7000");
        assertThat(StreamsSettings.transactionTimeoutMs(100)).isEqualTo(5000);
    }

    @Test
    void shouldGiveTheStoresMemtableBloomFiltersUnlessTheUserSetsTheirOwn() {
        assertThat(settings(Map.of()).toProperties())
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, MemtableBloom.class.getName());
        assertThat(settings(Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Own")).toProperties())
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Own");
    }

    @Test
    void shouldLetOverridesWin() {
        final Properties props = settings(Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0")).toProperties();

        assertThat(props).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
    }

    @Test
    void shouldMaskSecretsWhenDescribed() {
        final Map<String, String> shown = settings(Map.of("sasl.jaas.config", "x password=\"p\";")).describe();

        assertThat(shown).containsEntry("sasl.jaas.config", "****").containsEntry("coldchain.http.port", "-1");
    }

    /** The command as the launcher parses it, with {@code env} as the environment. */
    private static StreamsCommand parsed(final Map<String, String> env, final String... args) {
        final StreamsCommand command = new StreamsCommand();
        Configuration.install(new CommandLine(command), env).parseArgs(args);
        return command;
    }

    private static StreamsSettings resolved(final Map<String, String> env, final String... args) {
        return parsed(env, args).settings();
    }

    @Test
    void shouldListenOnLoopbackWithoutATokenByDefault() {
        final StreamsSettings settings = resolved(Map.of());

        assertThat(settings.httpBind()).isEqualTo("127.0.0.1");
        assertThat(settings.httpToken()).isNull();
        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.stateDir()).isEqualTo(StreamsSettings.defaultStateDir());
        assertThat(settings.describe()).containsEntry("coldchain.http.bind", "127.0.0.1")
                .containsEntry("coldchain.http.token", "(none)");
    }

    @Test
    void shouldResolveDefaultThenFileThenEnvironmentThenFlag(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("streams.properties"),
                "bootstrap.servers=file:9092\ncoldchain.topic.partitions=6\napplication.id=from-file\n");
        final Map<String, String> env = Map.of("COLDCHAIN_BOOTSTRAP_SERVERS", "env:9092",
                "COLDCHAIN_TOPIC_PARTITIONS", "9");

        assertThat(resolved(Map.of()).partitions()).isEqualTo(3);
        assertThat(resolved(Map.of(), "--config-file", file.toString()).partitions()).isEqualTo(6);
        assertThat(resolved(env, "--config-file", file.toString()).partitions()).isEqualTo(9);
        assertThat(resolved(env, "--config-file", file.toString(), "--partitions", "12").partitions()).isEqualTo(12);
        final StreamsSettings mixed = resolved(env, "--config-file", file.toString(), "--bootstrap-server", "flag:9092");
        assertThat(mixed.bootstrapServers()).isEqualTo("flag:9092");
        assertThat(mixed.applicationId()).isEqualTo("from-file");
        assertThat(resolved(Map.of("COLDCHAIN_CONFIG_FILE", file.toString())).applicationId()).isEqualTo("from-file");
    }

    @Test
    void shouldResolveBindAndTokenAlongTheOnePath(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("streams.properties"),
                "coldchain.http.bind=10.0.0.5\ncoldchain.http.token=from-file\n");

        final StreamsSettings fromFile = resolved(Map.of(), "--config-file", file.toString());
        final StreamsSettings fromEnv = resolved(Map.of("COLDCHAIN_HTTP_BIND", "0.0.0.0",
                "COLDCHAIN_HTTP_TOKEN", "from-env"), "--config-file", file.toString());
        final StreamsSettings fromFlags = resolved(Map.of("COLDCHAIN_HTTP_TOKEN", "from-env"),
                "--config-file", file.toString(), "--http-bind", "::1", "--http-token", "from-flag");

        assertThat(fromFile.httpBind()).isEqualTo("10.0.0.5");
        assertThat(fromFile.httpToken()).isEqualTo("from-file");
        assertThat(fromEnv.httpBind()).isEqualTo("0.0.0.0");
        assertThat(fromEnv.httpToken()).isEqualTo("from-env");
        assertThat(fromFlags.httpBind()).isEqualTo("::1");
        assertThat(fromFlags.httpToken()).isEqualTo("from-flag");
        assertThat(fromFile.toProperties()).doesNotContainKeys("coldchain.http.bind", "coldchain.http.token");
    }

    @Test
    void shouldPassEveryOtherKeyOfTheFileAndTheClientConfigToKafkaStreams(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("streams.properties"),
                "security.protocol=SASL_SSL\nmax.task.idle.ms=10\ncoldchain.http.port=-1\n");

        final Properties props = resolved(Map.of(), "--config-file", file.toString(), "--client-config",
                "max.task.idle.ms=20").toProperties();

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("max.task.idle.ms", "20")
                .doesNotContainKey("coldchain.http.port");
    }

    @Test
    void shouldStillTakeTheOldNamesOfTheClientConfigFlag() {
        final Properties props = resolved(Map.of(), "-D", "linger.ms=7", "--streams-config", "acks=1").toProperties();

        assertThat(props).containsEntry("producer.linger.ms", "5").containsEntry("linger.ms", "7")
                .containsEntry("acks", "1");
    }

    @Test
    void shouldNeverShowTheToken() {
        final StreamsSettings settings = resolved(Map.of("COLDCHAIN_HTTP_TOKEN", "t0ps3cret"));

        assertThat(settings.describe()).containsEntry("coldchain.http.token", "****");
        assertThat(settings.describe().toString()).doesNotContain("t0ps3cret");
        assertThat(settings.toString()).doesNotContain("t0ps3cret").contains("httpToken=****");
        assertThat(OpsHttpServer.Options.of(settings).toString()).doesNotContain("t0ps3cret");
    }

    @Test
    void shouldPrintTheResolvedConfigurationWithItsSourcesAndTheTokenMasked(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("streams.properties"),
                "application.id=from-file\nsasl.jaas.config=x required password=\"JaasPw\";\n");
        final StringWriter out = new StringWriter();
        final CommandLine cli = Configuration.install(new CommandLine(new StreamsCommand()),
                Map.of("COLDCHAIN_HTTP_TOKEN", "t0ps3cret"));
        cli.setOut(new PrintWriter(out, true));

        final int exit = cli.execute("--config-file", file.toString(), "--print-config", "--http-port", "9000");

        assertThat(exit).isZero();
        assertThat(out.toString()).doesNotContain("t0ps3cret", "JaasPw")
                .containsPattern("--http-token +\\*\\*\\*\\* +env COLDCHAIN_HTTP_TOKEN")
                .containsPattern("--http-port +9000 +flag")
                .containsPattern("--application-id +from-file +file .*streams.properties application.id")
                .containsPattern("--bootstrap-server +localhost:9092 +default")
                .containsPattern("sasl.jaas.config +\\*\\*\\*\\* +file");
    }

    @Test
    void shouldRunOneStreamThreadWithoutStandbysByDefault() {
        final StreamsSettings settings = resolved(Map.of());

        assertThat(settings.streamThreads()).isEqualTo(1);
        assertThat(settings.standbyReplicas()).isZero();
        assertThat(settings.toProperties()).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
    }

    @Test
    void shouldResolveThreadsAndStandbysAlongTheOnePath(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("streams.properties"),
                "num.stream.threads=2\nnum.standby.replicas=1\n");
        final Map<String, String> env = Map.of("COLDCHAIN_STREAM_THREADS", "3", "COLDCHAIN_STANDBY_REPLICAS", "2");

        final StreamsSettings fromFile = resolved(Map.of(), "--config-file", file.toString());
        final StreamsSettings fromEnv = resolved(env, "--config-file", file.toString());
        final StreamsSettings fromFlags = resolved(env, "--config-file", file.toString(), "--stream-threads", "4",
                "--standby-replicas", "0");

        assertThat(fromFile.toProperties()).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        assertThat(fromEnv.toProperties()).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "3")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "2");
        assertThat(fromFlags.toProperties()).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        assertThat(fromFlags.toString()).contains("streamThreads=4", "standbyReplicas=0");
    }

    @Test
    void shouldRefuseNoStreamThreadAndNegativeStandbysInOneLine() {
        assertThatThrownBy(() -> resolved(Map.of(), "--stream-threads", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--stream-threads (COLDCHAIN_STREAM_THREADS, num.stream.threads) must be at least 1, got 0");
        assertThatThrownBy(() -> resolved(Map.of("COLDCHAIN_STANDBY_REPLICAS", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--standby-replicas (COLDCHAIN_STANDBY_REPLICAS, num.standby.replicas) must be 0 or more, "
                        + "got -1");
    }

    @Test
    void shouldHandTheStateCacheSizeToTheProcessorsThroughTheStreamsConfigAndRefuseLessThanOne(@TempDir final Path dir)
            throws Exception {
        assertThat(resolved(Map.of()).toProperties()).containsEntry(StateCache.SHIPMENTS_CONFIG, "4096");
        final Path file = Files.writeString(dir.resolve("streams.properties"), "coldchain.state.cache.shipments=30000\n");

        final StreamsSettings fromFile = resolved(Map.of(), "--config-file", file.toString());
        final StreamsSettings fromFlag = resolved(Map.of("COLDCHAIN_STATE_CACHE_SHIPMENTS", "20000"),
                "--config-file", file.toString(), "--state-cache-shipments", "65536");

        assertThat(fromFile.toProperties()).containsEntry(StateCache.SHIPMENTS_CONFIG, "30000");
        assertThat(fromFlag.toProperties()).containsEntry(StateCache.SHIPMENTS_CONFIG, "65536");
        assertThat(resolved(Map.of("COLDCHAIN_STATE_CACHE_SHIPMENTS", "20000"), "--config-file", file.toString())
                .toProperties()).as("the environment over the file").containsEntry(StateCache.SHIPMENTS_CONFIG, "20000");
        assertThat(StateCache.shipmentsCapacity(fromFlag.toProperties())).isEqualTo(65_536);
        assertThatThrownBy(() -> resolved(Map.of(), "--state-cache-shipments", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--state-cache-shipments (COLDCHAIN_STATE_CACHE_SHIPMENTS, coldchain.state.cache.shipments) "
                        + "must be at least 1, got 0");
        assertThatThrownBy(() -> resolved(Map.of(), "--client-config", "coldchain.state.cache.shipments=lots"))
                .as("set as a client property, checked at once too").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coldchain.state.cache.shipments must be a whole number");
    }

    @Test
    void shouldPrintThreadsAndStandbysWithTheirSources() {
        final StringWriter out = new StringWriter();
        final CommandLine cli = Configuration.install(new CommandLine(new StreamsCommand()),
                Map.of("COLDCHAIN_STREAM_THREADS", "2"));
        cli.setOut(new PrintWriter(out, true));

        final int exit = cli.execute("--print-config", "--standby-replicas", "1");

        assertThat(exit).isZero();
        assertThat(out.toString()).containsPattern("--stream-threads +2 +env COLDCHAIN_STREAM_THREADS")
                .containsPattern("--standby-replicas +1 +flag");
    }

    @Test
    void shouldTreatABlankTokenAsNone() {
        assertThat(resolved(Map.of(), "--http-token", "  ").httpToken()).isNull();
    }

    @Test
    void shouldRefuseABindThatIsNotOneAddressAndAPortOutOfRange() {
        assertThatThrownBy(() -> resolved(Map.of(), "--http-bind", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-bind");
        assertThatThrownBy(() -> resolved(Map.of("COLDCHAIN_HTTP_BIND", "1.2.3.4 5.6.7.8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COLDCHAIN_HTTP_BIND");
        assertThatThrownBy(() -> resolved(Map.of(), "--http-port", "70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-port");
    }

    @Test
    void shouldTakeBindAndTokenAsFlags() {
        final StreamsCommand command = new StreamsCommand();

        new CommandLine(command).parseArgs("--http-bind", "0.0.0.0", "--http-token", "t");

        assertThat(command.httpBind).isEqualTo("0.0.0.0");
        assertThat(command.httpToken).isEqualTo("t");
    }

    @Test
    void shouldTakeTheDetectionSettingsFileAlongTheOnePath(@TempDir final Path dir) throws Exception {
        final Path fiveMinutes = Files.writeString(dir.resolve("a.yaml"), "temperature:\n  grace: 5m\n");
        final Path ninetySeconds = Files.writeString(dir.resolve("b.yaml"), "temperature:\n  grace: 90s\n");
        final String properties = Files.writeString(dir.resolve("streams.properties"),
                "coldchain.detection.settings=" + fiveMinutes + "\n").toString();
        final Map<String, String> env = Map.of("COLDCHAIN_DETECTION_SETTINGS", ninetySeconds.toString());

        assertThat(resolved(Map.of()).detection()).isEqualTo(DetectionSettings.defaults());
        assertThat(resolved(Map.of(), "--config-file", properties).detection().temperature().grace())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(resolved(env, "--config-file", properties).detection().temperature().grace())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(resolved(env, "--detection-settings", fiveMinutes.toString()).detection().temperature().grace())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRefuseABadDetectionSettingsFileBeforeAnythingStarts(@TempDir final Path dir) throws Exception {
        final Path bad = Files.writeString(dir.resolve("bad.yaml"), "route:\n  stops:\n    radiusMeters: 2 miles\n");

        assertThatThrownBy(() -> resolved(Map.of(), "--detection-settings", bad.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detection settings " + bad + ": route.stops.radiusMeters: '2 miles' has an unknown unit "
                        + "'miles' (metres: 500, 500m or 2km)");
    }

    @Test
    void shouldPrintTheDetectionSettingsInEffectAndExit(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("d.yaml"), "serial:\n  planWait: 12h\n");
        final StringWriter out = new StringWriter();
        final CommandLine cli = new CommandLine(new StreamsCommand());
        cli.setOut(new PrintWriter(out, true));

        final int exit = cli.execute("--detection-settings", file.toString(), "--print-detection-settings",
                "--bootstrap-server", "nowhere:1");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("planWait: 12h", "grace: 5m", "name: refrigerated-2-8");
        assertThat(DetectionSettingsFile.parse(out.toString(), "printed").serial().planWait())
                .isEqualTo(Duration.ofHours(12));
    }
}
