package io.coldchain.rules.lifecycle;

import io.coldchain.rules.route.GreatCircle;
import io.coldchain.rules.serial.Cbv;
import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.Party;
import io.coldchain.domain.ShipmentPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Infers that a shipment was delivered from what its handlers scan, so integrators never have to
 * republish a plan as DELIVERED: a {@code receiving} (or {@code accepting}) scan that happens inside
 * the destination area (by GLN or by overlapping it), or is made by the consignee (the plan's last
 * expected custodian or the destination site's GLN), or names the consignee as its destination party.
 * The shipment counts as delivered from that scan's event time.
 *
 * <p>A receiving scan by someone else, somewhere else, is not a delivery (a hub receives goods on
 * the way); a delivery scan outside the destination is also judged by the custody diversion rule,
 * which raises a DIVERSION. Plain domain code: no Kafka types, no clock.
 */
public final class DeliveryRule {

    /** @return the delivery time this scan proves, or empty if it proves none */
    public OptionalLong deliveredAt(final ShipmentPlan plan, final CustodyEvent scan) {
        if (plan == null || !takesIn(scan)) {
            return OptionalLong.empty();
        }
        final boolean atDestination = scan.bizLocation() != null && overlaps(plan.destination(), scan.bizLocation());
        final boolean byConsignee = isConsignee(plan, scan.custodian()) || isConsignee(plan, scan.destinationParty());
        return atDestination || byConsignee ? OptionalLong.of(scan.eventTime()) : OptionalLong.empty();
    }

    private static boolean isConsignee(final ShipmentPlan plan, final Party party) {
        return party != null && party.gln() != null && consigneeGlns(plan).contains(party.gln());
    }

    /**
     * GLNs of the party a shipment delivers to: its last expected custodian's and its destination site's (those
     * given). The serial checks end a shipment's hold on a pack with them too.
     */
    public static List<String> consigneeGlns(final ShipmentPlan plan) {
        final List<String> glns = new ArrayList<>(2);
        final List<Party> custodians = plan.expectedCustodians();
        if (!custodians.isEmpty() && custodians.get(custodians.size() - 1).gln() != null) {
            glns.add(custodians.get(custodians.size() - 1).gln());
        }
        if (plan.destination().gln() != null) {
            glns.add(plan.destination().gln());
        }
        return glns;
    }

    static boolean overlaps(final Area planned, final Area scanned) {
        if (planned.gln() != null && planned.gln().equals(scanned.gln())) {
            return true;
        }
        return GreatCircle.distanceMeters(planned.center().lat(), planned.center().lon(),
                scanned.center().lat(), scanned.center().lon())
                <= planned.radiusMeters() + scanned.radiusMeters();
    }

    /** Whether the scan is a party taking the goods in (receiving, accepting; CBV in any form), not retracted. */
    public static boolean takesIn(final CustodyEvent scan) {
        return scan.errorDeclaration() == null && Cbv.takesIn(scan.bizStep());
    }
}
