package io.coldchain.domain;

/**
 * The domain twin of the contract's {@code ShipmentStatus}: the same constants, so state written by earlier releases
 * (enum names) still reads.
 */
public enum ShipmentStatus {
    PLANNED,
    IN_TRANSIT,
    DELIVERED,
    CLOSED
}
