package io.coldchain.domain;

import java.util.List;

/**
 * The domain twin of the contract's {@code ShipmentPlan} (schemas/ShipmentPlan): what the rules see, mapped at one
 * seam
 * ({@code io.coldchain.contract.Contracts}). Nullable components are the contract's optional fields.
 *
 * <p>The contract says: The plan of one shipment (schema v3: v2 added issuedAt, v3 adds detectionOverrides). Published
 * to the compacted plans topic keyed by shipmentId; a newer plan replaces the older one, a tombstone closes the
 * shipment.
 *
 * @param shipmentId Unique shipment identifier; also the record key.
 * @param product The product carried (GTIN, lot, expiry).
 * @param profileName Name of a built-in or registered temperature profile, e.g. 'refrigerated-2-8'. Used when
 *     'profile' is null.
 * @param profile Inline temperature profile; takes precedence over profileName.
 * @param route Planned route and corridor half-width (metres).
 * @param plannedStops Stops the carrier may make.
 * @param origin Origin area (pickup site).
 * @param destination Destination area (consignee site).
 * @param plannedDeparture Planned departure, epoch milliseconds UTC.
 * @param plannedArrival Planned arrival, epoch milliseconds UTC.
 * @param expectedCustodians Parties expected to hold custody, in hand-off order (shipper first, consignee last).
 * @param serials Pack serials in the shipment as SGTIN: GTIN-14 followed by '.' and the serial (up to 20 characters),
 *     e.g. '00614141123452.A1B2C3'.
 * @param status Lifecycle status; CLOSED releases the shipment's state.
 * @param issuedAt When this version of the plan was issued or last changed, epoch milliseconds UTC: the plan's event
 *     time and the Kafka record timestamp. A plan is in force from this time until a later version. Null (schema v1
 *     producers): the earlier of the record timestamp and plannedDeparture is used.
 * @param detectionOverrides Detection thresholds this shipment sets over the application's detection settings. Null
 *     (schema v1/v2 producers): the settings in effect apply unchanged.
 */
public record ShipmentPlan(
        String shipmentId,
        Product product,
        String profileName,
        TemperatureProfile profile,
        Route route,
        List<PlannedStop> plannedStops,
        Area origin,
        Area destination,
        long plannedDeparture,
        long plannedArrival,
        List<Party> expectedCustodians,
        List<String> serials,
        ShipmentStatus status,
        Long issuedAt,
        DetectionOverrides detectionOverrides) {

    public ShipmentPlan {
        plannedStops = List.copyOf(plannedStops);
        expectedCustodians = List.copyOf(expectedCustodians);
        serials = List.copyOf(serials);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This plan without its list of pack serials (the same plan when it lists none). */
    public ShipmentPlan withoutSerials() {
        return serials.isEmpty() ? this : toBuilder().serials(List.of()).build();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.shipmentId = shipmentId;
        b.product = product;
        b.profileName = profileName;
        b.profile = profile;
        b.route = route;
        b.plannedStops = plannedStops;
        b.origin = origin;
        b.destination = destination;
        b.plannedDeparture = plannedDeparture;
        b.plannedArrival = plannedArrival;
        b.expectedCustodians = expectedCustodians;
        b.serials = serials;
        b.status = status;
        b.issuedAt = issuedAt;
        b.detectionOverrides = detectionOverrides;
        return b;
    }

    /** A builder, for the records with many components. */
    public static final class Builder {
        private String shipmentId;
        private Product product;
        private String profileName;
        private TemperatureProfile profile;
        private Route route;
        private List<PlannedStop> plannedStops = List.of();
        private Area origin;
        private Area destination;
        private long plannedDeparture;
        private long plannedArrival;
        private List<Party> expectedCustodians = List.of();
        private List<String> serials = List.of();
        private ShipmentStatus status = ShipmentStatus.PLANNED;
        private Long issuedAt;
        private DetectionOverrides detectionOverrides;

        private Builder() {
        }

        public Builder shipmentId(final String value) {
            this.shipmentId = value;
            return this;
        }

        public Builder product(final Product value) {
            this.product = value;
            return this;
        }

        public Builder profileName(final String value) {
            this.profileName = value;
            return this;
        }

        public Builder profile(final TemperatureProfile value) {
            this.profile = value;
            return this;
        }

        public Builder route(final Route value) {
            this.route = value;
            return this;
        }

        public Builder plannedStops(final List<PlannedStop> value) {
            this.plannedStops = value;
            return this;
        }

        public Builder origin(final Area value) {
            this.origin = value;
            return this;
        }

        public Builder destination(final Area value) {
            this.destination = value;
            return this;
        }

        public Builder plannedDeparture(final long value) {
            this.plannedDeparture = value;
            return this;
        }

        public Builder plannedArrival(final long value) {
            this.plannedArrival = value;
            return this;
        }

        public Builder expectedCustodians(final List<Party> value) {
            this.expectedCustodians = value;
            return this;
        }

        public Builder serials(final List<String> value) {
            this.serials = value;
            return this;
        }

        public Builder status(final ShipmentStatus value) {
            this.status = value;
            return this;
        }

        public Builder issuedAt(final Long value) {
            this.issuedAt = value;
            return this;
        }

        public Builder detectionOverrides(final DetectionOverrides value) {
            this.detectionOverrides = value;
            return this;
        }

        public ShipmentPlan build() {
            return new ShipmentPlan(shipmentId, product, profileName, profile, route, plannedStops, origin,
                    destination, plannedDeparture, plannedArrival, expectedCustodians, serials, status, issuedAt,
                    detectionOverrides);
        }
    }
}
