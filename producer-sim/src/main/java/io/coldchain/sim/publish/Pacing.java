package io.coldchain.sim.publish;

import io.coldchain.errors.UserError;

/**
 * How fast events are published.
 *
 * @param speed              simulated seconds per wall-clock second; 0 = as fast as the broker takes them
 * @param maxEventsPerSecond cap on the publishing rate; 0 = no cap
 */
public record Pacing(double speed, double maxEventsPerSecond) {

    /** As fast as possible, no cap. */
    public static final Pacing UNPACED = new Pacing(0, 0);

    public Pacing {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new UserError("speed must be a finite number >= 0, got " + speed);
        }
        if (!(maxEventsPerSecond >= 0) || Double.isInfinite(maxEventsPerSecond)) {
            throw new UserError("rate must be a finite number >= 0, got " + maxEventsPerSecond);
        }
    }

    /** {@code speed} times real time, no rate cap. */
    public static Pacing timesRealTime(final double speed) {
        return new Pacing(speed, 0);
    }

    public boolean unpaced() {
        return speed == 0;
    }

    public boolean capped() {
        return maxEventsPerSecond > 0;
    }
}
