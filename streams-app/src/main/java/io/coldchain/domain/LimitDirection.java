package io.coldchain.domain;

/**
 * The domain twin of the contract's {@code LimitDirection}: the same constants, so state written by earlier releases
 * (enum names) still reads.
 */
public enum LimitDirection {
    AT_OR_ABOVE,
    AT_OR_BELOW
}
