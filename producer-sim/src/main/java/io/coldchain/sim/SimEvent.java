package io.coldchain.sim;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record the simulation emits: the Avro value, the shipment it belongs to (the record key), its event
 * time (the record timestamp, epoch millis UTC, as the device stamped it) and its arrival time (when, in
 * simulated time, it reaches the broker: the event time on a perfect network, later when it was held up or
 * redelivered). {@link #kind()} says which topic it goes to.
 */
public sealed interface SimEvent permits SimEvent.Plan, SimEvent.Temperature, SimEvent.Location, SimEvent.Custody {

    /** Which catalogue topic an event belongs on. */
    enum Kind { SHIPMENT_PLAN, TEMPERATURE_READING, LOCATION_FIX, CUSTODY_EVENT }

    String shipmentId();

    long eventTime();

    /** When the record reaches the broker, in simulated time; never before the moment it was made. */
    long arrivalTime();

    Kind kind();

    SpecificRecord record();

    /** The same record, reaching the broker at {@code time}. */
    SimEvent arrivingAt(long time);

    /**
     * A shipment plan; its event time is its {@code issuedAt} or, for a plan without one (the legacy habit), when
     * it is published.
     */
    record Plan(ShipmentPlan plan, long eventTime, long arrivalTime) implements SimEvent {

        public Plan(final ShipmentPlan plan, final long eventTime) {
            this(plan, eventTime, eventTime);
        }

        @Override
        public String shipmentId() {
            return plan.getShipmentId();
        }

        @Override
        public Kind kind() {
            return Kind.SHIPMENT_PLAN;
        }

        @Override
        public SpecificRecord record() {
            return plan;
        }

        @Override
        public SimEvent arrivingAt(final long time) {
            return new Plan(plan, eventTime, time);
        }
    }

    /** A logger's temperature reading. */
    record Temperature(TemperatureReading reading, long arrivalTime) implements SimEvent {

        public Temperature(final TemperatureReading reading) {
            this(reading, reading.getEventTime());
        }

        @Override
        public String shipmentId() {
            return reading.getShipmentId();
        }

        @Override
        public long eventTime() {
            return reading.getEventTime();
        }

        @Override
        public Kind kind() {
            return Kind.TEMPERATURE_READING;
        }

        @Override
        public SpecificRecord record() {
            return reading;
        }

        @Override
        public SimEvent arrivingAt(final long time) {
            return new Temperature(reading, time);
        }
    }

    /** A tracker's GPS fix. */
    record Location(LocationFix fix, long arrivalTime) implements SimEvent {

        public Location(final LocationFix fix) {
            this(fix, fix.getEventTime());
        }

        @Override
        public String shipmentId() {
            return fix.getShipmentId();
        }

        @Override
        public long eventTime() {
            return fix.getEventTime();
        }

        @Override
        public Kind kind() {
            return Kind.LOCATION_FIX;
        }

        @Override
        public SpecificRecord record() {
            return fix;
        }

        @Override
        public SimEvent arrivingAt(final long time) {
            return new Location(fix, time);
        }
    }

    /**
     * A custody scan.
     *
     * @param delivery whether this is the first delivery of the shipment's delivery scan (a redelivered copy
     *                 is not)
     */
    record Custody(CustodyEvent event, long arrivalTime, boolean delivery) implements SimEvent {

        /** A scan arriving at its event time; the delivery scan if it is a receiving step. */
        public Custody(final CustodyEvent event) {
            this(event, event.getEventTime(), "receiving".equals(event.getBizStep()));
        }

        @Override
        public String shipmentId() {
            return event.getShipmentId();
        }

        @Override
        public long eventTime() {
            return event.getEventTime();
        }

        @Override
        public Kind kind() {
            return Kind.CUSTODY_EVENT;
        }

        @Override
        public SpecificRecord record() {
            return event;
        }

        @Override
        public SimEvent arrivingAt(final long time) {
            return new Custody(event, time, delivery);
        }

        /** Whether this scan is the consignee receiving the shipment (counted once per shipment). */
        public boolean isDelivery() {
            return delivery;
        }

        /** The same scan delivered again: not the delivery any more. */
        public Custody redelivered(final long time) {
            return new Custody(event, time, false);
        }
    }
}
