package io.coldchain.streams;

import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import java.time.Duration;

/**
 * What the detectors are configured with: the temperature profiles plans may name and each rule
 * family's thresholds, and how long (event time) a delivered shipment's state is kept for late data and
 * queries before it is released.
 */
public record DetectionSettings(TemperatureProfiles profiles, TemperatureSettings temperature, RouteSettings route,
                                SerialSettings serial, Duration deliveredRetention) {

    public DetectionSettings(final TemperatureProfiles profiles, final TemperatureSettings temperature,
                             final RouteSettings route, final SerialSettings serial) {
        this(profiles, temperature, route, serial, ShipmentLifecycleTopology.defaultRetention());
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(TemperatureProfiles.builtIn(), TemperatureSettings.defaults(), RouteSettings.defaults(),
                SerialSettings.defaults());
    }
}
