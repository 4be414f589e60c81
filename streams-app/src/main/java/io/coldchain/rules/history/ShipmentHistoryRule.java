package io.coldchain.rules.history;

import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureReading;

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
        if (plan.status() == ShipmentStatus.CLOSED) {
            return null;
        }
        next.productName = plan.product().name();
        next.gtin = plan.product().gtin();
        next.lot = plan.product().lot();
        next.planStatus = plan.status().name();
        next.planIssuedAt = issuedAt;
        next.lastActivity = Math.max(next.lastActivity, issuedAt);
        return next;
    }

    /**
     * @param history the history, or null for a shipment's first record
     * @param track   its downsampled positions
     */
    public ShipmentHistory onFix(final ShipmentHistory history, final LocationFix fix,
                                 final PointSeries<ShipmentHistory.Position> track) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        final ShipmentHistory.Position position = new ShipmentHistory.Position(fix.eventTime(), fix.lat(), fix.lon());
        if (next.lastPosition == null || position.at >= next.lastPosition.at) {
            next.lastPosition = position;
        }
        insert(track, position, position.at, limits.trackInterval().toMillis(), limits.maxTrackPoints());
        next.lastActivity = Math.max(next.lastActivity, fix.eventTime());
        return next;
    }

    /**
     * @param history  the history, or null for a shipment's first record
     * @param readings its downsampled readings
     */
    public ShipmentHistory onReading(final ShipmentHistory history, final TemperatureReading reading,
                                     final PointSeries<ShipmentHistory.Reading> readings) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        final double celsius = reading.temperatureCelsius();
        final ShipmentHistory.Reading point = new ShipmentHistory.Reading(reading.eventTime(), celsius);
        if (next.lastReading == null || point.at >= next.lastReading.at) {
            next.lastReading = point;
        }
        next.minCelsius = next.minCelsius == null ? celsius : Math.min(next.minCelsius, celsius);
        next.maxCelsius = next.maxCelsius == null ? celsius : Math.max(next.maxCelsius, celsius);
        insert(readings, point, point.at, limits.readingInterval().toMillis(), limits.maxReadings());
        next.lastActivity = Math.max(next.lastActivity, reading.eventTime());
        return next;
    }

    public ShipmentHistory onCustody(final ShipmentHistory history, final CustodyEvent event) {
        final ShipmentHistory next = history == null ? new ShipmentHistory() : history;
        next.lastActivity = Math.max(next.lastActivity, event.eventTime());
        if (event.errorDeclaration() != null
                || next.custody.stream().anyMatch(handoff -> handoff.eventId.equals(event.eventId()))) {
            return next; // a redelivered copy, or a correction of an earlier event: not a hand-off of its own
        }
        final ShipmentHistory.Handoff handoff = new ShipmentHistory.Handoff();
        handoff.eventId = event.eventId();
        handoff.at = event.eventTime();
        handoff.bizStep = event.bizStep();
        handoff.partyGln = event.custodian().gln();
        handoff.partyName = event.custodian().name();
        if (event.bizLocation() != null) {
            handoff.locationGln = event.bizLocation().gln();
            handoff.lat = event.bizLocation().center().lat();
            handoff.lon = event.bizLocation().center().lon();
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

    /** Adds a point unless a neighbour is closer than the interval; then drops the earliest beyond max. */
    static <T> boolean insert(final PointSeries<T> points, final T point, final long at, final long interval,
                              final int max) {
        final long step = Math.max(interval, 1);
        final long before = points.latestAtOrBefore(at);
        if (before != Long.MIN_VALUE && at - before < step) {
            return false;
        }
        final long after = points.earliestAfter(at);
        if (after != Long.MAX_VALUE && after - at < step) {
            return false;
        }
        points.add(at, point);
        while (points.size() > max) {
            points.removeEarliest();
        }
        return true;
    }
}
