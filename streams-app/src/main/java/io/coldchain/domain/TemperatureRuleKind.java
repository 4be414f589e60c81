package io.coldchain.domain;

/**
 * The domain twin of the contract's {@code TemperatureRuleKind}: the same constants, so state written by earlier
 * releases (enum names) still reads.
 */
public enum TemperatureRuleKind {
    INSTANT,
    CONSECUTIVE,
    CUMULATIVE,
    MKT
}
