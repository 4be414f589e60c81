package io.coldchain.sim.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long SIM_START = 1_700_000_000_000L;
    private static final long WALL_START = 5_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldLetEverythingThroughWhenUnpaced() {
        final Pacer pacer = new Pacer(Pacing.UNPACED, SIM_START, WALL_START);
        assertThat(pacer.dueNanos(SIM_START + 86_400_000L)).isLessThanOrEqualTo(WALL_START);
    }

    @Test
    void shouldScaleEventTimeBySpeed() {
        final Pacer pacer = new Pacer(Pacing.timesRealTime(60), SIM_START, WALL_START);
        assertThat(pacer.dueNanos(SIM_START)).isEqualTo(WALL_START);
        assertThat(pacer.dueNanos(SIM_START + 60_000)).isEqualTo(WALL_START + SECOND);
        assertThat(pacer.dueNanos(SIM_START + 3_600_000)).isEqualTo(WALL_START + 60 * SECOND);
    }

    @Test
    void shouldSpaceEventsByTheRateCapAndMakeUpForAStallWithOneEventOnly() {
        final Pacer pacer = new Pacer(new Pacing(0, 10), SIM_START, WALL_START);
        assertThat(pacer.dueNanos(SIM_START)).isEqualTo(WALL_START);
        pacer.sent(WALL_START);
        assertThat(pacer.dueNanos(SIM_START)).isEqualTo(WALL_START + SECOND / 10);
        pacer.sent(WALL_START + SECOND / 10 + 3_000);
        assertThat(pacer.dueNanos(SIM_START)).as("oversleep is caught up").isEqualTo(WALL_START + 2 * SECOND / 10);

        pacer.sent(WALL_START + 5 * SECOND);
        assertThat(pacer.dueNanos(SIM_START)).isEqualTo(WALL_START + 5 * SECOND);
        pacer.sent(WALL_START + 5 * SECOND);
        assertThat(pacer.dueNanos(SIM_START)).isEqualTo(WALL_START + 5 * SECOND + SECOND / 10);
    }

    @Test
    void shouldHonourTheSlowerOfSpeedAndRate() {
        final Pacer pacer = new Pacer(new Pacing(60, 1), SIM_START, WALL_START);
        pacer.sent(WALL_START);
        assertThat(pacer.dueNanos(SIM_START + 6_000)).isEqualTo(WALL_START + SECOND);
        assertThat(pacer.dueNanos(SIM_START + 600_000)).isEqualTo(WALL_START + 10 * SECOND);
    }
}
