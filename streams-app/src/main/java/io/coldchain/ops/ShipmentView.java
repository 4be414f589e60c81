package io.coldchain.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.Party;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code /shipments/{id}} answers: what an operations centre needs to follow a shipment, times as
 * ISO-8601 UTC. Pack serials and custodians are left out unless the caller proved it holds the token:
 * a list of valid serials is what a counterfeiter needs to clone packs.
 *
 * @param status      the plan's status, DELIVERED once the custody scans show delivery
 * @param deliveredAt inferred delivery time, or null
 * @param temperature the temperature condition, or null before the first reading
 * @param serials     pack serials (SGTIN), only for a caller with the token
 * @param custodians  expected custodians in hand-off order, only for a caller with the token
 */
record ShipmentView(
        String shipmentId,
        String status,
        String deliveredAt,
        Product product,
        String origin,
        String destination,
        String plannedDeparture,
        String plannedArrival,
        Temperature temperature,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> serials,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Custodian> custodians) {

    record Product(String name, String gtin, String lot, String expiryDate) {
    }

    /**
     * @param lastReadingAt  event time of the latest reading
     * @param lastCelsius    the latest reading, °C
     * @param openExcursions excursion episodes open now, by rule
     * @param silent         true while the logger is silent (a SENSOR_SILENT alert is open)
     * @param mktCelsius     rolling mean kinetic temperature, °C, or null while the window is not covered
     */
    record Temperature(String profile, String lastReadingAt, Double lastCelsius, List<Excursion> openExcursions,
                       boolean silent, Double mktCelsius) {
    }

    /**
     * @param since       event time the episode started
     * @param peakCelsius most extreme reading of the episode, °C
     */
    record Excursion(String rule, String alertId, String severity, String since, Double peakCelsius) {
    }

    record Custodian(String gln, String name) {
    }

    static ShipmentView of(final OpsSource.Shipment shipment, final boolean restricted) {
        final ShipmentPlan plan = shipment.plan();
        final boolean delivered = shipment.deliveredAt() != null
                && (plan.status() == ShipmentStatus.PLANNED || plan.status() == ShipmentStatus.IN_TRANSIT);
        return new ShipmentView(
                plan.shipmentId(),
                delivered ? ShipmentStatus.DELIVERED.name() : plan.status().name(),
                shipment.deliveredAt() == null ? null : iso(shipment.deliveredAt()),
                new Product(plan.product().name(), plan.product().gtin(), plan.product().lot(),
                        plan.product().expiryDate()),
                plan.origin().name(),
                plan.destination().name(),
                iso(plan.plannedDeparture()),
                iso(plan.plannedArrival()),
                temperature(shipment.temperature()),
                restricted ? List.copyOf(plan.serials()) : null,
                restricted ? plan.expectedCustodians().stream().map(ShipmentView::custodian).toList() : null);
    }

    private static Temperature temperature(final TemperatureState state) {
        if (state == null) {
            return null;
        }
        final boolean read = state.lastReadingTime() >= 0;
        final List<Excursion> open = state.rules().entrySet().stream()
                .filter(rule -> rule.getValue().open())
                .map(ShipmentView::excursion)
                .toList();
        return new Temperature(state.profile(), read ? iso(state.lastReadingTime()) : null, read ? state.lastCelsius() : null,
                open, state.silentAlertId() != null, state.mktCelsius());
    }

    private static Excursion excursion(final Map.Entry<String, TemperatureState.RuleState> rule) {
        final TemperatureState.RuleState state = rule.getValue();
        return new Excursion(rule.getKey(), state.alertId(), state.severity() == null ? null : state.severity().name(),
                state.episodeStart() < 0 ? null : iso(state.episodeStart()), state.peakCelsius());
    }

    private static Custodian custodian(final Party party) {
        return new Custodian(party.gln(), party.name());
    }

    private static String iso(final long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
