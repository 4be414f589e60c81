package io.coldchain.contract.validation;

import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;

/** The door for custody (EPCIS) events: a key, ids of sane length, a plausible event time and location. */
public final class CustodyEventValidator {

    private final EventTimeWindow window;

    public CustodyEventValidator(final EventTimeWindow window) {
        this.window = window;
    }

    /** @param now the wall clock at processing, epoch ms */
    public Validation check(final String key, final CustodyEvent event, final long now) {
        final Area location = event.getBizLocation();
        return Checks.first(
                Checks.key(key, "custody event"),
                Checks.id(event.getShipmentId(), "shipmentId"),
                Checks.id(event.getEventId(), "eventId"),
                window.check(event.getEventTime(), now, "eventTime"),
                location == null ? null
                        : Checks.position(location.getCenter().getLat(), location.getCenter().getLon(), "bizLocation"));
    }
}
