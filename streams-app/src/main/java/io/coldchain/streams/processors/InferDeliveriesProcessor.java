package io.coldchain.streams.processors;

import io.coldchain.streams.EndOfInput;
import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import io.coldchain.rules.lifecycle.DeliveryRule;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.contract.Contracts;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.streams.HeldReceipts;
import io.coldchain.streams.PlansInForce;
import io.coldchain.streams.ShipmentChangeNotices;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.LoggerFactory;

public final class InferDeliveriesProcessor implements Processor<String, CustodyEvent, Void, Void> {

    /** Per held scan: a corrupted store would otherwise log a line per scan. */
    private static final RateLimitedLog UNREADABLE = RateLimitedLog.of(LoggerFactory.getLogger(InferDeliveriesProcessor.class),
            10, Duration.ofMinutes(1));

    private final DeliveryRule rule = new DeliveryRule();
    private PlansInForce plans;
    private KeyValueStore<String, Long> deliveries;
    private KeyValueStore<String, Long> activity;
    private KeyValueStore<String, HeldReceipts> receipts;
    private ShipmentChangeNotices notices;
    /** Shipments with receiving scans held for a plan; rebuilt from the store on start. */
    private final Set<String> holding = new TreeSet<>();
    /** Flushed before the detectors at the end of a bounded run's input ({@link EndOfInput}). */
    private EndOfInput.Participant endOfInput;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.notices = context.getStateStore(ShipmentChangeNotices.STORE);
        // Remembers the plans it reads until a write to one is noticed: asked for every custody event. The delivery
        // rule reads no serial list, which this reader leaves out.
        this.plans = PlansInForce.forDetectors(context.<VersionedKeyValueStore<String, ShipmentPlan>>getStateStore(
                ShipmentPlansTopology.STORE), notices, ShipmentPlansTopology.PLAN_HISTORY);
        this.deliveries = context.getStateStore(ShipmentLifecycleTopology.STORE);
        this.activity = context.getStateStore(ShipmentLifecycleTopology.ACTIVITY_STORE);
        this.receipts = context.getStateStore(ShipmentLifecycleTopology.RECEIPTS_STORE);
        holding.clear(); // a revived task (after an aborted transaction) starts again from its restored store
        try (KeyValueIterator<String, HeldReceipts> it = receipts.all()) {
            it.forEachRemaining(entry -> holding.add(entry.key));
        }
        // A plan published after the delivery scan (a backfill with plans last) still ends the shipment: held
        // scans are judged as soon as a plan is there, well before the detectors hand over a quiet shipment.
        this.endOfInput = EndOfInput.of(context).join(EndOfInput.Stage.DELIVERIES,
                context.taskId() + "/" + ShipmentLifecycleTopology.INFER);
        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, now -> judgeHeld());
        // At the end of input, judged at once so the detectors' flush sees the deliveries.
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (endOfInput.mayFlush()) {
                judgeHeld();
                endOfInput.flushed();
            }
        });
        context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, now -> judgeHeld());
    }

    private void judgeHeld() {
        for (final String shipmentId : List.copyOf(holding)) {
            if (!plans.hasPlan(shipmentId)) {
                continue;
            }
            final HeldReceipts held = receipts.get(shipmentId);
            if (held != null) {
                for (final byte[] bytes : held.scans()) {
                    try {
                        judge(shipmentId, CustodyEvent.fromByteBuffer(ByteBuffer.wrap(bytes)));
                    } catch (IOException | RuntimeException e) {
                        UNREADABLE.warn("held-receipt-unreadable", () -> "A receiving scan of shipment '"
                                + shipmentId + "' held for its plan cannot be read back, skipped: "
                                + Secrets.mask(e.toString()), e);
                    }
                }
                receipts.delete(shipmentId);
            }
            holding.remove(shipmentId);
        }
    }

    private void judge(final String shipmentId, final CustodyEvent scan) {
        rule.deliveredAt(plans.inForce(shipmentId, scan.getEventTime()), Contracts.toDomain(scan)).ifPresent(at -> {
            final Long known = deliveries.get(shipmentId);
            if (known == null || at < known) {
                deliveries.put(shipmentId, at);
                notices.deliveryWritten(shipmentId);
            }
        });
    }

    private void hold(final String shipmentId, final CustodyEvent scan) {
        final List<byte[]> scans = new ArrayList<>();
        final HeldReceipts held = receipts.get(shipmentId);
        if (held != null) {
            scans.addAll(held.scans());
        }
        try {
            final ByteBuffer encoded = scan.toByteBuffer();
            final byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            scans.add(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("custody event " + scan.getEventId() + " cannot be encoded", e);
        }
        receipts.put(shipmentId, new HeldReceipts(scans));
        holding.add(shipmentId);
    }

    @Override
    public void process(final Record<String, CustodyEvent> record) {
        if (record.key() == null || record.value() == null) {
            return; // the custody-chain checks own missing keys
        }
        final CustodyEvent scan = record.value();
        ShipmentLifecycleTopology.raiseActivity(activity, record.key(), scan.getEventTime());
        if (!plans.hasPlan(record.key())) {
            if (DeliveryRule.takesIn(Contracts.toDomain(scan))) {
                hold(record.key(), scan);
            }
            return;
        }
        judge(record.key(), scan);
    }

    @Override
    public void close() {
        PlansInForce.closeThen(plans, () -> {
            if (endOfInput != null) { // null when init failed before it joined
                endOfInput.leave();
            }
        });
    }
}
