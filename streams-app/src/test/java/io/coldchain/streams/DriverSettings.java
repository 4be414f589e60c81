package io.coldchain.streams;

import io.coldchain.contract.validation.EventTimeWindow;
import java.time.Duration;

/**
 * Detection settings for TopologyTestDriver tests that pipe hours or days of events while the driver's wall
 * clock stands still: without a bound on the future, events ahead of that clock are not refused at the door.
 * Tests of the door itself ({@code HostileInputTest}) use the production window and move the clock.
 */
public final class DriverSettings {

    /** Any event time from 2000 on. */
    public static final EventTimeWindow ANY_FUTURE = EventTimeWindow.defaults().withMaxAhead(Duration.ofDays(36_500));

    private DriverSettings() {
    }

    public static DetectionSettings detection() {
        return DetectionSettings.defaults().withEventTimes(ANY_FUTURE);
    }
}
