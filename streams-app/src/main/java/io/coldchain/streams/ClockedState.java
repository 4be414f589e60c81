package io.coldchain.streams;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a reordering detector keeps for one shipment, as one value of its state store: how far the shipment's events
 * of its kind have arrived and been judged ({@link EventClock}), and the rules' state (none before the first event
 * the rules kept anything for).
 *
 * <p>One value rather than a store each: an event moves the clock and, almost always, the state; as two stores that was
 * two changelog records, two RocksDB writes and two encodings per event, as one it is one (docs/BENCHMARKS.md,
 * "Lever 21").
 *
 * <p>A value read from the store decodes its clock at once and its state only when asked ({@link #state()}): the other
 * detector reads this store for the clock alone (how far this kind of events has arrived), and a state can be kilobytes.
 * A value whose state was never asked for is written back with the very bytes it was read with.
 *
 * @param <S> the rules' state type
 */
public final class ClockedState<S> {

    private final EventClock clock;
    private S state;
    /** The state's encoded form while it has not been decoded, else null. */
    private byte[] encodedState;
    private final Function<byte[], S> decoder;

    private ClockedState(final EventClock clock, final S state, final byte[] encodedState,
                         final Function<byte[], S> decoder) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = state;
        this.encodedState = encodedState;
        this.decoder = decoder;
    }

    /** @param state the rules' state, or null for none */
    public static <S> ClockedState<S> of(final EventClock clock, final S state) {
        return new ClockedState<>(clock, state, null, null);
    }

    /** A value read from a store: its state decoded by {@code decoder} when first asked for; null bytes for none. */
    static <S> ClockedState<S> encoded(final EventClock clock, final byte[] encodedState, final Function<byte[], S> decoder) {
        return encodedState == null ? of(clock, null) : new ClockedState<>(clock, null, encodedState, decoder);
    }

    public EventClock clock() {
        return clock;
    }

    /** The rules' state, decoded once on first call; null when there is none. */
    public synchronized S state() {
        if (encodedState != null) {
            state = decoder.apply(encodedState);
            encodedState = null;
        }
        return state;
    }

    public synchronized boolean hasState() {
        return encodedState != null || state != null;
    }

    /** This value with another clock; the state as it is, still encoded if it has not been decoded. */
    public synchronized ClockedState<S> withClock(final EventClock next) {
        return new ClockedState<>(next, state, encodedState, decoder);
    }

    /** This value with another state ({@code null} for none). */
    public ClockedState<S> withState(final S next) {
        return of(clock, next);
    }

    /** The state's bytes as read, when it was never decoded; else null (then {@link #state()} is what to encode). */
    synchronized byte[] undecodedState() {
        return encodedState;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ClockedState<?> that && clock.equals(that.clock) && Objects.equals(state(), that.state());
    }

    @Override
    public int hashCode() {
        return Objects.hash(clock, state());
    }

    @Override
    public String toString() {
        return "ClockedState[clock=" + clock + ", state=" + state() + "]";
    }
}
