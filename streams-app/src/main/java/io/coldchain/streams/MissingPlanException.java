package io.coldchain.streams;

/** Telemetry for a shipment whose plan has not been seen: it goes to the dead-letter topic. */
public final class MissingPlanException extends RuntimeException {

    public MissingPlanException(final String shipmentId, final String what) {
        super("no shipment plan for '" + shipmentId + "' when its " + what + " arrived");
    }
}
