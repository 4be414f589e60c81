package io.coldchain.contract.validation;

import io.coldchain.schemas.TemperatureReading;

/**
 * The door for temperature readings: a key, ids of sane length, a plausible event time and a finite
 * temperature a logger can measure (−100..+100 °C: below the ultra-cold band, above any climate).
 */
public final class TemperatureReadingValidator {

    public static final double MIN_CELSIUS = -100;
    public static final double MAX_CELSIUS = 100;

    private final EventTimeWindow window;

    public TemperatureReadingValidator(final EventTimeWindow window) {
        this.window = window;
    }

    /** @param now the wall clock at processing, epoch ms */
    public Validation check(final String key, final TemperatureReading reading, final long now) {
        return Checks.first(
                Checks.key(key, "temperature reading"),
                Checks.id(reading.getShipmentId(), "shipmentId"),
                Checks.id(reading.getDeviceId(), "deviceId"),
                window.check(reading.getEventTime(), now, "eventTime"),
                Checks.measurement(reading.getTemperatureCelsius(), MIN_CELSIUS, MAX_CELSIUS, "temperatureCelsius"));
    }
}
