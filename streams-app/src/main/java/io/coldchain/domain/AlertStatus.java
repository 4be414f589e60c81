package io.coldchain.domain;

/**
 * The domain twin of the contract's {@code AlertStatus}: the same constants, so state written by earlier releases
 * (enum names) still reads.
 */
public enum AlertStatus {
    OPEN,
    UPDATED,
    RESOLVED
}
