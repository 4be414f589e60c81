package io.coldchain.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.errors.UserError;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import org.junit.jupiter.api.Test;

class CaseTopicsTest {

    @Test
    void shouldPutACaseUnderTheLivePrefix() {
        final TopicCatalogue live = new TopicCatalogue("acme.", 3, AvroSerdes.local());

        assertThat(CaseTopics.livePrefix(live)).isEqualTo("acme.");
        assertThat(CaseTopics.prefix(CaseTopics.livePrefix(live), "shp-117_b")).isEqualTo("acme.cases.shp-117_b.");
        assertThat(new TopicCatalogue(CaseTopics.prefix("coldchain.", "x"), 3, AvroSerdes.local()).alerts().name())
                .isEqualTo("coldchain.cases.x.alerts");
    }

    @Test
    void shouldRefuseNamesThatWouldLeaveTheCasesTopics() {
        for (final String name : new String[] {"", "a.b", "../x", "with space", "x".repeat(65)}) {
            assertThatThrownBy(() -> CaseTopics.prefix("coldchain.", name)).as(name).isInstanceOf(UserError.class)
                    .hasMessageContaining("--case");
        }
    }
}
