package io.coldchain.rules.route;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.serial.Cbv;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.PlannedStop;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * DIVERSION from custody scans: a scan of the shipment's packs at a business location that is
 * neither the origin, nor the destination, nor a planned stop means the goods were handled where
 * the plan does not send them. A location matches an area by GLN, or by overlapping it (centre
 * distance within both radii).
 *
 * <p>Once the plan is DELIVERED only receiving-like scans (receiving, arriving, accepting) are judged:
 * the delivery scan itself (from which delivery may have been inferred) outside the destination stays
 * a DIVERSION, while the consignee's later handling of goods it owns (storing, dispensing, shipping
 * on to its own sites) is no longer this shipment's route.
 *
 * <p>Stateless: each offending scan is its own finding, reported OPEN, with an id derived from the
 * scan's event time, so a redelivered scan repeats the same alert id. An EPCIS error declaration of
 * such a scan (same event, {@code errorDeclaration} set) resolves it under that id.
 */
public final class CustodyDiversionRule implements Detector<CustodyEvent, Void> {

    public static final String RULE_ID = "route-custody-outside-destination";

    /** Business steps that report on the goods in transit rather than handling them at a site. */
    private static final Set<String> NOT_HANDLING = Set.of("sensor_reporting");
    /** Business steps by which a party takes the goods in: the ones that can be a delivery. */
    private static final Set<String> RECEIVING_LIKE = Set.of("receiving", "arriving", "accepting");

    /**
     * @param plan  the plan in force at the scan's time, marked DELIVERED from the inferred delivery on
     * @param none  the rule keeps no state
     * @return at most one DIVERSION alert; never a state
     */
    @Override
    public Outcome<Void> onEvent(final ShipmentPlan plan, final Void none, final CustodyEvent scan) {
        final Area location = scan.getBizLocation();
        final String step = Cbv.bare(scan.getBizStep());
        if (location == null || NOT_HANDLING.contains(step)
                || plan.getStatus() == ShipmentStatus.DELIVERED && !RECEIVING_LIKE.contains(step)) {
            return Outcome.quiet(null);
        }
        if (matches(plan.getDestination(), location) || matches(plan.getOrigin(), location)
                || plan.getPlannedStops().stream().map(PlannedStop::getArea).anyMatch(area -> matches(area, location))) {
            return Outcome.quiet(null);
        }
        final Area destination = plan.getDestination();
        final double away = GreatCircle.distanceMeters(location.getCenter().getLat(), location.getCenter().getLon(),
                destination.getCenter().getLat(), destination.getCenter().getLon());
        final TrackPoint where = new TrackPoint(location.getCenter().getLat(), location.getCenter().getLon(),
                scan.getEventTime());
        final boolean retracted = scan.getErrorDeclaration() != null;
        return Outcome.of(null, List.of(RouteAlerts.alert(plan.getShipmentId(), AlertType.DIVERSION, RULE_ID,
                        AlertIds.episode(plan.getShipmentId(), RULE_ID, scan.getEventTime()))
                .status(retracted ? AlertStatus.RESOLVED : AlertStatus.OPEN, Severity.HIGH)
                .evidenceTimes(scan.getEventTime(), scan.getEventTime())
                .point("scan", where)
                .evidence("bizStep", scan.getBizStep())
                .evidence("bizLocation", location.getName())
                .evidence("bizLocationGln", Objects.toString(location.getGln(), ""))
                .evidence("custodian", scan.getCustodian().getName())
                .evidence("eventId", scan.getEventId())
                .evidence("distanceToDestinationMeters", RouteAlerts.meters(away))
                .evidence("destination", destination.getName())
                .summary("%sustody scan '%s' by %s at %s, %s from destination %s", retracted
                                ? "Declared erroneous: c" : "C", scan.getBizStep(),
                        scan.getCustodian().getName(), location.getName(), RouteAlerts.km(away), destination.getName())
                .build()));
    }

    private static boolean matches(final Area planned, final Area scanned) {
        if (planned.getGln() != null && planned.getGln().equals(scanned.getGln())) {
            return true;
        }
        return GreatCircle.distanceMeters(planned.getCenter().getLat(), planned.getCenter().getLon(),
                scanned.getCenter().getLat(), scanned.getCenter().getLon())
                <= planned.getRadiusMeters() + scanned.getRadiusMeters();
    }
}
