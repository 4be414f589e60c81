package io.coldchain.sim.network;

import io.coldchain.sim.SimEvent;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.incidents.Injection;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.model.ShipmentEvents;
import io.coldchain.sim.model.ShipmentRun;
import io.coldchain.sim.model.ShipmentScenario;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Holds a shipment's events back the way a real network does and hands them on in the order they reach
 * the broker: random delays within {@link Realism#reorderWithin()}, redelivered copies (and the logger's
 * duplicate readings), records uploaded together when a connectivity gap or a confounder's blip ends, a
 * logger's readings uploaded in batches, newest first ({@link Conventions#batchUploadShare()}). Plans are
 * never held back.
 *
 * <p>The shipment's own events come in the order they happen, each no earlier than the previous one, and a
 * record never reaches the broker before it happens; so a held-back record can be handed on as soon as the
 * next event to happen is later than its arrival. The buffer holds at most the records of the longest delay.
 */
public final class NetworkShaper implements ShipmentEvents {

    /** Share of readings and fixes a {@link IncidentType#REDELIVERED_EVENTS} shipment delivers twice. */
    static final double REDELIVERED_TELEMETRY_SHARE = 0.05;
    static final long MIN_REDELIVERY_DELAY = 10_000;
    static final long MAX_REDELIVERY_DELAY = 10 * 60_000;
    /** Longest a batch-uploaded reading waits: the longest batch period and its newest-first spread. */
    public static final long MAX_BATCH_HOLD = 150_000 + 150;

    private record Held(SimEvent event, long sequence) {
    }

    private final ShipmentRun run;
    private final Realism realism;
    private final Injection injection;
    private final ShipmentScenario.Connectivity connectivity;
    private final ShipmentScenario.Habits habits;
    private final long batchOrigin;
    private final SplittableRandom rng;
    private final long reorderMillis;
    private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> {
        final int byTime = Long.compare(a.event().arrivalTime(), b.event().arrivalTime());
        return byTime != 0 ? byTime : Long.compare(a.sequence(), b.sequence());
    });
    private long sequence;

    /**
     * The events of {@code run} as they reach the broker: {@code run} itself when nothing about the shipment, its
     * devices or the network holds a record back, else shaped by a generator seeded with {@code seed}.
     */
    public static ShipmentEvents shape(final ShipmentRun run, final ShipmentScenario scenario, final Realism realism,
                                       final long seed) {
        final Injection injection = scenario.injection();
        final ShipmentScenario.Connectivity connectivity = scenario.connectivity();
        final ShipmentScenario.Habits habits = scenario.habits();
        final boolean delayed = realism.delaysDelivery() || injection.redeliver() || injection.loggerBlip() != null
                || injection.trackerBlip() != null || connectivity.loggerGap() != null
                || connectivity.trackerGap() != null || habits.batchPeriodMillis() > 0 || habits.duplicateRate() > 0;
        return delayed ? new NetworkShaper(run, scenario, realism, seed) : run;
    }

    /** The longest a record of {@code settings} can reach the broker after its event time. */
    public static long longestHoldUp(final SimulationSettings settings) {
        final Realism realism = settings.realism();
        final Conventions conventions = settings.conventions();
        final boolean redelivery = realism.duplicateRate() > 0 || conventions.duplicateReadingRate() > 0
                || settings.incidents().cycleAll()
                || settings.incidents().rates().containsKey(IncidentType.REDELIVERED_EVENTS);
        final long batches = conventions.batchUploadShare() > 0 ? MAX_BATCH_HOLD : 0;
        return realism.reorderWithin().toMillis() + (redelivery ? MAX_REDELIVERY_DELAY : 0) + batches;
    }

    private NetworkShaper(final ShipmentRun run, final ShipmentScenario scenario, final Realism realism,
                          final long seed) {
        this.run = run;
        this.realism = realism;
        this.injection = scenario.injection();
        this.connectivity = scenario.connectivity();
        this.habits = scenario.habits();
        this.batchOrigin = scenario.departure();
        this.rng = new SplittableRandom(seed);
        this.reorderMillis = realism.reorderWithin().toMillis();
    }

    @Override
    public int index() {
        return run.index();
    }

    @Override
    public boolean hasNext() {
        return !held.isEmpty() || run.hasNext();
    }

    @Override
    public long peekTime() {
        fill();
        return held.peek().event().arrivalTime();
    }

    @Override
    public SimEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more events");
        }
        fill();
        return held.poll().event();
    }

    /** Takes events from the run until the earliest held one can no longer be overtaken. */
    private void fill() {
        while (run.hasNext() && (held.isEmpty() || run.peekTime() < held.peek().event().arrivalTime())) {
            shape(run.next());
        }
    }

    private void shape(final SimEvent event) {
        final long happened = event.arrivalTime();
        if (event.kind() == SimEvent.Kind.SHIPMENT_PLAN) {
            hold(event);
            return;
        }
        final long arrival = arrival(event, happened);
        hold(arrival == happened ? event : event.arrivingAt(arrival));
        if (redelivered(event)) {
            final long again = arrival + rng.nextLong(MIN_REDELIVERY_DELAY, MAX_REDELIVERY_DELAY + 1);
            hold(event instanceof SimEvent.Custody custody ? custody.redelivered(again) : event.arrivingAt(again));
        }
    }

    private long arrival(final SimEvent event, final long happened) {
        final Injection.Window window = switch (event.kind()) {
            case TEMPERATURE_READING -> firstContaining(happened, injection.loggerBlip(), connectivity.loggerGap());
            case LOCATION_FIX -> firstContaining(happened, injection.trackerBlip(), connectivity.trackerGap());
            default -> null;
        };
        if (window != null) {
            return window.to();
        }
        final long batch = habits.batchPeriodMillis();
        if (batch > 0 && event.kind() == SimEvent.Kind.TEMPERATURE_READING) {
            // The batch goes up when its period ends, its readings newest first, a millisecond per second apart.
            final long upload = batchOrigin + (Math.floorDiv(happened - batchOrigin, batch) + 1) * batch;
            return upload + (upload - happened) / 1000;
        }
        return reorderMillis == 0 ? happened : happened + rng.nextLong(0, reorderMillis + 1);
    }

    private static Injection.Window firstContaining(final long time, final Injection.Window a,
                                                    final Injection.Window b) {
        if (a != null && a.contains(time)) {
            return a;
        }
        return b != null && b.contains(time) ? b : null;
    }

    private boolean redelivered(final SimEvent event) {
        if (injection.redeliver()) {
            return event.kind() == SimEvent.Kind.CUSTODY_EVENT || rng.nextDouble() < REDELIVERED_TELEMETRY_SHARE;
        }
        if (realism.duplicateRate() > 0 && rng.nextDouble() < realism.duplicateRate()) {
            return true;
        }
        return habits.duplicateRate() > 0 && event.kind() == SimEvent.Kind.TEMPERATURE_READING
                && rng.nextDouble() < habits.duplicateRate();
    }

    private void hold(final SimEvent event) {
        held.add(new Held(event, sequence++));
    }
}
