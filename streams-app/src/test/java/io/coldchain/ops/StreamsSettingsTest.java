package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.streams.DetectionSettings;
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
        return new StreamsSettings("broker:9092", "app", Path.of("state"), "coldchain.", 3, null,
                StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS, -1, overrides);
    }

    @Test
    void shouldRunExactlyOnceWithTheDeadLetterTopicAndTimestampSynchronisedTasks() {
        final Properties props = settings(Map.of()).toProperties();

        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "coldchain.errors.dead-letter")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "2000")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100")
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true")
                .containsEntry("main.consumer." + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true")
                // client ids (and so thread names and metric labels) without a random UUID
                .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "app");
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

    @Test
    void shouldListenOnLoopbackWithoutATokenByDefault() {
        final StreamsSettings settings = SettingsResolver.resolve(Map.of(), Map.of(), null, Map.of());

        assertThat(settings.httpBind()).isEqualTo("127.0.0.1");
        assertThat(settings.httpToken()).isNull();
        assertThat(settings.describe()).containsEntry("coldchain.http.bind", "127.0.0.1")
                .containsEntry("coldchain.http.token", "(none)");
    }

    @Test
    void shouldResolveBindAndTokenAlongTheOnePath(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("streams.properties"),
                "coldchain.http.bind=10.0.0.5\ncoldchain.http.token=from-file\n");

        final StreamsSettings fromFile = SettingsResolver.resolve(Map.of(), Map.of(), file, Map.of());
        final StreamsSettings fromEnv = SettingsResolver.resolve(Map.of(), Map.of("COLDCHAIN_HTTP_BIND", "0.0.0.0",
                "COLDCHAIN_HTTP_TOKEN", "from-env"), file, Map.of());
        final StreamsSettings fromFlags = SettingsResolver.resolve(Map.of(Setting.HTTP_BIND, "::1",
                Setting.HTTP_TOKEN, "from-flag"), Map.of("COLDCHAIN_HTTP_TOKEN", "from-env"), file, Map.of());

        assertThat(fromFile.httpBind()).isEqualTo("10.0.0.5");
        assertThat(fromFile.httpToken()).isEqualTo("from-file");
        assertThat(fromEnv.httpBind()).isEqualTo("0.0.0.0");
        assertThat(fromEnv.httpToken()).isEqualTo("from-env");
        assertThat(fromFlags.httpBind()).isEqualTo("::1");
        assertThat(fromFlags.httpToken()).isEqualTo("from-flag");
        assertThat(fromFile.toProperties()).doesNotContainKeys("coldchain.http.bind", "coldchain.http.token");
    }

    @Test
    void shouldNeverShowTheToken() {
        final StreamsSettings settings = SettingsResolver.resolve(Map.of(), Map.of("COLDCHAIN_HTTP_TOKEN", "t0ps3cret"),
                null, Map.of());

        assertThat(settings.describe()).containsEntry("coldchain.http.token", "****");
        assertThat(settings.describe().toString()).doesNotContain("t0ps3cret");
        assertThat(settings.toString()).doesNotContain("t0ps3cret").contains("httpToken=****");
        assertThat(OpsHttpServer.Options.of(settings).toString()).doesNotContain("t0ps3cret");
    }

    @Test
    void shouldTreatABlankTokenAsNone() {
        assertThat(SettingsResolver.resolve(Map.of(Setting.HTTP_TOKEN, "  "), Map.of(), null, Map.of()).httpToken())
                .isNull();
    }

    @Test
    void shouldRefuseABindThatIsNotOneAddressAndAPortOutOfRange() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(Setting.HTTP_BIND, " "), Map.of(), null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-bind");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(Setting.HTTP_BIND, "1.2.3.4 5.6.7.8"), Map.of(), null,
                Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COLDCHAIN_HTTP_BIND");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(Setting.HTTP_PORT, "70000"), Map.of(), null, Map.of()))
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
        final Path properties = Files.writeString(dir.resolve("streams.properties"),
                "coldchain.detection.settings=" + fiveMinutes + "\n");

        assertThat(SettingsResolver.resolve(Map.of(), Map.of(), null, Map.of()).detection())
                .isEqualTo(DetectionSettings.defaults());
        assertThat(SettingsResolver.resolve(Map.of(), Map.of(), properties, Map.of()).detection().temperature().grace())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(SettingsResolver.resolve(Map.of(), Map.of("COLDCHAIN_DETECTION_SETTINGS", ninetySeconds.toString()),
                properties, Map.of()).detection().temperature().grace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(SettingsResolver.resolve(Map.of(Setting.DETECTION_SETTINGS, fiveMinutes.toString()),
                Map.of("COLDCHAIN_DETECTION_SETTINGS", ninetySeconds.toString()), null, Map.of())
                .detection().temperature().grace()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRefuseABadDetectionSettingsFileBeforeAnythingStarts(@TempDir final Path dir) throws Exception {
        final Path bad = Files.writeString(dir.resolve("bad.yaml"), "route:\n  stops:\n    radiusMeters: 2 miles\n");

        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(Setting.DETECTION_SETTINGS, bad.toString()), Map.of(),
                null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detection settings " + bad + ": route.stops.radiusMeters: '2 miles' has an unknown unit "
                        + "'miles' (metres: 500, 500m or 2km)");
    }

    @Test
    void shouldPrintTheDetectionSettingsInEffectAndExit(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("d.yaml"), "serial:\n  planWait: 12h\n");
        final java.io.StringWriter out = new java.io.StringWriter();
        final CommandLine cli = new CommandLine(new StreamsCommand());
        cli.setOut(new java.io.PrintWriter(out, true));

        final int exit = cli.execute("--detection-settings", file.toString(), "--print-detection-settings",
                "--bootstrap-server", "nowhere:1");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("planWait: 12h", "grace: 5m", "name: refrigerated-2-8");
        assertThat(DetectionSettingsFile.parse(out.toString(), "printed").serial().planWait())
                .isEqualTo(Duration.ofHours(12));
    }
}
