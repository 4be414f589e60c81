package io.coldchain.streams;

/** Telemetry without a record key cannot be matched with any shipment: it goes to the dead-letter topic. */
public final class MissingShipmentIdException extends RuntimeException {

    public MissingShipmentIdException(final String what) {
        super("a " + what + " without a shipment id: telemetry records must be keyed by their shipment id");
    }
}
