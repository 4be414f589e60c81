package io.coldchain.streams.processors;

import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.OtherIdentifier;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.PackCode;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.PlansInForce;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.SerialInput;
import io.coldchain.streams.TaskSensors;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * Re-keys each pack of a custody event by its SGTIN, telling whether the event's shipment has a plan yet. Identifiers
 * of things that are not packs ({@link OtherIdentifier}: the SSCC of a case, a returnable shipper) are counted in
 * {@value SerialTopology#OTHER_IDENTIFIERS}{@code -total/-rate} and left out.
 */
public final class ObserveSerialsProcessor implements Processor<String, CustodyEvent, String, SerialInput> {
    private ProcessorContext<String, SerialInput> context;
    private PlansInForce plans;
    private Sensor otherIdentifiers;

    @Override
    public void init(final ProcessorContext<String, SerialInput> context) {
        this.context = context;
        // Remembers whether each shipment has a plan until a write to it is noticed: asked for every custody event.
        this.plans = PlansInForce.forDetectors(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                ShipmentPlansTopology.STORE), context.getStateStore(ShipmentChangeNotices.STORE),
                ShipmentPlansTopology.PLAN_HISTORY);
        this.otherIdentifiers = TaskSensors.rateAndTotal(context, SerialTopology.METRICS_GROUP,
                SerialTopology.OTHER_IDENTIFIERS, "Identifiers in custody events' epcList that are GS1 keys of "
                        + "something other than a pack (SSCC, GRAI, GIAI, GLN, a GTIN without serial): not checked");
    }

    @Override
    public void process(final Record<String, CustodyEvent> record) {
        final CustodyEvent event = record.value();
        if (event == null) {
            return;
        }
        final String shipmentId = record.key() != null ? record.key() : event.getShipmentId();
        for (final KeyValue<String, SerialInput> observation
                : observations(Contracts.toDomain(event), !plans.hasPlan(shipmentId), otherIdentifiers::record)) {
            context.forward(record.withKey(observation.key).withValue(observation.value));
        }
    }

    @Override
    public void close() {
        if (plans != null) { // null when init failed before it
            plans.close();
        }
    }

    /**
     * A custody event sights (or, as an error declaration, takes back) each pack it lists. A pack whose code carries
     * a lot or expiry (a scanned DataMatrix, a Digital Link) is sighted with those, read off that pack, instead of the
     * event's.
     *
     * @param withoutPlan whether the event's shipment has no plan yet
     */
    public static List<KeyValue<String, SerialInput>> observations(final io.coldchain.domain.CustodyEvent event,
                                                                   final boolean withoutPlan) {
        return observations(event, withoutPlan, () -> { });
    }

    /**
     * @param otherIdentifier called once for each identifier of the event that is not a pack but a GS1 key of
     *                        something else ({@link OtherIdentifier}), which is left out
     */
    public static List<KeyValue<String, SerialInput>> observations(final io.coldchain.domain.CustodyEvent event,
                                                                   final boolean withoutPlan,
                                                                   final Runnable otherIdentifier) {
        if (event == null) {
            return List.of();
        }
        final List<KeyValue<String, SerialInput>> out = new ArrayList<>(event.epcList().size());
        final io.coldchain.domain.ErrorDeclaration error = event.errorDeclaration();
        final Sighting sighting = error == null ? Sighting.of(event) : null;
        final Retraction retraction = error == null ? null : new Retraction(event.eventId(), event.shipmentId(),
                error.declarationTime(), error.reason(), error.correctiveEventIds());
        for (final String raw : event.epcList()) {
            final PackCode pack;
            try {
                pack = PackCode.parse(raw);
            } catch (InvalidSgtinException e) {
                if (OtherIdentifier.describe(raw) != null) {
                    otherIdentifier.run();
                    continue;
                }
                if (sighting != null) {
                    out.add(KeyValue.pair(SerialInput.INVALID_KEY_PREFIX + raw, SerialInput.invalid(sighting, e.reason())));
                }
                continue;
            }
            out.add(KeyValue.pair(pack.sgtin().key(), sighting != null
                    ? SerialInput.sighted(sighting.ofPack(pack), withoutPlan) : SerialInput.retracted(retraction)));
        }
        return out;
    }
}
