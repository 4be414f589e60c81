package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

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
                .containsEntry("main.consumer." + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
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
}
