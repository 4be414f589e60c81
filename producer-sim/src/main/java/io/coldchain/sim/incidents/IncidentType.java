package io.coldchain.sim.incidents;

import io.coldchain.schemas.AlertType;
import java.util.Arrays;
import java.util.List;

/**
 * What the simulator can inject into a shipment: incidents, which the streams application must detect,
 * and confounders, which look suspicious but must stay silent. Each incident names the alert types that
 * detect it and the alert types it may legitimately cause on the side (a theft stop off the route is a
 * route deviation too, and may make the truck late).
 *
 * <p>Sizes are chosen well clear of the detectors' default thresholds (see {@code docs/SCORECARD.md}).
 */
public enum IncidentType {

    /** The legacy warm spell of {@code --warm-fraction}: 9..14 °C for 45..90 min, then back in 2..8 °C. */
    WARM_SPELL(false, List.of(AlertType.TEMPERATURE_EXCURSION), List.of()),
    /** The reefer fails: a slow warm-up to 14..20 °C that lasts until delivery. */
    REEFER_FAILURE(false, List.of(AlertType.TEMPERATURE_EXCURSION), List.of(AlertType.MKT_EXCEEDED)),
    /** A door left open: a spike to 16..22 °C for 15 min or more, then back in 2..8 °C. */
    DOOR_OPEN(false, List.of(AlertType.TEMPERATURE_EXCURSION), List.of()),
    /** The reefer over-cools: -4..-1.5 °C for 30 min or more, then back in 2..8 °C. */
    FREEZING(false, List.of(AlertType.TEMPERATURE_EXCURSION), List.of()),
    /** The logger stops reporting, at least 80 min before delivery, and never resumes. */
    SILENT_LOGGER(false, List.of(AlertType.SENSOR_SILENT), List.of()),
    /** The truck leaves the route by 8..18 km for 30 min or more and comes back to it. */
    DETOUR(false, List.of(AlertType.ROUTE_DEVIATION), List.of(AlertType.DELAY)),
    /** The truck pulls off the route by 4..8 km and stands there for 25..45 min. */
    THEFT_STOP(false, List.of(AlertType.UNSCHEDULED_STOP), List.of(AlertType.ROUTE_DEVIATION, AlertType.DELAY)),
    /**
     * The goods are received 15..35 km from the planned destination, by the planned consignee's scanner; the truck
     * stands at that site through the unloading and while the devices keep reporting after the scan, long enough
     * to be an unscheduled stop.
     */
    WRONG_DESTINATION(false, List.of(AlertType.DIVERSION), List.of(AlertType.ROUTE_DEVIATION, AlertType.DELAY,
            AlertType.UNSCHEDULED_STOP)),
    /**
     * A counterfeit pack carrying the serial of a pack in transit in another shipment is scanned in this one.
     * Seen before the genuine pack's plan reached the serial check, the clone is an unknown serial first.
     */
    CLONED_SERIAL(false, List.of(AlertType.DUPLICATE_SERIAL, AlertType.IMPOSSIBLE_TRAVEL),
            List.of(AlertType.UNKNOWN_SERIAL)),
    /** A pack of this shipment is dispensed at the consignee, then its serial is received there again. */
    REUSED_SERIAL(false, List.of(AlertType.REUSED_SERIAL), List.of()),
    /** The delivery scan reads a pack no plan declared. */
    UNKNOWN_SERIAL(false, List.of(AlertType.UNKNOWN_SERIAL), List.of()),
    /** The goods are received at the destination by a party the plan does not list. */
    UNEXPECTED_CUSTODIAN(false, List.of(AlertType.UNEXPECTED_CUSTODIAN), List.of()),

    /** Confounder: one to three isolated GPS fixes 0.3..25 km off while claiming good accuracy. */
    GPS_OUTLIER(true, List.of(), List.of()),
    /** Confounder: warm readings (10..13 °C) at loading, within the logger's acclimatisation period. */
    SHORT_SPIKE(true, List.of(), List.of()),
    /** Confounder: a 5..15 min stop in traffic on the planned route. */
    TRAFFIC_STOP(true, List.of(), List.of()),
    /** Confounder: the custody scans and some readings and fixes are delivered twice. */
    REDELIVERED_EVENTS(true, List.of(), List.of()),
    /** Confounder: a few readings arrive 2..3 min late and a fix up to 1 min late, within the grace periods. */
    LATE_WITHIN_GRACE(true, List.of(), List.of());

    private final boolean confounder;
    private final List<AlertType> expected;
    private final List<AlertType> sideEffects;

    IncidentType(final boolean confounder, final List<AlertType> expected, final List<AlertType> sideEffects) {
        this.confounder = confounder;
        this.expected = expected;
        this.sideEffects = sideEffects;
    }

    /** Whether this must stay silent (no alert) rather than be detected. */
    public boolean confounder() {
        return confounder;
    }

    /** Alert types of which one matching alert detects the incident; empty for confounders. */
    public List<AlertType> expectedAlertTypes() {
        return expected;
    }

    /** Alert types the incident may cause besides: true alerts, but they do not count as detecting it. */
    public List<AlertType> sideEffectAlertTypes() {
        return sideEffects;
    }

    /** Every type the mix can draw: all but the legacy {@link #WARM_SPELL}, which {@code --warm-fraction} places. */
    public static List<IncidentType> drawable() {
        return Arrays.stream(values()).filter(t -> t != WARM_SPELL).toList();
    }
}
