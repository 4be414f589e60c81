package io.coldchain.sim.publish;

/**
 * When each event may be sent, on the {@link System#nanoTime()} scale: not before its event time scaled
 * by the speed (counted from the first event), and not before the rate cap's next slot. Slots advance on a
 * fixed schedule, so oversleeping is caught up rather than lost; after a stall the schedule restarts from
 * the present, so at most one event goes out early to make up for it.
 */
final class Pacer {

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
            nextSlotNanos = Math.max(nextSlotNanos + slotNanos, nowNanos);
        }
    }
}
