package io.coldchain.domain;

/**
 * The domain twin of the contract's {@code AlertType}: the same constants, so state written by earlier releases (enum
 * names) still reads.
 */
public enum AlertType {
    TEMPERATURE_EXCURSION,
    MKT_EXCEEDED,
    MISSING_DATA,
    SENSOR_SILENT,
    ROUTE_DEVIATION,
    UNSCHEDULED_STOP,
    PROLONGED_STOP,
    DIVERSION,
    DELAY,
    DUPLICATE_SERIAL,
    IMPOSSIBLE_TRAVEL,
    REUSED_SERIAL,
    ATTRIBUTE_MISMATCH,
    UNKNOWN_SERIAL,
    INVALID_SERIAL,
    UNEXPECTED_CUSTODIAN,
    CUSTODY_GAP,
    OTHER
}
