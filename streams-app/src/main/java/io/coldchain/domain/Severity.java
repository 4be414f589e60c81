package io.coldchain.domain;

/**
 * The domain twin of the contract's {@code Severity}: the same constants, so state written by earlier releases (enum
 * names) still reads.
 */
public enum Severity {
    NOTIFICATION,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
