package io.coldchain.sim.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTargetTest {

    @Test
    void shouldGiveTheProducerItsDefaultsTheServersAndTheClientSettingsButNotTheRegistrys() {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("compression.type", "lz4");
        settings.put("acks", "1");
        settings.put(AvroSerdes.AUTO_REGISTER, "false");
        settings.put(AvroSerdes.BASIC_AUTH_USER_INFO, "user:pw");
        final KafkaTarget target = new KafkaTarget("broker:9092", "t.", null, settings, false, Duration.ofSeconds(1));

        assertThat(target.producerConfig()).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("compression.type", "lz4").containsEntry("acks", "1")
                .containsEntry("client.id", "coldchain-producer-sim").containsEntry("enable.idempotence", true)
                .doesNotContainKeys(AvroSerdes.AUTO_REGISTER, AvroSerdes.BASIC_AUTH_USER_INFO);
    }

    @Test
    void shouldNameTheFourInputTopicsWithThePrefix() {
        final KafkaTarget target = new KafkaTarget("broker:9092", "t.", " ", Map.of(), false, Duration.ofSeconds(1));

        assertThat(target.hasSchemaRegistry()).isFalse();
        assertThat(KafkaTarget.topics(target.catalogue()).stream().map(TopicSpec::name))
                .containsExactly("t.shipment.plans", "t.telemetry.temperature", "t.telemetry.location", "t.custody.events");
        assertThat(KafkaTarget.topics(new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX,
                TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local())).get(0).name())
                .isEqualTo(TopicCatalogue.DEFAULT_PREFIX + "shipment.plans");
    }
}
