package io.coldchain.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalKafkaSettingsTest {

    @Test
    void shouldDefaultToFreePortsTemporaryDirectoryAndLoopback() {
        final LocalKafkaSettings settings = LocalKafkaSettings.defaults();

        assertThat(settings.brokerPort()).isZero();
        assertThat(settings.controllerPort()).isZero();
        assertThat(settings.dataDir()).isNull();
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.overrides()).isEmpty();
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldCopyOverridesSoLaterChangesDoNotLeakIn() {
        final Map<String, String> overrides = new HashMap<>(Map.of("num.partitions", "6"));
        final LocalKafkaSettings settings = LocalKafkaSettings.builder().overrides(overrides)
                .override("log.retention.hours", "1").build();
        overrides.put("num.partitions", "9");

        assertThat(settings.overrides())
                .containsExactlyInAnyOrderEntriesOf(Map.of("num.partitions", "6", "log.retention.hours", "1"));
        assertThatThrownBy(() -> settings.overrides().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRoundTripThroughBuilder() {
        final LocalKafkaSettings settings = LocalKafkaSettings.builder().brokerPort(9092).controllerPort(9093)
                .dataDir(Path.of("/tmp/x")).host("localhost").override("a", "b")
                .startTimeout(Duration.ofSeconds(5)).build();

        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void shouldRejectInvalidPorts() {
        assertThatThrownBy(() -> LocalKafkaSettings.builder().brokerPort(70_000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokerPort");
        assertThatThrownBy(() -> LocalKafkaSettings.builder().brokerPort(9092).controllerPort(9092).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
    }

    @Test
    void shouldRejectAWildcardHostBecauseItIsAlsoAdvertised() {
        assertThatThrownBy(() -> LocalKafkaSettings.builder().host("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advertised");
    }

    @Test
    void shouldPutEveryDefaultBrokerPropertyInPlace() {
        assertThat(LocalKafka.DEFAULT_BROKER_PROPERTIES)
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("num.partitions", "3")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    }

    @Test
    void shouldOnlySetPropertiesTheBrokerKnows() {
        assertThat(kafka.server.KafkaConfig.configDef().names())
                .containsAll(LocalKafka.DEFAULT_BROKER_PROPERTIES.keySet());
    }
}
