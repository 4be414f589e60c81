package io.coldchain.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.Severity;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The follower against a mock consumer: where it starts, when the backlog ends, what it skips. */
class AlertFollowerTest {

    private static final TopicSpec<String, Alert> TOPIC = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, 1,
            AvroSerdes.local()).alerts();
    private static final TopicPartition P0 = new TopicPartition(TOPIC.name(), 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
    private final List<Alert> shown = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private AlertFollower.Result run(final AlertFollower.Start start, final AlertSelection selection,
                                     final Runnable live) {
        return new AlertFollower(consumer, TOPIC.valueSerde().deserializer(), Duration.ofSeconds(1)).run(
                new AlertFollower.Plan(TOPIC.name(), null, start, false, false), selection, shown::add, live,
                problems::add);
    }

    private void topicWith(final byte[]... values) {
        final Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(TOPIC.name(), List.of(new PartitionInfo(TOPIC.name(), 0, node, new Node[] {node},
                new Node[] {node})));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, (long) values.length));
        consumer.schedulePollTask(() -> {
            for (int offset = 0; offset < values.length; offset++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC.name(), 0, offset, new byte[0], values[offset]));
            }
        });
    }

    private static byte[] bytes(final Alert alert) {
        return TOPIC.valueSerde().serializer().serialize(TOPIC.name(), alert);
    }

    @Test
    void shouldReadFromTheBeginningToTheEndSkippingTombstonesAndReportingWhatItCannotRead() {
        final Alert first = Alerts.alert("a", AlertStatus.OPEN, Severity.HIGH);
        final Alert second = Alerts.alert("b", AlertStatus.OPEN, Severity.LOW);
        topicWith(bytes(first), null, new byte[] {0, 1, 2}, bytes(second));
        final List<String> events = new ArrayList<>();

        final AlertFollower.Result result = run(AlertFollower.Start.BEGINNING, new AlertSelection(AlertFilter.all(),
                false), () -> events.add("live after " + shown.size()));

        assertThat(shown).containsExactly(first, second);
        assertThat(result).isEqualTo(new AlertFollower.Result(2, 1));
        assertThat(problems).singleElement().asString().startsWith("partition 0 offset 2: cannot read the alert, "
                + "skipped: ");
        assertThat(events).containsExactly("live after 2");
        assertThat(consumer.closed()).as("the caller closes it").isFalse();
    }

    @Test
    void shouldShowTheOpenAlertsOfTheBacklogOnceItIsRead() {
        final Alert resolved = Alerts.alert("a", AlertStatus.RESOLVED, Severity.HIGH);
        final Alert open = Alerts.alert("b", AlertStatus.OPEN, Severity.LOW);
        topicWith(bytes(Alerts.alert("a", AlertStatus.OPEN, Severity.HIGH)), bytes(open), bytes(resolved));
        final List<Integer> shownWhenLive = new ArrayList<>();

        run(AlertFollower.Start.BEGINNING, new AlertSelection(AlertFilter.all(), true),
                () -> shownWhenLive.add(shown.size()));

        assertThat(shown).containsExactly(open);
        assertThat(shownWhenLive).containsExactly(1);
    }

    @Test
    void shouldStartAtTheEndWhenAskedForNewAlertsOnly() {
        topicWith(bytes(Alerts.alert("a", AlertStatus.OPEN, Severity.HIGH)));

        final AlertFollower.Result result = run(AlertFollower.Start.END, new AlertSelection(AlertFilter.all(), false),
                () -> { });

        assertThat(shown).isEmpty();
        assertThat(result.shown()).isZero();
        assertThat(consumer.position(P0)).isEqualTo(1);
    }
}
