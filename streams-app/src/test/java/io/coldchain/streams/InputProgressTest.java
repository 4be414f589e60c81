package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Whether a task has read what its input partition held, from the broker's samples")
class InputProgressTest {

    private static final TopicPartition READINGS = new TopicPartition("coldchain.temperature-readings", 2);
    private static final long T = 1_800_000_000_000L;

    @Test
    void shouldCountEveryPartitionAsReadWithoutASampler() {
        assertThat(InputProgress.ALL_AT_ONCE.readPast(READINGS, T, 0, T + 1_000)).isTrue();
        InputProgress.ALL_AT_ONCE.watch(READINGS);
        assertThat(InputProgress.ALL_AT_ONCE.watched()).isEmpty();
    }

    @Test
    void shouldNotCountAPartitionAsReadUntilItsEndAtTheFirstSampleSinceHasBeenReached() {
        final InputProgress progress = InputProgress.create();
        progress.watch(READINGS);
        progress.sampled(READINGS, T - 500, 100, -1); // before the time asked about: says nothing of it
        assertThat(progress.readPast(READINGS, T, 100, T + 100)).as("no sample since").isFalse();

        progress.sampled(READINGS, T + 1_000, 5_000, 40);
        progress.sampled(READINGS, T + 2_000, 9_000, 40);
        assertThat(progress.readPast(READINGS, T, 100, T + 2_500)).as("4,900 records still to read").isFalse();
        assertThat(progress.readPast(READINGS, T, 4_999, T + 2_500)).as("one record still to read").isFalse();
        assertThat(progress.readPast(READINGS, T, 5_000, T + 2_500)).isTrue();
        assertThat(progress.readPast(READINGS, T + 1_500, 5_000, T + 2_500))
                .as("since later: the later sample's end counts").isFalse();
        assertThat(progress.readPast(READINGS, T + 1_500, 9_000, T + 2_500)).isTrue();
        assertThat(progress.readUpTo(READINGS, 5_000, T + 2_500)).as("one question for every arrival")
                .isEqualTo(T + 1_000);
        assertThat(progress.readUpTo(READINGS, 4_999, T + 2_500)).as("read past the sample before T alone")
                .isEqualTo(T - 500);
        assertThat(progress.readUpTo(READINGS, 99, T + 2_500)).as("read past none").isEqualTo(Long.MIN_VALUE);
        assertThat(progress.readUpTo(READINGS, 4_999, T + 2_500 + InputProgress.STALE_MILLIS))
                .as("no recent sample: no signal").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldCountTheApplicationsCommitAsRead() {
        // Records refused before the processor (invalid ones go to the dead-letter topic) are read all the same.
        final InputProgress progress = InputProgress.create();
        progress.watch(READINGS);
        progress.sampled(READINGS, T + 1_000, 5_000, 3_000);
        assertThat(progress.readPast(READINGS, T, 2_000, T + 1_500)).isFalse();
        progress.sampled(READINGS, T + 2_000, 6_000, 5_000);
        assertThat(progress.readPast(READINGS, T, 2_000, T + 2_500)).as("committed past the first end").isTrue();
        assertThat(progress.readPast(READINGS, T + 1_500, 2_000, T + 2_500)).isFalse();
    }

    @Test
    void shouldJudgeAsWithoutTheSignalWhenTheSamplesStop() {
        final InputProgress progress = InputProgress.create();
        progress.watch(READINGS);
        assertThat(progress.readPast(READINGS, T, 0, T)).as("not sampled yet").isTrue();
        progress.sampled(READINGS, T + 1_000, 5_000, -1);
        assertThat(progress.readPast(READINGS, T, 0, T + 1_000 + InputProgress.STALE_MILLIS)).isFalse();
        assertThat(progress.readPast(READINGS, T, 0, T + 1_001 + InputProgress.STALE_MILLIS))
                .as("the sampler stopped answering a minute ago").isTrue();
        assertThat(progress.readPast(new TopicPartition("other", 0), T, 0, T + 1_000)).as("not watched").isTrue();
        assertThat(progress.readPast(null, T, 0, T + 1_000)).as("nothing read yet").isTrue();
    }

    @Test
    void shouldKeepSamplesOnlyAsLongAsAnyWaitAsksAboutThem() {
        final InputProgress progress = InputProgress.create();
        progress.watch(READINGS);
        progress.sampled(READINGS, T, 10, -1);
        progress.sampled(READINGS, T + InputProgress.KEEP_MILLIS + 1, 20, -1);
        // The first sample is gone: asking about a time before it now uses the oldest kept, a later one.
        assertThat(progress.readPast(READINGS, T - 1, 10, T + InputProgress.KEEP_MILLIS + 2)).isFalse();
        assertThat(progress.readPast(READINGS, T - 1, 20, T + InputProgress.KEEP_MILLIS + 2)).isTrue();
        progress.sampled(new TopicPartition("unwatched", 0), T, 1, -1);
        assertThat(progress.watched()).containsExactly(READINGS);
    }

    private static final String CUSTODY = "coldchain.custody-events";

    @Test
    void shouldCountATopicWatchedWholeAsCommittedUpToItsLeastCommittedPartition() {
        final InputProgress progress = InputProgress.create();
        progress.watchTopic(CUSTODY, T);
        assertThat(progress.watchedTopics()).containsExactly(CUSTODY);
        assertThat(progress.committedUpTo(CUSTODY, T + 500)).as("not described yet, just after the start: unknown")
                .isEqualTo(Long.MIN_VALUE);
        progress.described(CUSTODY, 3);
        assertThat(progress.watched()).containsExactlyInAnyOrder(new TopicPartition(CUSTODY, 0),
                new TopicPartition(CUSTODY, 1), new TopicPartition(CUSTODY, 2));
        for (int p = 0; p < 3; p++) {
            progress.sampled(new TopicPartition(CUSTODY, p), T + 1_000, 50, 50);
        }
        progress.sampled(new TopicPartition(CUSTODY, 1), T + 2_000, 60, 50);
        progress.sampled(new TopicPartition(CUSTODY, 2), T + 2_000, 0, -1); // never written, never committed
        assertThat(progress.committedUpTo(CUSTODY, T + 2_500)).as("partition 1 has ten records not committed")
                .isEqualTo(T + 1_000);
        progress.sampled(new TopicPartition(CUSTODY, 1), T + 3_000, 70, 60);
        progress.sampled(new TopicPartition(CUSTODY, 0), T + 3_000, 50, 50);
        progress.sampled(new TopicPartition(CUSTODY, 2), T + 3_000, 0, -1);
        assertThat(progress.committedUpTo(CUSTODY, T + 3_500)).as("the least of the three").isEqualTo(T + 2_000);
    }

    @Test
    void shouldWaitForTheFirstSamplesOfATopicWatchedWholeOnlyForAMinuteAfterItWasWatched() {
        final InputProgress progress = InputProgress.create();
        progress.watchTopic(CUSTODY, T);
        progress.described(CUSTODY, 2);
        progress.sampled(new TopicPartition(CUSTODY, 0), T + 1_000, 10, 10);
        assertThat(progress.committedUpTo(CUSTODY, T + 1_500)).as("partition 1 not sampled yet").isEqualTo(Long.MIN_VALUE);
        assertThat(progress.committedUpTo(CUSTODY, T + InputProgress.STALE_MILLIS))
                .as("a minute on, partition 1 without a sample counts as read; partition 0 as its sample says")
                .isEqualTo(T + 1_000);
        final InputProgress undescribed = InputProgress.create();
        undescribed.watchTopic(CUSTODY, T);
        assertThat(undescribed.committedUpTo(CUSTODY, T + InputProgress.STALE_MILLIS)).as("never described: no signal")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(progress.committedUpTo("coldchain.other", T)).as("not watched").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldWatchNoTopicWithoutASampler() {
        InputProgress.ALL_AT_ONCE.watchTopic(CUSTODY, T);
        InputProgress.ALL_AT_ONCE.described(CUSTODY, 3);
        assertThat(InputProgress.ALL_AT_ONCE.watchedTopics()).isEmpty();
        assertThat(InputProgress.ALL_AT_ONCE.watched()).isEmpty();
        assertThat(InputProgress.ALL_AT_ONCE.committedUpTo(CUSTODY, T)).isEqualTo(Long.MAX_VALUE);
    }
}
