package io.coldchain.streams;

import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/**
 * Reads the versioned plans store: the plan in force at an event's time, i.e. the latest version
 * issued at or before it. An event older than the first version of its plan (telemetry that starts
 * before the plan was issued, a plan published late) is judged by the earliest plan we have, which
 * is the latest one when there is a single version.
 *
 * <p><b>The detectors' reader.</b> Built with the task's {@link ShipmentChangeNotices} ({@link #forDetectors}), it keeps,
 * per shipment, the plan versions it has read with the span of event time each is known to be in force for (from its
 * timestamp through the latest time it was read for; the latest version until the next write), and answers from them
 * while no write to the shipment's plan has been noticed since: the detectors ask for every event and at every time check, and a plan changes a few times
 * in a shipment's life. It answers exactly what the store would, less the plan's serial list (below):
 * <ul>
 *   <li>a version already stored comes into force as time passes without a write: an older version's span ends
 *       where it was last read for, so a later time is asked of the store;</li>
 *   <li>the store answers nothing for a time older than its newest plan's time minus its history
 *       ({@link #history}); an older version is never answered from memory below the newest noticed plan time minus the history,
 *       nor below the oldest time the store itself has answered for from its history since this memory began (the
 *       store's newest plan time when it began, restored from its changelog, is not noticed: that bound covers it;
 *       the latest version does not count, as the store gives it for any time at or after it, however old);</li>
 *   <li>a time with no version at or before it (the fallback to the latest plan) is not remembered.</li>
 * </ul>
 * The task's detectors share what they remember ({@link Memory}), so a shipment's plan is held decoded once per task,
 * however many detectors ask for it, and held without its list of pack serials: no detector rule reads it (the serial
 * checks take it from the plans stream), and it is the part of a plan that grows with the shipment (a pallet lists
 * thousands of packs), which a memory of every shipment followed could not hold. The plain reader
 * ({@link #PlansInForce(VersionedKeyValueStore)}) remembers nothing and answers whole plans. Not thread-safe: the
 * task's stream thread only.
 */
public final class PlansInForce {

    /** Shipments remembered at most; past it, all is forgotten (the memory is a speed-up, never an answer). */
    private static final int MAX_REMEMBERED = 65_536;
    /** Versions remembered per shipment (a check asks for the plan in transit and at the delivery). */
    private static final int VERSIONS_PER_SHIPMENT = 2;

    private final VersionedKeyValueStore<String, ShipmentPlan> store;
    /** Shared by the task's detectors' readers of the store; null: the plain reader, which remembers nothing. */
    private final Memory memory;
    private boolean closed;
    private long storeReads;

    /** A version and the event times it is in force for: {@code [from, until)}. */
    private record Span(VersionedRecord<ShipmentPlan> version, long from, long until) {
        boolean holds(final long time) {
            return from <= time && time < until;
        }
    }

    /** Reads the store at every question. */
    public PlansInForce(final VersionedKeyValueStore<String, ShipmentPlan> store) {
        this(store, null);
    }

    private PlansInForce(final VersionedKeyValueStore<String, ShipmentPlan> store, final Memory memory) {
        this.store = store;
        this.memory = memory;
    }

    /**
     * The detectors' reader: answers plans without their serial lists, and remembers what it reads until
     * {@code notices} tell of a write to the shipment's plan; {@link #close} it with its processor. The task's
     * detectors share one memory of a store (the notices are the task's): a shipment's plan is decoded and held once
     * for all of them, not once for each.
     *
     * @param history the plans store's history retention
     */
    public static PlansInForce forDetectors(final VersionedKeyValueStore<String, ShipmentPlan> store,
                                           final ShipmentChangeNotices notices, final Duration history) {
        return new PlansInForce(store, Memory.join(notices, store.name(), history.toMillis()));
    }

    /**
     * A processor's close: leaves the shared memory of {@code reader} (null when the processor's {@code init} failed
     * before it), then runs {@code rest} whatever that did. The memory goes first because a reader that never leaves
     * keeps the task's memory, which would go on answering after a standby's restoration changed the store without a
     * notice.
     */
    public static void closeThen(final PlansInForce reader, final Runnable rest) {
        try {
            if (reader != null) {
                reader.close();
            }
        } finally {
            rest.run();
        }
    }

    /** Leaves the shared memory, which the last reader to leave clears (the processor's close). */
    public void close() {
        if (memory != null && !closed) {
            memory.leave();
        }
        closed = true;
    }

    /** Forgets the shipment (its detector let its state go): memory only, answers unchanged. */
    public void forget(final String shipmentId) {
        if (memory != null) {
            memory.remembered.remove(shipmentId);
        }
    }

    /** Reads of the store so far (for tests and benchmarks). */
    long storeReads() {
        return storeReads;
    }

    /** The version in force at {@code time}, from memory or from the store; null when the store has none at or before it. */
    private VersionedRecord<ShipmentPlan> versionAt(final String shipmentId, final long time) {
        if (memory == null) {
            storeReads++;
            return store.get(shipmentId, time);
        }
        final Map<String, Known> remembered = memory.remembered;
        Known known = remembered.get(shipmentId);
        if (known != null) {
            final boolean withinHistory = time >= memory.oldestAnswered && time >= memory.horizon();
            for (final Span span : known.spans) {
                // The latest version is the store's answer at any time at or after it; an older one only within the
                // store's history.
                if (span != null && span.holds(time) && (span.until() == Long.MAX_VALUE || withinHistory)) {
                    return span.version();
                }
            }
        }
        storeReads++;
        final VersionedRecord<ShipmentPlan> version = detectorsView(store.get(shipmentId, time));
        if (version == null || version.timestamp() > time) {
            return version; // no version at or before the time (or not the shape of an answer): nothing to rely on
        }
        known = remembering(shipmentId, known);
        latestTime(shipmentId, known);
        // Kafka's versioned store says until when an older version is in force (validTo), but its metered layer
        // leaves that out; without it, an older version is known to be in force from its timestamp to the latest time
        // it was read for, and the latest version until the next write.
        final long until = version.validTo().orElse(version.timestamp() == known.latest && known.latest != Long.MIN_VALUE
                ? Long.MAX_VALUE : time + 1);
        if (time < until) {
            known.remember(new Span(version, version.timestamp(), until));
            if (until != Long.MAX_VALUE) {
                // Read from the store's history: the time is within its horizon. The latest version says nothing of
                // the horizon: the store answers it at any time at or after its timestamp, expired or not.
                memory.oldestAnswered = Math.min(memory.oldestAnswered, time);
            }
        }
        return version;
    }

    /**
     * What the task's remembering readers of one plans store know, kept on the task's notice board while any of them
     * is open: the store and the notices are the task's, so every reader would remember the same answers.
     */
    static final class Memory implements ShipmentChangeNotices.Listener {

        private final ShipmentChangeNotices notices;
        private final String storeName;
        private final long history;
        private final Map<String, Known> remembered = new HashMap<>();
        /** The newest plan time noticed being written. */
        private long newestNoticed = Long.MIN_VALUE;
        /** The oldest time the store answered with a version from its history (not the latest) since this memory began. */
        private long oldestAnswered = Long.MAX_VALUE;
        private int readers;

        private Memory(final ShipmentChangeNotices notices, final String storeName, final long history) {
            this.notices = notices;
            this.storeName = storeName;
            this.history = history;
        }

        /** The store's memory on the task's board, begun by the first reader that joins it. */
        static Memory join(final ShipmentChangeNotices notices, final String storeName, final long history) {
            final Memory memory = notices.planMemory(storeName, () -> {
                final Memory begun = new Memory(notices, storeName, history);
                notices.listen(begun);
                return begun;
            });
            if (memory.history != history) {
                throw new IllegalArgumentException("plans store " + storeName + " is read with a history of "
                        + memory.history + " ms and of " + history + " ms: it has one");
            }
            memory.readers++;
            return memory;
        }

        /** The last reader to leave ends the memory: the task's next readers begin with nothing remembered. */
        void leave() {
            if (--readers == 0) {
                notices.stopListening(this);
                notices.endPlanMemory(storeName, this);
                remembered.clear();
            }
        }

        /** The oldest time the store can still answer for, as far as the notices tell (saturating). */
        private long horizon() {
            return newestNoticed == Long.MIN_VALUE ? Long.MIN_VALUE : newestNoticed - history;
        }

        @Override
        public void planWritten(final String shipmentId, final long planTime) {
            remembered.remove(shipmentId);
            newestNoticed = Math.max(newestNoticed, planTime);
        }

        @Override
        public void deliveryWritten(final String shipmentId) {
            // a delivery time is not a plan
        }
    }

    /** What is remembered of one shipment's plans. */
    private static final class Known {
        /** Spans of the versions read, the newest-read last. */
        private final Span[] spans = new Span[VERSIONS_PER_SHIPMENT];
        /** Timestamp of the latest version ({@link Long#MIN_VALUE}: none, or a tombstone), once read. */
        private long latest;
        private boolean latestRead;

        void remember(final Span span) {
            for (int i = 0; i < spans.length; i++) {
                if (spans[i] != null && spans[i].from() == span.from()) {
                    // The same version read for another time: in force through both.
                    spans[i] = new Span(span.version(), span.from(), Math.max(spans[i].until(), span.until()));
                    return;
                }
            }
            for (int i = 0; i < spans.length; i++) {
                if (spans[i] == null) {
                    spans[i] = span;
                    return;
                }
            }
            System.arraycopy(spans, 1, spans, 0, spans.length - 1); // the one remembered longest goes
            spans[spans.length - 1] = span;
        }
    }

    /** @return the plan in force at {@code time}, or null when the shipment has no plan (or was closed by a tombstone before it) */
    public ShipmentPlan inForce(final String shipmentId, final long time) {
        final VersionedRecord<ShipmentPlan> asOf = versionAt(shipmentId, time);
        if (asOf != null) {
            return asOf.value();
        }
        storeReads++;
        final VersionedRecord<ShipmentPlan> latest = detectorsView(store.get(shipmentId));
        return latest == null ? null : latest.value();
    }

    /**
     * @return since when the shipment's plan has said DELIVERED as of {@code time} (the issue time of the
     *         DELIVERED version in force then), or {@link Long#MIN_VALUE} if it does not
     */
    public long deliveredSince(final String shipmentId, final long time) {
        final VersionedRecord<ShipmentPlan> asOf = versionAt(shipmentId, time);
        return asOf != null && asOf.value().status() == ShipmentStatus.DELIVERED ? asOf.timestamp() : Long.MIN_VALUE;
    }

    /**
     * Whether the shipment has a plan: its latest version is one, not a tombstone ({@code latest(id) != null}). The
     * remembering reader answers it from memory until a write to the shipment's plan is noticed; the custody path asks
     * it for every event, and reading the latest version copies the whole stored plan, serials and all.
     */
    public boolean hasPlan(final String shipmentId) {
        if (memory == null) {
            return latest(shipmentId) != null;
        }
        return latestTime(shipmentId, remembering(shipmentId, memory.remembered.get(shipmentId))) != Long.MIN_VALUE;
    }

    /** {@code known}, or what is begun to be remembered of the shipment (past the cap, after forgetting all). */
    private Known remembering(final String shipmentId, final Known known) {
        if (known != null) {
            return known;
        }
        final Map<String, Known> remembered = memory.remembered;
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        final Known begun = new Known();
        remembered.put(shipmentId, begun);
        return begun;
    }

    /** The latest version's timestamp ({@link Long#MIN_VALUE}: none, or a tombstone), read once until a write. */
    private long latestTime(final String shipmentId, final Known known) {
        if (!known.latestRead) {
            storeReads++;
            final VersionedRecord<ShipmentPlan> latest = store.get(shipmentId);
            known.latest = latest == null ? Long.MIN_VALUE : latest.timestamp();
            known.latestRead = true;
        }
        return known.latest;
    }

    /** @return the latest plan, or null */
    public ShipmentPlan latest(final String shipmentId) {
        final VersionedRecord<ShipmentPlan> latest = detectorsView(store.get(shipmentId));
        return latest == null ? null : latest.value();
    }

    /**
     * A version as this reader answers it: the detectors' reader ({@link #forDetectors}) leaves out the plan's serial
     * list, which no detector rule reads and which grows with the shipment (a pallet lists thousands of packs).
     */
    private VersionedRecord<ShipmentPlan> detectorsView(final VersionedRecord<ShipmentPlan> version) {
        if (memory == null || version == null || version.value() == null || version.value().serials().isEmpty()) {
            return version;
        }
        final ShipmentPlan plan = version.value().withoutSerials();
        return version.validTo().isPresent() ? new VersionedRecord<>(plan, version.timestamp(), version.validTo().get())
                : new VersionedRecord<>(plan, version.timestamp());
    }

    /**
     * The plan as the detectors must see it at {@code time}: marked DELIVERED once the shipment's
     * delivery was inferred from a scan at or before that time. A shallow copy, so the route index
     * cache still recognises the route by identity.
     */
    public static ShipmentPlan withDelivery(final ShipmentPlan plan, final long deliveredAt, final long time) {
        if (plan == null || deliveredAt == Long.MIN_VALUE || time < deliveredAt
                || plan.status() == ShipmentStatus.DELIVERED || plan.status() == ShipmentStatus.CLOSED) {
            return plan;
        }
        return plan.toBuilder().status(ShipmentStatus.DELIVERED).build();
    }
}
