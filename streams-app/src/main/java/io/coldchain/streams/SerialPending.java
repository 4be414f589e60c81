package io.coldchain.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A serial's inputs waiting to settle, in the order they apply, and when they settle: one value per serial in
 * {@code serial-pending-store} ({@link SerialBuffer}). Immutable: every change is a new value.
 *
 * @param settleAt  when the inputs settle (wall-clock millis; {@link SettleIndex})
 * @param inputs    the inputs held in the value, in the order they apply ({@link WaitingInput#ORDER})
 * @param overflow  whether more inputs of the serial wait in the overflow store ({@link SerialBuffer}): a serial
 *                  whose inputs keep coming holds at most {@link SerialBuffer#HELD_INPUTS} in its value, so the value
 *                  written at each commit stays small; and what a release before this one left in that store
 */
public record SerialPending(long settleAt, List<WaitingInput> inputs, boolean overflow) {

    public SerialPending {
        inputs = inputs == null ? List.of() : inputs;
    }

    /** Settling at {@code at}, with nothing waiting yet. */
    public static SerialPending at(final long at) {
        return new SerialPending(at, List.of(), false);
    }

    public SerialPending settlingAt(final long at) {
        return new SerialPending(at, inputs, overflow);
    }

    public SerialPending overflowing() {
        return overflow ? this : new SerialPending(settleAt, inputs, true);
    }

    /**
     * With {@code input} among the inputs, in its place; it replaces an input of the same order and arrival (the same
     * record of the repartition topic), as a key of the overflow store would.
     */
    public SerialPending with(final WaitingInput input) {
        final List<WaitingInput> next = new ArrayList<>(inputs.size() + 1);
        next.addAll(inputs);
        int at = next.size();
        while (at > 0 && WaitingInput.ORDER.compare(next.get(at - 1), input) > 0) {
            at--; // inputs mostly arrive in order: the walk back is short
        }
        if (at > 0 && WaitingInput.ORDER.compare(next.get(at - 1), input) == 0) {
            next.set(at - 1, input);
        } else {
            next.add(at, input);
        }
        return new SerialPending(settleAt, next, overflow);
    }

    /**
     * One input of a serial waiting to settle.
     *
     * @param order   where it applies among the serial's inputs ({@link SerialInput#order()})
     * @param arrival its offset on the repartition topic: ties in {@code order} apply in arrival order
     * @param input   the input
     */
    public record WaitingInput(long order, long arrival, SerialInput input) {

        /** The order the inputs of a serial are applied in: {@code order}, then {@code arrival}. */
        public static final Comparator<WaitingInput> ORDER = Comparator.comparingLong(WaitingInput::order)
                .thenComparingLong(WaitingInput::arrival);
    }
}
