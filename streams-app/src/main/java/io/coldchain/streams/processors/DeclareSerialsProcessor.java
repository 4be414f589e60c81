package io.coldchain.streams.processors;

import io.coldchain.rules.lifecycle.DeliveryRule;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.OtherIdentifier;
import io.coldchain.rules.serial.SerialAlertIds;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.streams.SerialInput;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.SerialTopology;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A plan declares each of its serials, stamped with the plan's publication time (its record timestamp,
 * not its planned departure, which may lie days ahead); invalid identifiers in a plan are findings too. GS1 keys of
 * things that are not packs ({@link OtherIdentifier}: the SSCCs of the shipment's cases) declare nothing and are
 * counted in {@value SerialTopology#PLANNED_OTHER_IDENTIFIERS}{@code -total/-rate}.
 */
public final class DeclareSerialsProcessor implements Processor<String, ShipmentPlan, String, SerialInput> {
    private ProcessorContext<String, SerialInput> context;
    private Sensor otherIdentifiers;

    @Override
    public void init(final ProcessorContext<String, SerialInput> context) {
        this.context = context;
        this.otherIdentifiers = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP,
                SerialTopology.PLANNED_OTHER_IDENTIFIERS, "Identifiers in shipment plans' serial lists that are GS1 "
                        + "keys of something other than a pack (SSCC, GRAI, GIAI, GLN, a GTIN without serial): not checked");
    }

    @Override
    public void process(final Record<String, ShipmentPlan> record) {
        final ShipmentPlan plan = record.value();
        if (plan == null) {
            return;
        }
        final boolean open = plan.status() == ShipmentStatus.PLANNED
                || plan.status() == ShipmentStatus.IN_TRANSIT;
        final Declaration declaration = new Declaration(plan.shipmentId(), plan.product().lot(),
                plan.product().expiryDate(), open, record.timestamp(), DeliveryRule.consigneeGlns(plan));
        for (final String raw : plan.serials()) {
            try {
                context.forward(record.withKey(Sgtin.parse(raw).key()).withValue(SerialInput.declared(declaration)));
            } catch (InvalidSgtinException e) {
                if (OtherIdentifier.describe(raw) != null) {
                    otherIdentifiers.record();
                    continue;
                }
                context.forward(record.withKey(SerialInput.INVALID_KEY_PREFIX + raw)
                        .withValue(SerialInput.invalid(planSighting(plan, record.timestamp()), e.reason())));
            }
        }
    }

    /** The stand-in sighting of an invalid identifier a plan lists; the same for every republication. */
    private static Sighting planSighting(final ShipmentPlan plan, final long publishedAt) {
        final String id = SerialAlertIds.plan(plan.shipmentId());
        return new Sighting(id, id, publishedAt, "ADD", "planning", "active", plan.shipmentId(), null, null,
                plan.origin().name(), plan.origin().gln(), null, null, null,
                plan.product().lot(), plan.product().expiryDate());
    }
}
