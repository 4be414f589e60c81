package io.coldchain.sim.model;

import io.coldchain.sim.SimEvent;
import java.util.Iterator;

/** The events of one shipment, in the order they reach the broker (arrival time, then generation order). */
public interface ShipmentEvents extends Iterator<SimEvent> {

    /** 1-based position of the shipment; breaks ties between shipments. */
    int index();

    /** Arrival time of the next event; only meaningful while {@link #hasNext()}. */
    long peekTime();
}
