package io.coldchain.streams;

import io.coldchain.rules.DetectorDecorator;
import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import java.time.Duration;

/**
 * What the detectors are configured with: the temperature profiles plans may name and each rule
 * family's thresholds, how long (event time) a delivered shipment's state is kept for late data and
 * queries before it is released, which event times are plausible at all ({@link EventTimeWindow}: records
 * outside it are dead-lettered at the door), and what wraps the detectors the topology builds ({@link
 * DetectorDecorator#NONE} but in tests that inject a fault).
 */
public record DetectionSettings(TemperatureProfiles profiles, TemperatureSettings temperature, RouteSettings route,
                                SerialSettings serial, Duration deliveredRetention, EventTimeWindow eventTimes,
                                DetectorDecorator detectors) {

    public DetectionSettings(final TemperatureProfiles profiles, final TemperatureSettings temperature,
                             final RouteSettings route, final SerialSettings serial, final Duration deliveredRetention,
                             final EventTimeWindow eventTimes) {
        this(profiles, temperature, route, serial, deliveredRetention, eventTimes, DetectorDecorator.NONE);
    }

    public DetectionSettings(final TemperatureProfiles profiles, final TemperatureSettings temperature,
                             final RouteSettings route, final SerialSettings serial, final Duration deliveredRetention) {
        this(profiles, temperature, route, serial, deliveredRetention, EventTimeWindow.defaults());
    }

    public DetectionSettings(final TemperatureProfiles profiles, final TemperatureSettings temperature,
                             final RouteSettings route, final SerialSettings serial) {
        this(profiles, temperature, route, serial, ShipmentLifecycleTopology.defaultRetention());
    }

    public DetectionSettings withEventTimes(final EventTimeWindow value) {
        return new DetectionSettings(profiles, temperature, route, serial, deliveredRetention, value, detectors);
    }

    public DetectionSettings withDetectors(final DetectorDecorator value) {
        return new DetectionSettings(profiles, temperature, route, serial, deliveredRetention, eventTimes, value);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(TemperatureProfiles.builtIn(), TemperatureSettings.defaults(), RouteSettings.defaults(),
                SerialSettings.defaults());
    }
}
