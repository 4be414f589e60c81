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
}
