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
    void shouldSpaceEventsByTheRateCapAndCatchUpWhenLate() {
        final Pacer pacer = new Pacer(new Pacing(0, 10), SIM_START, WALL_START);
        assertThat(pacer.dueNanos(SIM_START)).isEqualTo(WALL_START);
        pacer.sent(WALL_START, WALL_START);
        final long second = pacer.dueNanos(SIM_START);
        assertThat(second).isEqualTo(WALL_START + SECOND / 10);
        pacer.sent(second, second + 3_000);
        assertThat(pacer.dueNanos(SIM_START)).as("oversleep is caught up").isEqualTo(WALL_START + 2 * SECOND / 10);
    }

    @Test
    void shouldKeepTheAskedRateWhenEveryWaitOvershootsASlot() {
        // 10,000 events/s: a 100 µs slot, and every wait ending 150 µs late, as timed waits on a busy machine do.
        final Pacer pacer = new Pacer(new Pacing(0, 10_000), SIM_START, WALL_START);
        long now = WALL_START;
        for (int i = 0; i < 10_000; i++) {
            final long due = pacer.dueNanos(SIM_START);
            if (due - now > 0) {
                now = due + 150_000;
            }
            pacer.sent(due, now);
        }
        assertThat(now - WALL_START).as("10,000 events in about a second, not in 1.25 s")
                .isBetween(SECOND - SECOND / 100, SECOND + SECOND / 100);
    }

    @Test
    void shouldMakeUpForAStallWithAtMostTheCatchUpWindow() {
        final long slot = SECOND / 1000;
        final Pacer pacer = new Pacer(new Pacing(0, 1000), SIM_START, WALL_START);
        pacer.sent(WALL_START, WALL_START);
        final long afterStall = WALL_START + 5 * SECOND;
        int immediately = 0;
        long due = pacer.dueNanos(SIM_START);
        while (due - afterStall <= 0 && immediately < 10_000) {
            pacer.sent(due, afterStall);
            immediately++;
            due = pacer.dueNanos(SIM_START);
        }
        // The event that was due, then the 50 ms window's slots up to and including this very instant.
        assertThat(immediately).as("events sent at once after a 5 s stall: the 50 ms window's, not 5 s worth")
                .isEqualTo(1 + (int) (Pacer.CATCH_UP_NANOS / slot) + 1);
        assertThat(due).isEqualTo(afterStall + slot);
    }

    @Test
    void shouldNotTakeAGapInEventTimeForLatenessToCatchUp() {
        // 60 times real time, at most 1,000 events/s: after a gap of one second in the speed's schedule, the events
        // that follow at once in event time go out one slot apart, not 50 ms of slots in a burst.
        final long slot = SECOND / 1000;
        final Pacer pacer = new Pacer(new Pacing(60, 1000), SIM_START, WALL_START);
        pacer.sent(pacer.dueNanos(SIM_START), WALL_START);
        final long afterGap = SIM_START + 60_000; // one second of wall clock at 60 x
        long now = WALL_START;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 5; i++) {
            final long due = pacer.dueNanos(afterGap);
            if (due - now > 0) {
                now = due;
            }
            if (i > 0) {
                assertThat(now - previous).as("event %d after the gap", i).isEqualTo(slot);
            }
            previous = now;
            pacer.sent(due, now);
        }
        assertThat(previous).isEqualTo(WALL_START + SECOND + 4 * slot);
    }

    @Test
    void shouldHonourTheSlowerOfSpeedAndRate() {
        final Pacer pacer = new Pacer(new Pacing(60, 1), SIM_START, WALL_START);
        pacer.sent(WALL_START, WALL_START);
        assertThat(pacer.dueNanos(SIM_START + 6_000)).isEqualTo(WALL_START + SECOND);
        assertThat(pacer.dueNanos(SIM_START + 600_000)).isEqualTo(WALL_START + 10 * SECOND);
    }
}
