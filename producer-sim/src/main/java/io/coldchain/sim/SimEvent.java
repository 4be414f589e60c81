package io.coldchain.sim;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record the simulation emits: the Avro value, the shipment it belongs to (the record key) and its
 * event time (the record timestamp, epoch millis UTC). {@link #kind()} says which topic it goes to.
 */
public sealed interface SimEvent permits SimEvent.Plan, SimEvent.Temperature, SimEvent.Location, SimEvent.Custody {

    /** Which catalogue topic an event belongs on. */
    enum Kind { SHIPMENT_PLAN, TEMPERATURE_READING, LOCATION_FIX, CUSTODY_EVENT }

    String shipmentId();

    long eventTime();

    Kind kind();

    SpecificRecord record();

    /** A shipment plan; its event time is the simulation start (the plan has no time of its own). */
    record Plan(ShipmentPlan plan, long eventTime) implements SimEvent {
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
    }

    /** A logger's temperature reading. */
    record Temperature(TemperatureReading reading) implements SimEvent {
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
    }

    /** A tracker's GPS fix. */
    record Location(LocationFix fix) implements SimEvent {
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
    }

    /** A custody scan (pickup or delivery). */
    record Custody(CustodyEvent event) implements SimEvent {
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

        /** Whether this scan is the consignee receiving the shipment. */
        public boolean isDelivery() {
            return "receiving".equals(event.getBizStep());
        }
    }
}
