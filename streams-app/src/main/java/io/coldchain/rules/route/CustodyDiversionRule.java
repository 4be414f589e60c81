package io.coldchain.rules.route;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.serial.Cbv;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.PlannedStop;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
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
        final Area location = scan.bizLocation();
        final String step = Cbv.bare(scan.bizStep());
        if (location == null || NOT_HANDLING.contains(step)
                || plan.status() == ShipmentStatus.DELIVERED && !RECEIVING_LIKE.contains(step)) {
            return Outcome.quiet(null);
        }
        if (matches(plan.destination(), location) || matches(plan.origin(), location)
                || plan.plannedStops().stream().map(PlannedStop::area).anyMatch(area -> matches(area, location))) {
            return Outcome.quiet(null);
        }
        final Area destination = plan.destination();
        final double away = GreatCircle.distanceMeters(location.center().lat(), location.center().lon(),
                destination.center().lat(), destination.center().lon());
        final TrackPoint where = new TrackPoint(location.center().lat(), location.center().lon(),
                scan.eventTime());
        final boolean retracted = scan.errorDeclaration() != null;
        return Outcome.of(null, List.of(RouteAlerts.alert(plan.shipmentId(), AlertType.DIVERSION, RULE_ID,
                        AlertIds.episode(plan.shipmentId(), RULE_ID, scan.eventTime()))
                .status(retracted ? AlertStatus.RESOLVED : AlertStatus.OPEN, Severity.HIGH)
                .evidenceTimes(scan.eventTime(), scan.eventTime())
                .point("scan", where)
                .evidence("bizStep", scan.bizStep())
                .evidence("bizLocation", location.name())
                .evidence("bizLocationGln", Objects.toString(location.gln(), ""))
                .evidence("custodian", scan.custodian().name())
                .evidence("eventId", scan.eventId())
                .evidence("distanceToDestinationMeters", RouteAlerts.meters(away))
                .evidence("destination", destination.name())
                .summary("%sustody scan '%s' by %s at %s, %s from destination %s", retracted
                                ? "Declared erroneous: c" : "C", scan.bizStep(),
                        scan.custodian().name(), location.name(), RouteAlerts.km(away), destination.name())
                .build()));
    }

    private static boolean matches(final Area planned, final Area scanned) {
        if (planned.gln() != null && planned.gln().equals(scanned.gln())) {
            return true;
        }
        return GreatCircle.distanceMeters(planned.center().lat(), planned.center().lon(),
                scanned.center().lat(), scanned.center().lon())
                <= planned.radiusMeters() + scanned.radiusMeters();
    }
}
