package io.coldchain.sim.publish;

/**
 * When each event may be sent, on the {@link System#nanoTime()} scale: not before its event time scaled
 * by the speed (counted from the first event), and not before the rate cap's next slot. Slots advance on a
 * fixed schedule, so lateness is caught up rather than lost: a timed wait on Linux overshoots by some 50 to
 * 100 µs, as long as a slot at 10,000 events/s, and a schedule restarted at every late send capped the rate
 * at about half of what was asked. Lateness beyond {@link #CATCH_UP_NANOS} (a stall: a GC pause, the broker
 * holding back) is forgiven, so at most that much of the schedule goes out at once to make up for it.
 */
final class Pacer {

    /** How far behind its schedule the rate cap catches up; a longer stall restarts the schedule. */
    static final long CATCH_UP_NANOS = 50_000_000L;

    private final Pacing pacing;
    private final long simStartMillis;
    private final long wallStartNanos;
    private final long slotNanos;
    private long nextSlotNanos;

    Pacer(final Pacing pacing, final long simStartMillis, final long wallStartNanos) {
        this.pacing = pacing;
        this.simStartMillis = simStartMillis;
        this.wallStartNanos = wallStartNanos;
        this.slotNanos = pacing.capped() ? Math.max(1, Math.round(1e9 / pacing.maxEventsPerSecond())) : 0;
        this.nextSlotNanos = wallStartNanos;
    }

    /** The earliest nano time at which an event stamped {@code eventTimeMillis} may be sent. */
    long dueNanos(final long eventTimeMillis) {
        long due = wallStartNanos; // already past: nano times may only be compared by difference
        if (!pacing.unpaced()) {
            due = wallStartNanos + Math.round((eventTimeMillis - simStartMillis) * 1e6 / pacing.speed());
        }
        if (pacing.capped()) {
            due = Math.max(due, nextSlotNanos);
        }
        return due;
    }

    /** Records that an event went out at {@code nowNanos}. */
    void sent(final long nowNanos) {
        if (pacing.capped()) {
            nextSlotNanos = Math.max(nextSlotNanos + slotNanos, nowNanos - CATCH_UP_NANOS);
        }
    }
}
