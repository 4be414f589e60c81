package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.errors.UserError;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("coldchain streams refuses to start on inputs that are not co-partitioned")
class CopartitioningIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldRefuseInputsWithDifferentPartitionCountsAndAcceptTheSameCounts() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            final TopicCatalogue skewed = new TopicCatalogue("skewed.", 3, AvroSerdes.local());
            try (Admin admin = kafka.createAdmin()) {
                // The custody topic exists first with twice the partitions: created by hand, as an operator might.
                admin.createTopics(List.of(new NewTopic(skewed.custodyEvents().name(), 6, (short) 1))).all().get();
            }
            kafka.createTopics(skewed);

            assertThatThrownBy(() -> StreamsCommand.prepareCluster(settings(kafka, "skewed."), false, (short) -1))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("not co-partitioned")
                    .hasMessageContaining(skewed.custodyEvents().name() + ": 6")
                    .hasMessageContaining(skewed.shipmentPlans().name() + ": 3")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

            final TopicCatalogue even = new TopicCatalogue("even.", 3, AvroSerdes.local());
            kafka.createTopics(even);
            assertThatCode(() -> StreamsCommand.prepareCluster(settings(kafka, "even."), false, (short) -1))
                    .doesNotThrowAnyException();
        }
    }

    private StreamsSettings settings(final LocalKafka kafka, final String prefix) {
        return StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers()).applicationId("copartitioning-it")
                .stateDir(stateDir).topicPrefix(prefix).partitions(3).httpPort(-1).build();
    }
}
