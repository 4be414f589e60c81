package io.coldchain.sim.publish;

/**
 * When each event may be sent, on the {@link System#nanoTime()} scale: not before its event time scaled
 * by the speed (counted from the first event), and not before the rate cap's next slot, one slot after
 * the time the previous event was due. Sends that come later than they were due (a timed wait overshoots,
 * a send takes time) are caught up: the slots keep their schedule instead of starting again from the late
 * send, which, whenever the lateness exceeded a slot (100 µs at 10,000 events/s, about what a timed wait
 * overshoots by on a busy machine), sent two events per slot and lateness and fell short of the asked rate.
 * Lateness beyond {@link #CATCH_UP_NANOS} (a stall: a GC pause, the broker holding back) is forgiven: the
 * schedule goes on from that long before the late send, so at most that much of it goes out at once.
 * Waiting for the speed's schedule is not lateness: after a gap in event time the slots go on from the
 * event that ended it, one slot apart. Nano times are compared by difference only.
 */
final class Pacer {

    /** How far behind its schedule the rate cap catches up; a longer stall is forgiven. */
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

    /**
     * The nano time at which an event stamped {@code eventTimeMillis} is due; the publisher sends it at most
     * {@code Publisher.SEND_AHEAD_NANOS} before.
     */
    long dueNanos(final long eventTimeMillis) {
        long due = wallStartNanos; // already past: nano times may only be compared by difference
        if (!pacing.unpaced()) {
            due = wallStartNanos + Math.round((eventTimeMillis - simStartMillis) * 1e6 / pacing.speed());
        }
        if (pacing.capped()) {
            due = later(due, nextSlotNanos);
        }
        return due;
    }

    /** Records that an event due at {@code dueNanos} ({@link #dueNanos}) went out at {@code nowNanos}. */
    void sent(final long dueNanos, final long nowNanos) {
        if (pacing.capped()) {
            nextSlotNanos = later(dueNanos + slotNanos, nowNanos - CATCH_UP_NANOS);
        }
    }

    private static long later(final long a, final long b) {
        return b - a > 0 ? b : a;
    }
}
