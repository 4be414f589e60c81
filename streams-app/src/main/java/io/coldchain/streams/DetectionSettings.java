package io.coldchain.streams;

import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;

/**
 * What the detectors are configured with: the temperature profiles plans may name and each rule
 * family's thresholds.
 */
public record DetectionSettings(TemperatureProfiles profiles, TemperatureSettings temperature, RouteSettings route,
                                SerialSettings serial) {

    public static DetectionSettings defaults() {
        return new DetectionSettings(TemperatureProfiles.builtIn(), TemperatureSettings.defaults(), RouteSettings.defaults(),
                SerialSettings.defaults());
    }
}
