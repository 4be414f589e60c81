package io.coldchain.cli.alerts;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which alerts an operator asked to see: a minimum severity, and optionally only some alert types and some
 * shipments. Holds no Kafka types.
 *
 * @param minSeverity the lowest severity shown ({@link Severity} is ordered by urgency)
 * @param types       the alert types shown; empty = every type
 * @param shipments   the shipment ids shown; empty = every shipment
 */
public record AlertFilter(Severity minSeverity, Set<AlertType> types, Set<String> shipments)
        implements Predicate<Alert> {

    public AlertFilter {
        types = Set.copyOf(types);
        shipments = Set.copyOf(shipments);
    }

    /** Every alert. */
    public static AlertFilter all() {
        return new AlertFilter(Severity.values()[0], Set.of(), Set.of());
    }

    @Override
    public boolean test(final Alert alert) {
        return alert.getSeverity().compareTo(minSeverity) >= 0
                && (types.isEmpty() || types.contains(alert.getType()))
                && (shipments.isEmpty() || shipments.contains(alert.getShipmentId()));
    }

    /** What is filtered, for the header: "severity HIGH and above, types DIVERSION, shipments SHP-1", or "all". */
    public String describe() {
        final List<String> parts = new ArrayList<>();
        if (minSeverity.ordinal() > 0) {
            parts.add("severity " + minSeverity + (minSeverity.ordinal() < Severity.values().length - 1
                    ? " and above" : ""));
        }
        if (!types.isEmpty()) {
            parts.add("type" + (types.size() == 1 ? " " : "s ")
                    + String.join(", ", types.stream().map(Enum::name).sorted().toList()));
        }
        if (!shipments.isEmpty()) {
            parts.add("shipment" + (shipments.size() == 1 ? " " : "s ")
                    + String.join(", ", shipments.stream().sorted().toList()));
        }
        return parts.isEmpty() ? "all alerts" : String.join(", ", parts);
    }
}
