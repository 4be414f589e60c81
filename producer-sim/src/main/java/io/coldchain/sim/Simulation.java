package io.coldchain.sim;

import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.model.ShipmentEvents;
import io.coldchain.sim.model.ShipmentFactory;
import io.coldchain.sim.model.ShipmentScenario;
import io.coldchain.sim.network.NetworkShaper;
import io.coldchain.sim.network.Realism;
import io.coldchain.sim.publish.Pacing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The events of a whole simulation, in the order they reach the broker (arrival time: event time on a
 * perfect network, see {@link Realism}), generated lazily, and its ground truth.
 *
 * <p>Every shipment is an iterator over its own events; a min-heap holds one iterator per shipment
 * and always yields the earliest head, ties going to the lower shipment index. Memory grows with the
 * number of shipments (a few KB each), never with the number of events. Every plan is issued at or before the
 * simulation start (a day at most before it) and every truck leaves at least a minute after it, so all first
 * plans come before any telemetry; revisions come in transit.
 */
public final class Simulation {

    private Simulation() {
    }

    /** The events of {@code settings} in arrival order, lazily; each call starts afresh. */
    public static Stream<SimEvent> events(final SimulationSettings settings) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(settings),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The events of {@code settings} in arrival order, as an iterator; each call starts afresh. */
    public static Iterator<SimEvent> iterator(final SimulationSettings settings) {
        return new Merged(settings);
    }

    /** The shipments of {@code settings}, without their telemetry. */
    public static Stream<ShipmentScenario> scenarios(final SimulationSettings settings) {
        final ShipmentFactory factory = new ShipmentFactory(settings);
        return Stream.iterate(1, k -> k <= settings.shipments(), k -> k + 1).map(factory::scenario);
    }

    /**
     * The ground truth of {@code settings}: one label per injected incident or confounder, in shipment order.
     * Needs no events to be generated.
     */
    public static Stream<IncidentLabel> labels(final SimulationSettings settings) {
        return scenarios(settings).flatMap(s -> s.incident().stream());
    }

    /**
     * Simulated time from the start to the last event (the last custody scan), plus the longest time a record
     * can be held up on the way to the broker ({@link Realism}).
     */
    public static Duration span(final SimulationSettings settings) {
        final long start = settings.start().toEpochMilli();
        final long last = scenarios(settings).mapToLong(ShipmentScenario::lastEventTime).max().orElse(start);
        return Duration.ofMillis(last - start + NetworkShaper.longestHoldUp(settings));
    }

    /**
     * A start time that keeps every record timestamp at or before the wall clock when published at
     * {@code pacing}: the simulation is placed in the past by the time it gains on the wall clock, so its
     * last event lands about when the run ends. Brokers reject records more than
     * {@code message.timestamp.after.max.ms} (one hour by default since Kafka 4.0) in the future, and
     * delete those older than the retention, so "now" is the only safe anchor for a run faster than real
     * time. At real-time speed or slower this is {@code now}; unpaced it is {@code now - span}. Truncated
     * to the minute.
     */
    public static Instant anchoredStart(final SimulationSettings settings, final Pacing pacing, final Instant now) {
        return anchoredStart(span(settings), pacing, now);
    }

    /** {@link #anchoredStart(SimulationSettings, Pacing, Instant)} for a simulation lasting {@code span}. */
    public static Instant anchoredStart(final Duration span, final Pacing pacing, final Instant now) {
        return now.minus(lead(span, pacing)).truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * How far the event time of a simulation lasting {@code span}, published at {@code pacing} from its
     * first event on, gets ahead of the wall clock by its end (zero at real time or slower).
     */
    public static Duration lead(final Duration span, final Pacing pacing) {
        final double gain = pacing.unpaced() ? 1 : Math.max(0, 1 - 1 / pacing.speed());
        return Duration.ofMillis((long) Math.ceil(span.toMillis() * gain));
    }

    /**
     * The shipments' streams merged by arrival time, ties to the lower shipment index: a binary min-heap kept in three
     * arrays moved together (the next arrival time, the shipment index, the stream), so a comparison reads two
     * neighbouring longs instead of two objects scattered over the heap, and the stream just read is sifted down once
     * in place instead of being taken out and put back. At 65,000 shipments a {@code PriorityQueue} of heads spent a
     * seventh of the simulator's CPU in its comparisons (docs/BENCHMARKS.md). The order is the same: (time, index) is
     * unique per stream, so the earliest head is one and the same whatever the heap's shape.
     */
    private static final class Merged implements Iterator<SimEvent> {

        private final long[] times;
        private final int[] indexes;
        private final ShipmentEvents[] streams;
        private int size;

        Merged(final SimulationSettings settings) {
            final ShipmentFactory factory = new ShipmentFactory(settings);
            final int shipments = Math.max(0, settings.shipments());
            this.times = new long[shipments];
            this.indexes = new int[shipments];
            this.streams = new ShipmentEvents[shipments];
            for (int k = 1; k <= shipments; k++) {
                final ShipmentEvents events = factory.run(k);
                if (events.hasNext()) {
                    place(size++, events.peekTime(), events.index(), events);
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        @Override
        public boolean hasNext() {
            return size > 0;
        }

        @Override
        public SimEvent next() {
            if (size == 0) {
                throw new NoSuchElementException("simulation finished");
            }
            final ShipmentEvents head = streams[0];
            final SimEvent event = head.next();
            if (head.hasNext()) {
                times[0] = head.peekTime();
            } else {
                size--;
                place(0, times[size], indexes[size], streams[size]);
                streams[size] = null;
            }
            if (size > 0) {
                siftDown(0);
            }
            return event;
        }

        /** Moves the entry at {@code i} down to where neither child is earlier. */
        private void siftDown(final int i) {
            final long time = times[i];
            final int index = indexes[i];
            final ShipmentEvents stream = streams[i];
            int at = i;
            int child = 2 * at + 1;
            while (child < size) {
                final int right = child + 1;
                if (right < size && earlier(times[right], indexes[right], times[child], indexes[child])) {
                    child = right;
                }
                if (!earlier(times[child], indexes[child], time, index)) {
                    break;
                }
                place(at, times[child], indexes[child], streams[child]);
                at = child;
                child = 2 * at + 1;
            }
            place(at, time, index, stream);
        }

        /** One heap entry: the three arrays move together. */
        private void place(final int at, final long time, final int index, final ShipmentEvents stream) {
            times[at] = time;
            indexes[at] = index;
            streams[at] = stream;
        }

        private static boolean earlier(final long time, final int index, final long otherTime, final int otherIndex) {
            return time != otherTime ? time < otherTime : index < otherIndex;
        }
    }
}
