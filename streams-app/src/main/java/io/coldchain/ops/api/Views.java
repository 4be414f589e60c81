package io.coldchain.ops.api;

import io.coldchain.contract.audit.AlertAuditState;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.rules.temperature.TemperatureExcursionDetector;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureProfile;
import java.util.List;

/** The API's views of the stores' values: plain functions, no Kafka. */
final class Views {

    private Views() {
    }

    /** The plan's status, DELIVERED once the custody scans show delivery of a shipment still planned or in transit. */
    static String status(final String planStatus, final Long deliveredAt) {
        final boolean open = ShipmentStatus.PLANNED.name().equals(planStatus)
                || ShipmentStatus.IN_TRANSIT.name().equals(planStatus);
        return deliveredAt != null && open ? ShipmentStatus.DELIVERED.name() : planStatus;
    }

    /** A list row (alerts filled in later, from all instances), or null for a shipment without a plan yet. */
    static ApiViews.ShipmentItem item(final String shipmentId, final ShipmentHistory history, final Long deliveredAt) {
        if (history == null || history.planStatus == null) {
            return null;
        }
        return new ApiViews.ShipmentItem(shipmentId,
                new ApiViews.Product(history.productName, history.gtin, history.lot, null),
                status(history.planStatus, deliveredAt), position(history.lastPosition), null, 0);
    }

    static ApiViews.Position position(final ShipmentHistory.Position position) {
        return position == null ? null : ApiViews.Position.of(position.lat, position.lon, position.at);
    }

    /**
     * One shipment's detail, alerts left empty (they may live on another instance).
     *
     * @param history     may be null (released, or nothing recorded yet)
     * @param temperature may be null before the first reading
     * @param profile     the plan's profile, null when unknown
     */
    static ApiViews.ShipmentDetail detail(final ShipmentPlan plan, final ShipmentHistory history,
                                          final TemperatureState temperature, final Long deliveredAt,
                                          final TemperatureProfile profile) {
        return new ApiViews.ShipmentDetail(
                plan.shipmentId(),
                status(plan.status().name(), deliveredAt),
                new ApiViews.Product(plan.product().name(), plan.product().gtin(), plan.product().lot(),
                        plan.product().expiryDate()),
                profile == null ? new ApiViews.Profile(plan.profileName(), null, null)
                        : new ApiViews.Profile(profile.name(), ApiViews.finite(profile.minCelsius()),
                        ApiViews.finite(profile.maxCelsius())),
                new ApiViews.Place(plan.origin().name(), plan.origin().center().lat(),
                        plan.origin().center().lon()),
                new ApiViews.Place(plan.destination().name(), plan.destination().center().lat(),
                        plan.destination().center().lon()),
                ApiViews.iso(plan.plannedDeparture()), plan.plannedDeparture(),
                ApiViews.iso(plan.plannedArrival()), plan.plannedArrival(),
                deliveredAt == null ? null : ApiViews.iso(deliveredAt), deliveredAt,
                new ApiViews.Route(plan.route().waypoints().stream().map(p -> new double[] {p.lat(), p.lon()})
                        .toList(), plan.route().corridorHalfWidthMeters()),
                plan.plannedStops().stream().map(stop -> new ApiViews.Stop(stop.area().name(),
                        stop.area().center().lat(), stop.area().center().lon(),
                        stop.area().radiusMeters())).toList(),
                history == null ? null : position(history.lastPosition),
                temperature(history, temperature, profile),
                history == null ? List.of() : history.custody.stream().map(Views::custody).toList(),
                List.of());
    }

    static ApiViews.Temperature temperature(final ShipmentHistory history, final TemperatureState state,
                                            final TemperatureProfile profile) {
        if (state == null || state.lastReadingTime() < 0) {
            return null;
        }
        final TemperatureState.RuleState band = profile == null ? null
                : state.rules().get(TemperatureExcursionDetector.bandRuleId(profile));
        final long outside = band == null ? 0 : band.cumulativeMillis();
        final Double budget = profile == null || profile.stabilityBudgetMillis() <= 0 ? null
                : (double) outside / profile.stabilityBudgetMillis();
        return new ApiViews.Temperature(state.lastCelsius(), ApiViews.iso(state.lastReadingTime()), state.lastReadingTime(),
                history == null ? null : history.minCelsius, history == null ? null : history.maxCelsius,
                outside / 1000, budget, state.mktCelsius());
    }

    static ApiViews.Custody custody(final ShipmentHistory.Handoff handoff) {
        return new ApiViews.Custody(ApiViews.iso(handoff.at), handoff.at, handoff.bizStep,
                new ApiViews.Party(handoff.partyGln, handoff.partyName),
                handoff.locationGln == null && handoff.lat == null ? null
                        : new ApiViews.Location(handoff.locationGln, handoff.lat, handoff.lon));
    }

    static ApiViews.Track track(final String shipmentId, final List<ShipmentHistory.Position> track) {
        return new ApiViews.Track(shipmentId, track.stream()
                .map(p -> new ApiViews.TrackPoint(p.lat, p.lon, ApiViews.iso(p.at), p.at)).toList());
    }

    static ApiViews.Temperatures temperatures(final String shipmentId, final List<ShipmentHistory.Reading> readings) {
        return new ApiViews.Temperatures(shipmentId, readings.stream()
                .map(r -> new ApiViews.TemperaturePoint(r.celsius, ApiViews.iso(r.at), r.at)).toList());
    }

    /** The alert as the audit state holds it, or null while only acknowledgements of it were seen. */
    static ApiViews.AlertView alert(final String alertId, final AlertAuditState state) {
        if (state == null || state.status() == null) {
            return null;
        }
        return new ApiViews.AlertView(alertId, state.shipmentId(), state.type(), state.ruleId(), state.severity(),
                state.status(), state.firstEvidenceTime() > 0 ? ApiViews.iso(state.firstEvidenceTime()) : null,
                state.firstEvidenceTime(), ApiViews.iso(state.lastEvidenceTime()), state.lastEvidenceTime(),
                state.summary(), state.evidence(),
                state.lastAckBy() == null ? null : new ApiViews.Ack(state.lastAckBy(), state.lastAckComment(),
                        state.lastAckAt() > 0 ? ApiViews.iso(state.lastAckAt()) : null, state.lastAckAt()));
    }
}
