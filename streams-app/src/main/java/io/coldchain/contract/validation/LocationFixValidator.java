package io.coldchain.contract.validation;

import io.coldchain.schemas.LocationFix;

/**
 * The door for GPS fixes: a key, ids of sane length, a plausible event time, a position on the globe
 * other than (0,0), a non-negative accuracy and a reported speed between 0 and {@value #MAX_SPEED_KMH} km/h
 * (faster than any airliner). Route hygiene (accuracy worse than 100 m, implied speeds) stays with the route
 * rules: those fixes are real, just not good enough to judge a route by.
 */
public final class LocationFixValidator {

    public static final double MAX_SPEED_KMH = 1_200;

    private final EventTimeWindow window;

    public LocationFixValidator(final EventTimeWindow window) {
        this.window = window;
    }

    /** @param now the wall clock at processing, epoch ms */
    public Validation check(final String key, final LocationFix fix, final long now) {
        return Checks.first(
                Checks.key(key, "location fix"),
                Checks.id(fix.getShipmentId(), "shipmentId"),
                Checks.id(fix.getDeviceId(), "deviceId"),
                window.check(fix.getEventTime(), now, "eventTime"),
                Checks.position(fix.getLat(), fix.getLon(), "position"),
                fix.getAccuracyMeters() == null ? null
                        : Checks.measurement(fix.getAccuracyMeters(), 0, Double.MAX_VALUE, "accuracyMeters"),
                fix.getSpeedKmh() == null ? null
                        : Checks.measurement(fix.getSpeedKmh(), 0, MAX_SPEED_KMH, "speedKmh"));
    }
}
