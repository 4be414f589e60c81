package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("How far the inputs of a task fed through a repartition topic are known to have arrived")
class ArrivalFrontierTest {

    private static final long T = 1_800_000_000_000L;
    private static final long NONE = Long.MAX_VALUE;

    @Test
    void shouldFollowTheWallClockWithoutASignal() {
        final ArrivalFrontier arrived = new ArrivalFrontier();
        assertThat(arrived.advance(T, NONE, NONE)).isEqualTo(T);
        assertThat(arrived.advance(T + 1_000, NONE, NONE)).isEqualTo(T + 1_000);
        assertThat(arrived.frontier()).isEqualTo(T + 1_000);
    }

    @Test
    void shouldStayWhereTheUpstreamCommitsAreWhileATaskUpstreamRunsBehind() {
        final ArrivalFrontier arrived = new ArrivalFrontier();
        assertThat(arrived.advance(T, Long.MIN_VALUE, NONE)).as("nothing known yet").isEqualTo(Long.MIN_VALUE);
        for (long now = T + 1_000; now <= T + 60_000; now += 1_000) {
            assertThat(arrived.advance(now, T + 500, NONE)).as("at %d", now).isEqualTo(T + 500);
        }
        assertThat(arrived.advance(T + 61_000, T + 60_500, NONE)).as("caught up").isEqualTo(T + 60_500);
    }

    @Test
    void shouldCountWhatTheUpstreamCommitsCoveredOnlyOnceTheTaskHasReadItsPartitionPastThatCheck() {
        final ArrivalFrontier arrived = new ArrivalFrontier();
        arrived.advance(T, T, T);
        // Committed upstream by T + 1,000: on the repartition topic by then, but this task has read only what its
        // partition held at T + 500.
        assertThat(arrived.advance(T + 1_000, T + 900, T + 500)).isEqualTo(T);
        assertThat(arrived.advance(T + 2_000, T + 1_900, T + 999)).isEqualTo(T);
        assertThat(arrived.advance(T + 3_000, T + 2_900, T + 1_000)).as("read past the first check")
                .isEqualTo(T + 900);
        assertThat(arrived.advance(T + 4_000, T + 3_900, T + 4_000)).as("read past every check").isEqualTo(T + 3_900);
    }

    @Test
    void shouldNeverGoBackNorPastTheWallClock() {
        final ArrivalFrontier arrived = new ArrivalFrontier();
        assertThat(arrived.advance(T, T + 5_000, NONE)).as("no further than now").isEqualTo(T);
        assertThat(arrived.advance(T + 1_000, T - 10_000, NONE)).as("an older sample").isEqualTo(T);
        assertThat(arrived.advance(T + 2_000, NONE, NONE)).isEqualTo(T + 2_000);
        assertThat(arrived.advance(T + 3_000, T + 1_000, NONE)).as("the signal back after a gap").isEqualTo(T + 2_000);
    }
}
