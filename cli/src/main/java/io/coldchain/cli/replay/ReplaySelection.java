package io.coldchain.cli.replay;

import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.OtherIdentifier;
import io.coldchain.rules.serial.Sgtin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which input records a replay of a {@link ReplaySlice} needs: a pure function over what the input topics hold, no
 * Kafka types.
 *
 * <ul>
 *   <li><b>The slice:</b> readings, fixes and custody scans of the selected shipments with event time in the window.
 *       The selected shipments are those named by {@code --shipment}, those whose plans list a pack named by
 *       {@code --serial} or whose scans mention it, or, when nothing is named, every shipment with data in the
 *       window (a plan issued in it included).</li>
 *   <li><b>The plans in force:</b> every plan version of those shipments issued before the end of the window (the
 *       earliest one when all were issued after it: telemetry before its plan is judged by the earliest
 *       version).</li>
 *   <li><b>The history the serial checks need:</b> the packs of the selected shipments (listed by their plans, or
 *       scanned in the window) have a past and neighbours: every custody scan of any shipment mentioning one of them
 *       before the end of the window (commissioning, earlier sightings, dispensing before {@code --from}, a clone
 *       scanned elsewhere within it), and the plan versions of every shipment that lists one of them or whose scans
 *       were taken (declarations, and the plan a sighting is judged against). These <em>context</em> shipments are
 *       replayed only as far as the serial checks need them: their own alerts in the case are partial.</li>
 * </ul>
 *
 * Records keep their input order; the caller copies them in that order per partition.
 */
public final class ReplaySelection {

    /** The kind of input record, by topic. */
    public enum Kind { PLAN, READING, FIX, CUSTODY }

    /**
     * One input record as the selection sees it.
     *
     * @param kind       its topic
     * @param shipmentId its shipment (the record key)
     * @param eventTime  its event time (a plan's {@code issuedAt}), epoch millis UTC
     * @param serials    the packs it lists (a plan) or mentions (a scan), normalised
     * @param source     what the caller needs to find the record again (topic, partition, offset)
     */
    public record Input<R>(Kind kind, String shipmentId, long eventTime, List<String> serials, R source) {
        public Input {
            serials = List.copyOf(serials);
        }
    }

    /**
     * What was selected.
     *
     * @param records   the records to copy, in input order
     * @param shipments the selected shipments
     * @param context   the other shipments taken in for the serial checks
     */
    public record Result<R>(List<Input<R>> records, Set<String> shipments, Set<String> context) {
    }

    private ReplaySelection() {
    }

    /** The SGTIN key of a pack in any of its forms, or the text itself when it is not a valid SGTIN. */
    public static String normalise(final String serial) {
        try {
            return Sgtin.parse(serial).key();
        } catch (InvalidSgtinException e) {
            return serial.strip();
        }
    }

    /**
     * The packs among the identifiers of a plan or scan, normalised: GS1 keys of other things ({@link OtherIdentifier}:
     * a case's SSCC, a returnable shipper's GRAI that travels in shipment after shipment) left out, as the serial
     * checks leave them out; they would otherwise pull every shipment that carried the shipper into a case.
     */
    public static List<String> packs(final List<String> identifiers) {
        final List<String> packs = new ArrayList<>(identifiers.size());
        for (final String identifier : identifiers) {
            try {
                packs.add(Sgtin.parse(identifier).key());
            } catch (InvalidSgtinException e) {
                if (OtherIdentifier.describe(identifier) == null) {
                    packs.add(identifier.strip());
                }
            }
        }
        return packs;
    }

    public static <R> Result<R> select(final Collection<Input<R>> inputs, final ReplaySlice slice) {
        final Set<String> shipments = new HashSet<>(slice.shipments());
        for (final Input<R> input : inputs) {
            if (slice.everyShipment() ? slice.covers(input.eventTime())
                    : (input.kind() == Kind.PLAN || input.kind() == Kind.CUSTODY)
                    && input.serials().stream().anyMatch(slice.serials()::contains)) {
                shipments.add(input.shipmentId());
            }
        }
        final Set<String> packs = new HashSet<>(slice.serials());
        for (final Input<R> input : inputs) {
            if (shipments.contains(input.shipmentId()) && (input.kind() == Kind.PLAN && slice.before(input.eventTime())
                    || input.kind() == Kind.CUSTODY && slice.covers(input.eventTime()))) {
                packs.addAll(input.serials());
            }
        }
        final Set<String> context = new HashSet<>();
        for (final Input<R> input : inputs) {
            if (!shipments.contains(input.shipmentId()) && slice.before(input.eventTime())
                    && (input.kind() == Kind.PLAN || input.kind() == Kind.CUSTODY)
                    && input.serials().stream().anyMatch(packs::contains)) {
                context.add(input.shipmentId());
            }
        }
        final Map<String, Long> earliestPlan = new HashMap<>();
        final Set<String> plannedInTime = new HashSet<>();
        for (final Input<R> input : inputs) {
            if (input.kind() == Kind.PLAN) {
                earliestPlan.merge(input.shipmentId(), input.eventTime(), Math::min);
                if (slice.before(input.eventTime())) {
                    plannedInTime.add(input.shipmentId());
                }
            }
        }
        final List<Input<R>> selected = new ArrayList<>();
        for (final Input<R> input : inputs) {
            final String shipment = input.shipmentId();
            final boolean wanted = switch (input.kind()) {
                case PLAN -> (shipments.contains(shipment) || context.contains(shipment))
                        && (slice.before(input.eventTime())
                        || !plannedInTime.contains(shipment) && input.eventTime() == earliestPlan.get(shipment));
                case READING, FIX -> shipments.contains(shipment) && slice.covers(input.eventTime());
                case CUSTODY -> shipments.contains(shipment) && slice.covers(input.eventTime())
                        || slice.before(input.eventTime()) && input.serials().stream().anyMatch(packs::contains);
            };
            if (wanted) {
                selected.add(input);
            }
        }
        return new Result<>(selected, Set.copyOf(shipments), Set.copyOf(context));
    }
}
