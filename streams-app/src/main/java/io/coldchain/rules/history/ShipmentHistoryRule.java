package io.coldchain.rules.history;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.schemas.TemperatureReading;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keeps a {@link ShipmentHistory} within its {@link HistoryLimits}: a point is kept only when it is at least the
 * interval (event time) away from its neighbours, whatever order the points arrive in, and the oldest points go
 * first once the count is reached. The latest position and reading are kept apart, undownsampled. No clock: the
 * outcome depends on the inputs only.
 */
public final class ShipmentHistoryRule {

    private final HistoryLimits limits;

    public ShipmentHistoryRule(final HistoryLimits limits) {
        this.limits = limits;
    }

    /**
     * @param issuedAt the plan's time (its {@code issuedAt}, or what stands for it in an older plan), epoch ms
     * @return the history with the plan's summary, or null when the plan is CLOSED (its history is released)
     */
    public ShipmentHistory onPlan(final ShipmentHistory history, final ShipmentPlan plan, final long issuedAt) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        if (issuedAt < next.planIssuedAt) {
            return next; // an older version arriving late: the summary shows the newest
        }
        if (plan.getStatus() == ShipmentStatus.CLOSED) {
            return null;
        }
        next.productName = plan.getProduct().getName();
        next.gtin = plan.getProduct().getGtin();
        next.lot = plan.getProduct().getLot();
        next.planStatus = plan.getStatus().name();
        next.planIssuedAt = issuedAt;
        next.lastActivity = Math.max(next.lastActivity, issuedAt);
        return next;
    }

    public ShipmentHistory onFix(final ShipmentHistory history, final LocationFix fix) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        final ShipmentHistory.Position position = new ShipmentHistory.Position(fix.getEventTime(), fix.getLat(), fix.getLon());
        if (next.lastPosition == null || position.at >= next.lastPosition.at) {
            next.lastPosition = position;
        }
        insert(next.track, position, p -> p.at, limits.trackInterval().toMillis(), limits.maxTrackPoints());
        next.lastActivity = Math.max(next.lastActivity, fix.getEventTime());
        return next;
    }

    public ShipmentHistory onReading(final ShipmentHistory history, final TemperatureReading reading) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        final double celsius = reading.getTemperatureCelsius();
        final ShipmentHistory.Reading point = new ShipmentHistory.Reading(reading.getEventTime(), celsius);
        if (next.lastReading == null || point.at >= next.lastReading.at) {
            next.lastReading = point;
        }
        next.minCelsius = next.minCelsius == null ? celsius : Math.min(next.minCelsius, celsius);
        next.maxCelsius = next.maxCelsius == null ? celsius : Math.max(next.maxCelsius, celsius);
        insert(next.readings, point, r -> r.at, limits.readingInterval().toMillis(), limits.maxReadings());
        next.lastActivity = Math.max(next.lastActivity, reading.getEventTime());
        return next;
    }

    public ShipmentHistory onCustody(final ShipmentHistory history, final CustodyEvent event) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        next.lastActivity = Math.max(next.lastActivity, event.getEventTime());
        if (event.getErrorDeclaration() != null
                || next.custody.stream().anyMatch(handoff -> handoff.eventId.equals(event.getEventId()))) {
            return next; // a redelivered copy, or a correction of an earlier event: not a hand-off of its own
        }
        final ShipmentHistory.Handoff handoff = new ShipmentHistory.Handoff();
        handoff.eventId = event.getEventId();
        handoff.at = event.getEventTime();
        handoff.bizStep = event.getBizStep();
        handoff.partyGln = event.getCustodian().getGln();
        handoff.partyName = event.getCustodian().getName();
        if (event.getBizLocation() != null) {
            handoff.locationGln = event.getBizLocation().getGln();
            handoff.lat = event.getBizLocation().getCenter().getLat();
            handoff.lon = event.getBizLocation().getCenter().getLon();
        }
        int index = next.custody.size();
        while (index > 0 && next.custody.get(index - 1).at > handoff.at) {
            index--;
        }
        next.custody.add(index, handoff);
        while (next.custody.size() > limits.maxHandoffs()) {
            next.custody.remove(0);
        }
        return next;
    }

    /** Whether the history may be released: nothing happened for the retention period before {@code now}. */
    public boolean expired(final ShipmentHistory history, final long now) {
        return history.lastActivity < now - limits.retention().toMillis();
    }

    /** Inserts in time order, unless a neighbour is closer than the interval; then drops the oldest beyond max. */
    static <T> boolean insert(final List<T> points, final T point, final ToLongFunction<T> time, final long interval,
                              final int max) {
        final long at = time.applyAsLong(point);
        int index = points.size();
        while (index > 0 && time.applyAsLong(points.get(index - 1)) > at) {
            index--;
        }
        if (index > 0 && at - time.applyAsLong(points.get(index - 1)) < Math.max(interval, 1)) {
            return false;
        }
        if (index < points.size() && time.applyAsLong(points.get(index)) - at < Math.max(interval, 1)) {
            return false;
        }
        points.add(index, point);
        while (points.size() > max) {
            points.remove(0);
        }
        return true;
    }
}
