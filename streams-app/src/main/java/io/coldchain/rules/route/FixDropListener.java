package io.coldchain.rules.route;

/**
 * Told about every dropped fix, so the adapter can count drops in its own metrics without the rule
 * knowing about them.
 */
@FunctionalInterface
public interface FixDropListener {

    FixDropListener NONE = (shipmentId, reason) -> { };

    void dropped(String shipmentId, DropReason reason);
}
