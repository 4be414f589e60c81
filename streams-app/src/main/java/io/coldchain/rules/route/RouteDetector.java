package io.coldchain.rules.route;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.route.RouteState.DelayState;
import io.coldchain.rules.route.RouteState.DeviationState;
import io.coldchain.rules.route.RouteState.OpenAlert;
import io.coldchain.rules.route.RouteState.ProgressState;
import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.Area;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.PlannedStop;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The route rules over a shipment's GPS fixes, in event-time order:
 * <ul>
 *   <li>ROUTE_DEVIATION: outside the corridor for N valid fixes and T minutes; resolved after the
 *       clear time back inside; escalated to HIGH (UPDATED) beyond the escalation distance.</li>
 *   <li>UNSCHEDULED_STOP: a stay outside the planned stops, the origin and the destination, longer
 *       off the route than on it (traffic); PROLONGED_STOP: a stay at a planned stop beyond its
 *       allowed dwell. Both resolve when the vehicle leaves.</li>
 *   <li>DIVERSION: a delivery-like stay (long, near or after the planned arrival) outside the
 *       destination, or the plan marked DELIVERED while the vehicle cannot have been at the
 *       destination; and moving without getting closer to the destination for too long. Custody
 *       scans are checked by {@link CustodyDiversionRule}.</li>
 *   <li>DELAY (LOW): projected arrival, remaining distance over smoothed moving speed, later than the
 *       planned arrival plus tolerance. The speed is smoothed over moving fix pairs only: a pair
 *       that touches a stay or a planned stop's area is not moving, since the time spent standing
 *       already shows in the clock. Not judged inside a planned stop within its allowed dwell.</li>
 * </ul>
 * Fixes failing {@link FixHygiene} are dropped, counted in the state and reported to the
 * {@link FixDropListener}, and reach no rule. Once a fix is inside the destination area every open
 * episode resolves and the shipment is done.
 *
 * <p>Delivery ends the route rules. The caller passes the plan with status DELIVERED for fixes at
 * or after the delivery and for time checks after it; the first such call settles the shipment and
 * releases the state: open deviation, stop and DELAY episodes resolve (nothing would ever resolve
 * them later, and an operations centre must not keep chasing a delivered shipment), and a DIVERSION
 * stays open or opens only if the vehicle cannot have been at the destination since its last fix
 * before delivery. Later fixes (a tracker in the consignee's yard, the truck driving away) are
 * ignored.
 *
 * <p>One instance per stream task: it caches route indexes ({@link RouteIndexCache}).
 */
public final class RouteDetector implements Detector<LocationFix, RouteState> {

    public static final String DEVIATION_RULE = "route-corridor-deviation";
    public static final String UNSCHEDULED_STOP_RULE = "route-unscheduled-stop";
    public static final String PROLONGED_STOP_RULE = "route-prolonged-stop";
    public static final String DELIVERY_RULE = "route-delivery-outside-destination";
    public static final String NO_PROGRESS_RULE = "route-no-progress";
    public static final String DELAY_RULE = "route-late-arrival";

    /** An open DELAY is UPDATED each time the projected lateness grows by this much more. */
    static final long DELAY_UPDATE_STEP_MILLIS = 30 * 60_000L;

    private final RouteSettings settings;
    private final FixHygiene hygiene;
    private final StayPoints stayPoints;
    private final RouteIndexCache indexes;
    private final FixDropListener drops;

    public RouteDetector(final RouteSettings settings, final FixDropListener drops) {
        this.settings = settings;
        this.hygiene = new FixHygiene(settings.hygiene());
        this.stayPoints = new StayPoints(settings.stops());
        this.indexes = new RouteIndexCache(settings.routeIndexCacheWaypoints());
        this.drops = drops;
    }

    public RouteDetector(final RouteSettings settings) {
        this(settings, FixDropListener.NONE);
    }

    /** The route indexes this detector built; exposed so tests can prove they are reused. */
    public RouteIndexCache indexes() {
        return indexes;
    }

    @Override
    public Outcome<RouteState> onEvent(final ShipmentPlan plan, final RouteState state, final LocationFix fix) {
        if (plan.status() == ShipmentStatus.CLOSED) {
            return Outcome.quiet(null);
        }
        if (plan.status() == ShipmentStatus.DELIVERED) {
            return delivered(plan, state, fix);
        }
        final RouteState current = state == null ? RouteState.INITIAL : state;
        if (current.arrived()) {
            return Outcome.quiet(current);
        }
        final FixHygiene.Verdict verdict = hygiene.check(fix, current.lastFix(), current.speedTrail(),
                current.speedTrailFixes());
        if (!verdict.accepted()) {
            drops.dropped(plan.shipmentId(), verdict.dropReason());
            return Outcome.quiet(current.withDrop(verdict.dropReason(), verdict.trail(), verdict.trailFixes()));
        }
        return new Evaluation(plan, current, point(fix), verdict.reanchored()).run();
    }

    /**
     * Between fixes nothing is judged (a silent tracker proves nothing about where the vehicle is);
     * the state is only forgotten once the shipment is over: plan gone or closed, or delivered (which
     * settles open episodes first, as a fix after delivery would).
     */
    @Override
    public Outcome<RouteState> onTime(final ShipmentPlan plan, final RouteState state, final long now) {
        if (plan == null || plan.status() == ShipmentStatus.CLOSED) {
            return Outcome.quiet(null);
        }
        if (plan.status() == ShipmentStatus.DELIVERED) {
            return delivered(plan, state, null, now);
        }
        return Outcome.quiet(state);
    }

    /** Mirrors {@link #onTime}: in transit nothing changes with time; a closed, gone or delivered plan does. */
    @Override
    public long quietUntil(final ShipmentPlan plan, final RouteState state) {
        return plan == null || plan.status() == ShipmentStatus.CLOSED || plan.status() == ShipmentStatus.DELIVERED
                ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /** A fix at or after delivery: used as a position only if GPS hygiene accepts it, and never counted. */
    private Outcome<RouteState> delivered(final ShipmentPlan plan, final RouteState state, final LocationFix fix) {
        final boolean usable = state != null && hygiene.check(fix, state.lastFix(), null, 0).accepted();
        return delivered(plan, state, usable ? point(fix) : null, fix.eventTime());
    }

    /**
     * The first call after delivery settles the shipment ({@link Evaluation#deliver}); the state is
     * released, so every later one finds nothing to do.
     *
     * @param seen the first position after delivery, or null if there is none (a time check) or it is unusable
     */
    private Outcome<RouteState> delivered(final ShipmentPlan plan, final RouteState state, final TrackPoint seen,
                                          final long time) {
        if (state == null || state.arrived() || state.lastFix() == null) {
            return Outcome.quiet(null);
        }
        final TrackPoint last = state.lastFix();
        final boolean observed = seen != null && seen.timeMillis() > last.timeMillis();
        final TrackPoint here = observed ? seen
                : new TrackPoint(last.lat(), last.lon(), Math.max(time, last.timeMillis()));
        return new Evaluation(plan, state, here, false).deliver(observed);
    }

    private static TrackPoint point(final LocationFix fix) {
        return new TrackPoint(fix.lat(), fix.lon(), fix.eventTime());
    }

    /** One accepted fix through every rule; collects the alerts in a fixed order. */
    private final class Evaluation {

        private final ShipmentPlan plan;
        private final String shipmentId;
        private final RouteState state;
        private final TrackPoint here;
        private final TrackPoint previous;
        private final RouteIndex index;
        private final RouteMatch match;
        private final double halfWidth;
        private final Place place;
        private final int plannedStop;
        private final List<Alert> alerts = new ArrayList<>();

        private Evaluation(final ShipmentPlan plan, final RouteState state, final TrackPoint here,
                           final boolean reanchored) {
            this.plan = plan;
            this.shipmentId = plan.shipmentId();
            this.state = state;
            this.here = here;
            this.previous = reanchored ? null : state.lastFix();
            this.index = indexes.forPlan(plan);
            this.halfWidth = plan.route().corridorHalfWidthMeters() > 0
                    ? plan.route().corridorHalfWidthMeters() : settings.corridor().defaultHalfWidthMeters();
            this.match = index.locate(here.lat(), here.lon(), reanchored ? -1 : state.legHint(), halfWidth);
            this.plannedStop = plannedStopAt(here, 0);
            this.place = placeOf();
        }

        private Outcome<RouteState> run() {
            if (place == Place.DESTINATION) {
                return Outcome.of(arrive(), alerts);
            }
            final DeviationState deviation = deviation();
            final StayState stay = stay();
            final OpenAlert delivery = delivery(stay);
            final ProgressState progress = progress();
            final boolean newStay = stay.anchor().timeMillis() == here.timeMillis();
            final double speedBeforeStay = newStay ? state.movingSpeedMps() : state.speedBeforeStayMps();
            final double movingSpeed = stationary(stay) ? speedBeforeStay : movingSpeed();
            final DelayState delay = atPlannedStopWithinDwell(stay) ? state.delay() : delay(movingSpeed);
            return Outcome.of(new RouteState(here, match.leg(), null, 0, movingSpeed, speedBeforeStay,
                    state.droppedFixes(), deviation, stay, progress, delay, delivery, false), alerts);
        }

        // ---- corridor ------------------------------------------------------------------------

        private DeviationState deviation() {
            final DeviationState before = state.deviation();
            final boolean outside = place == Place.OFF_ROUTE && plannedStopAt(here, halfWidth) < 0;
            final Episode.Step step = before.episode().observe(here.timeMillis(), outside,
                    Overrides.apply(settings, plan).corridor().confirmation(), shipmentId, DEVIATION_RULE);
            final boolean starts = before.episode().phase() == Episode.Phase.IDLE
                    && step.episode().phase() != Episode.Phase.IDLE;
            TrackPoint exit = before.exit();
            double exitAlong = before.exitAlongMeters();
            TrackPoint peak = before.peak();
            double peakMeters = before.peakMeters();
            if (starts) {
                exit = before.lastInside() != null ? before.lastInside() : here;
                exitAlong = before.lastInside() != null ? before.lastInsideAlongMeters() : match.alongMeters();
                peak = here;
                peakMeters = match.distanceMeters();
            } else if (outside && match.distanceMeters() > peakMeters) {
                peak = here;
                peakMeters = match.distanceMeters();
            }
            final TrackPoint lastInside = outside ? before.lastInside() : here;
            final double lastInsideAlong = outside ? before.lastInsideAlongMeters() : match.alongMeters();
            final boolean escalate = peakMeters >= settings.corridor().escalationMeters();
            DeviationState next = new DeviationState(step.episode(), lastInside, lastInsideAlong, exit, exitAlong, peak,
                    peakMeters, before.escalated());
            switch (step.transition()) {
                case OPENED -> {
                    next = escalated(next, escalate);
                    alerts.add(deviationAlert(next, step.episode(), AlertStatus.OPEN));
                }
                case RESOLVED -> {
                    alerts.add(deviationAlert(next, before.episode(), AlertStatus.RESOLVED));
                    next = new DeviationState(Episode.IDLE, lastInside, lastInsideAlong, null, 0, null, 0, false);
                }
                case DISCARDED -> next = new DeviationState(Episode.IDLE, lastInside, lastInsideAlong, null, 0, null, 0,
                        false);
                default -> {
                    if (step.episode().open() && escalate && !before.escalated()) {
                        next = escalated(next, true);
                        alerts.add(deviationAlert(next, step.episode(), AlertStatus.UPDATED));
                    }
                }
            }
            return next;
        }

        private DeviationState escalated(final DeviationState d, final boolean escalated) {
            return new DeviationState(d.episode(), d.lastInside(), d.lastInsideAlongMeters(), d.exit(),
                    d.exitAlongMeters(), d.peak(), d.peakMeters(), escalated);
        }

        private Alert deviationAlert(final DeviationState d, final Episode episode, final AlertStatus status) {
            final RouteAlerts.Builder alert = RouteAlerts.alert(shipmentId, AlertType.ROUTE_DEVIATION, DEVIATION_RULE,
                            episode.alertId())
                    .status(status, d.escalated() ? Severity.HIGH : Severity.MEDIUM)
                    .evidenceTimes(episode.sinceMillis(), here.timeMillis())
                    .evidence("distanceMeters", RouteAlerts.meters(match.distanceMeters()))
                    .evidence("maxDistanceMeters", RouteAlerts.meters(d.peakMeters()))
                    .point("maxDistance", d.peak())
                    .point("exit", d.exit())
                    .evidence("exitAlongRouteMeters", RouteAlerts.meters(d.exitAlongMeters()))
                    .evidence("exitBearingDegrees", RouteAlerts.meters(GreatCircle.initialBearingDegrees(
                            d.exit().lat(), d.exit().lon(), d.peak().lat(), d.peak().lon())))
                    .evidence("corridorHalfWidthMeters", RouteAlerts.meters(halfWidth));
            if (status == AlertStatus.RESOLVED) {
                final long backInside = episode.phase() == Episode.Phase.CLEARING ? episode.clearingSince()
                        : here.timeMillis();
                return alert.summary("Back on the planned route after %s off it; at most %s from the route "
                                + "(left it at %s, %s along the route)", RouteAlerts.minutes(backInside
                                - episode.sinceMillis()), RouteAlerts.km(d.peakMeters()), RouteAlerts.position(d.exit()),
                        RouteAlerts.km(d.exitAlongMeters())).build();
            }
            return alert.summary("Outside the %s corridor of the planned route since %s: now %s off, at most %s "
                            + "(left it at %s, %s along the route)", RouteAlerts.km(halfWidth),
                    RouteAlerts.time(episode.sinceMillis()), RouteAlerts.km(match.distanceMeters()),
                    RouteAlerts.km(d.peakMeters()), RouteAlerts.position(d.exit()),
                    RouteAlerts.km(d.exitAlongMeters())).build();
        }

        // ---- stops -----------------------------------------------------------------------------

        private StayState stay() {
            final StayPoints.Step step = stayPoints.observe(state.stay(), here, place, plannedStop);
            if (step.ended() != null && step.ended().alertId() != null) {
                alerts.add(stopAlert(step.ended(), AlertStatus.RESOLVED));
            }
            final StayState stay = step.stay();
            if (stay.alertId() != null) {
                return stay;
            }
            final long dwell = stay.dwellMillis();
            final RouteSettings.Stops stops = settings.stops();
            final boolean tooLong = switch (stay.place()) {
                case PLANNED_STOP -> dwell > plan.plannedStops().get(stay.plannedStop()).maxDwellMillis();
                case ON_ROUTE -> dwell >= stops.onRouteMinDuration().toMillis();
                case OFF_ROUTE -> dwell >= stops.offRouteMinDuration().toMillis();
                default -> false;
            };
            if (!tooLong) {
                return stay;
            }
            final boolean planned = stay.place() == Place.PLANNED_STOP;
            final String rule = planned ? PROLONGED_STOP_RULE : UNSCHEDULED_STOP_RULE;
            final StayState alerted = stay.withAlert(AlertIds.episode(shipmentId, rule, stay.anchor().timeMillis()),
                    planned ? AlertType.PROLONGED_STOP : AlertType.UNSCHEDULED_STOP);
            alerts.add(stopAlert(alerted, AlertStatus.OPEN));
            return alerted;
        }

        private Alert stopAlert(final StayState stay, final AlertStatus status) {
            final boolean planned = stay.alertType() == AlertType.PROLONGED_STOP;
            final Severity severity = stay.place() == Place.OFF_ROUTE ? Severity.HIGH : Severity.MEDIUM;
            final RouteAlerts.Builder alert = RouteAlerts.alert(shipmentId, stay.alertType(),
                            planned ? PROLONGED_STOP_RULE : UNSCHEDULED_STOP_RULE, stay.alertId())
                    .status(status, severity)
                    .evidenceTimes(stay.anchor().timeMillis(), here.timeMillis())
                    .point("stop", stay.anchor())
                    .evidence("dwellMillis", Long.toString(stay.dwellMillis()))
                    .evidence("stayRadiusMeters", RouteAlerts.meters(settings.stops().radiusMeters()))
                    .evidence("place", stay.place().name());
            final String verb = status == AlertStatus.RESOLVED ? "Moved on after stopping" : "Stopped";
            if (planned) {
                final PlannedStop stop = plan.plannedStops().get(stay.plannedStop());
                return alert.evidence("plannedStop", stop.area().name())
                        .evidence("maxDwellMillis", Long.toString(stop.maxDwellMillis()))
                        .summary("%s %s at planned stop %s, longer than the %s allowed", verb,
                                RouteAlerts.minutes(stay.dwellMillis()), stop.area().name(),
                                RouteAlerts.minutes(stop.maxDwellMillis()))
                        .build();
            }
            return alert.summary("%s %s at %s, %s, where no stop is planned", verb,
                    RouteAlerts.minutes(stay.dwellMillis()), RouteAlerts.position(stay.anchor()),
                    stay.place() == Place.OFF_ROUTE ? "off the planned route" : "on the planned route").build();
        }

        // ---- diversion -------------------------------------------------------------------------

        private OpenAlert delivery(final StayState stay) {
            if (state.delivery() != null) {
                return state.delivery();
            }
            final boolean deliveryLikeStay = stay.place().unplanned()
                    && stay.dwellMillis() >= settings.diversion().deliveryStayMinDuration().toMillis()
                    && stay.anchor().timeMillis() >= plan.plannedArrival()
                    - settings.diversion().deliveryWindow().toMillis();
            if (!deliveryLikeStay) {
                return null;
            }
            final OpenAlert open = new OpenAlert(AlertIds.episode(shipmentId, DELIVERY_RULE,
                    stay.anchor().timeMillis()), stay.anchor());
            alerts.add(deliveryAlert(open, AlertStatus.OPEN, "delivery-like-stay", "Stopped for "
                    + RouteAlerts.minutes(stay.dwellMillis()) + " around the planned arrival"));
            return open;
        }

        private Alert deliveryAlert(final OpenAlert open, final AlertStatus status, final String trigger,
                                    final String what) {
            final TrackPoint since = open.since();
            final Area destination = plan.destination();
            final double away = GreatCircle.distanceMeters(since.lat(), since.lon(), destination.center().lat(),
                    destination.center().lon());
            return RouteAlerts.alert(shipmentId, AlertType.DIVERSION, DELIVERY_RULE, open.alertId())
                    .status(status, Severity.HIGH)
                    .evidenceTimes(since.timeMillis(), here.timeMillis())
                    .point("stop", since)
                    .evidence("distanceToDestinationMeters", RouteAlerts.meters(away))
                    .evidence("destination", destination.name())
                    .evidence("trigger", trigger)
                    .summary("%s at %s, %s from destination %s", what, RouteAlerts.position(since),
                            RouteAlerts.km(away), destination.name())
                    .build();
        }

        private ProgressState progress() {
            final double remaining = remainingMeters();
            final ProgressState before = state.progress();
            if (before == null) {
                return new ProgressState(remaining, here.timeMillis(), 0, null);
            }
            if (remaining <= before.markMeters() - settings.diversion().progressStepMeters()) {
                if (before.alertId() != null) {
                    alerts.add(noProgressAlert(before, remaining, AlertStatus.RESOLVED));
                }
                return new ProgressState(remaining, here.timeMillis(), 0, null);
            }
            final long stalled = before.stalledMillis() + (moving() ? here.timeMillis() - previous.timeMillis() : 0);
            final ProgressState next = new ProgressState(before.markMeters(), before.markMillis(), stalled,
                    before.alertId() != null || stalled < settings.diversion().noProgressDuration().toMillis()
                            ? before.alertId() : AlertIds.episode(shipmentId, NO_PROGRESS_RULE, before.markMillis()));
            if (before.alertId() == null && next.alertId() != null) {
                alerts.add(noProgressAlert(next, remaining, AlertStatus.OPEN));
            }
            return next;
        }

        private Alert noProgressAlert(final ProgressState progress, final double remaining, final AlertStatus status) {
            final RouteAlerts.Builder alert = RouteAlerts.alert(shipmentId, AlertType.DIVERSION, NO_PROGRESS_RULE,
                            progress.alertId())
                    .status(status, Severity.HIGH)
                    .evidenceTimes(progress.markMillis(), here.timeMillis())
                    .evidence("remainingMeters", RouteAlerts.meters(remaining))
                    .evidence("remainingAtLastProgressMeters", RouteAlerts.meters(progress.markMeters()))
                    .evidence("movingWithoutProgressMillis", Long.toString(progress.stalledMillis()))
                    .point("position", here);
            return status == AlertStatus.RESOLVED
                    ? alert.summary("Getting closer to the destination again: %s to go", RouteAlerts.km(remaining)).build()
                    : alert.summary("Moving for %s without getting closer to the destination: %s to go, %s at %s",
                            RouteAlerts.minutes(progress.stalledMillis()), RouteAlerts.km(remaining),
                            RouteAlerts.km(progress.markMeters()), RouteAlerts.time(progress.markMillis())).build();
        }

        // ---- arrival time ----------------------------------------------------------------------

        /** Here is a confirmed member of a stay: within its radius, after its anchor. */
        private boolean stationary(final StayState stay) {
            return stay.lastMillis() == here.timeMillis() && stay.dwellMillis() > 0;
        }

        /**
         * The smoothed speed with this fix pair, if it is a moving one: the vehicle was not standing at
         * the previous fix (a confirmed stay member, so the pair straddles a departure) and neither fix
         * is in a planned stop's area (a hub dwell with a single fix never confirms a stay). The pair
         * that arrives at a stay is taken back once the stay is confirmed ({@code speedBeforeStayMps}).
         */
        private double movingSpeed() {
            final StayState before = state.stay();
            final boolean leftAStay = before != null && previous != null
                    && before.lastMillis() == previous.timeMillis() && before.dwellMillis() > 0;
            if (!moving() || leftAStay || plannedStop >= 0 || plannedStopAt(previous, 0) >= 0) {
                return state.movingSpeedMps();
            }
            final double seconds = (here.timeMillis() - previous.timeMillis()) / 1_000.0;
            final double sample = here.metersTo(previous) / seconds;
            if (state.movingSpeedMps() <= 0) {
                return sample;
            }
            final double alpha = 1 - Math.exp(-seconds / settings.delay().speedSmoothing().toSeconds());
            return state.movingSpeedMps() + alpha * (sample - state.movingSpeedMps());
        }

        /**
         * Inside a planned stop's area, and not beyond its allowed dwell: the dwell is part of the plan,
         * and the projection can only grow there by the planned waiting. DELAY keeps its phase (neither
         * opens, updates nor resolves) and is judged again on departure, or once the dwell overruns.
         */
        private boolean atPlannedStopWithinDwell(final StayState stay) {
            return plannedStop >= 0 && (!stationary(stay)
                    || stay.dwellMillis() <= plan.plannedStops().get(plannedStop).maxDwellMillis());
        }

        private DelayState delay(final double movingSpeed) {
            final RouteSettings.Delay rule = settings.delay();
            final double speed = movingSpeed > 0 ? movingSpeed : rule.assumedSpeedKmh() / 3.6;
            final long projected = here.timeMillis() + Math.round(remainingMeters() / speed * 1_000);
            final long late = projected - plan.plannedArrival();
            final DelayState before = state.delay();
            final Episode.Step step = before.episode().observe(here.timeMillis(), late > rule.tolerance().toMillis(),
                    rule.confirmation(), shipmentId, DELAY_RULE);
            switch (step.transition()) {
                case OPENED -> {
                    alerts.add(delayAlert(step.episode(), AlertStatus.OPEN, projected, late, speed));
                    return new DelayState(step.episode(), late);
                }
                case RESOLVED -> {
                    alerts.add(delayAlert(before.episode(), AlertStatus.RESOLVED, projected, late, speed));
                    return DelayState.NONE;
                }
                default -> {
                    if (step.episode().open() && late >= before.reportedLateMillis() + DELAY_UPDATE_STEP_MILLIS) {
                        alerts.add(delayAlert(step.episode(), AlertStatus.UPDATED, projected, late, speed));
                        return new DelayState(step.episode(), late);
                    }
                    return new DelayState(step.episode(), step.episode().open() ? before.reportedLateMillis() : 0);
                }
            }
        }

        private Alert delayAlert(final Episode episode, final AlertStatus status, final long projected, final long late,
                                 final double speed) {
            return RouteAlerts.alert(shipmentId, AlertType.DELAY, DELAY_RULE, episode.alertId())
                    .status(status, Severity.LOW)
                    .evidenceTimes(episode.sinceMillis(), here.timeMillis())
                    .evidence("projectedArrival", RouteAlerts.time(projected))
                    .evidence("plannedArrival", RouteAlerts.time(plan.plannedArrival()))
                    .evidence("lateMillis", Long.toString(late))
                    .evidence("remainingMeters", RouteAlerts.meters(remainingMeters()))
                    .evidence("speedKmh", RouteAlerts.meters(speed * 3.6))
                    .summary(status == AlertStatus.RESOLVED
                                    ? "Back on time: projected arrival %s, planned %s"
                                    : "Running late: projected arrival %s, planned %s",
                            RouteAlerts.time(projected), RouteAlerts.time(plan.plannedArrival()))
                    .build();
        }

        // ---- arrival ---------------------------------------------------------------------------

        /** Inside the destination area: every open episode resolves, the rules are done. */
        private RouteState arrive() {
            final DeviationState deviation = state.deviation();
            if (deviation.episode().open()) {
                alerts.add(deviationAlert(deviation, deviation.episode(), AlertStatus.RESOLVED));
            }
            final StayState stay = state.stay();
            if (stay != null && stay.alertId() != null) {
                alerts.add(stopAlert(stay, AlertStatus.RESOLVED));
            }
            final OpenAlert delivery = state.delivery();
            if (delivery != null) {
                alerts.add(RouteAlerts.alert(shipmentId, AlertType.DIVERSION, DELIVERY_RULE, delivery.alertId())
                        .status(AlertStatus.RESOLVED, Severity.HIGH)
                        .evidenceTimes(delivery.since().timeMillis(), here.timeMillis())
                        .point("stop", delivery.since())
                        .summary("Reached destination %s after stopping at %s", plan.destination().name(),
                                RouteAlerts.position(delivery.since()))
                        .build());
            }
            final ProgressState progress = state.progress();
            if (progress != null && progress.alertId() != null) {
                alerts.add(noProgressAlert(progress, 0, AlertStatus.RESOLVED));
            }
            final DelayState delay = state.delay();
            if (delay.episode().open()) {
                final long late = here.timeMillis() - plan.plannedArrival();
                alerts.add(delayAlert(delay.episode(), AlertStatus.RESOLVED, here.timeMillis(), late,
                        state.movingSpeedMps()));
            }
            return new RouteState(here, match.leg(), null, 0, state.movingSpeedMps(), 0, state.droppedFixes(),
                    DeviationState.NONE, null, null, DelayState.NONE, null, true);
        }

        // ---- delivery --------------------------------------------------------------------------

        /**
         * The shipment was delivered at or before {@code here} and the vehicle had not been seen in the
         * destination area. If here is inside it, that is the arrival. Otherwise the deviation, stop and
         * DELAY episodes end with the delivery (resolved, so no alert is left open for a shipment that is
         * over), and a DIVERSION is kept or raised only if the vehicle cannot have been at the destination
         * between its last fix before delivery and here, driving at the fastest plausible speed: a
         * tracker that reported rarely, or the truck driving away after unloading, is no evidence. The
         * state is released either way.
         *
         * @param observed here is a fix after delivery, not the last position at the time of a time check
         */
        private Outcome<RouteState> deliver(final boolean observed) {
            if (observed && place == Place.DESTINATION) {
                arrive();
                return Outcome.of(null, alerts);
            }
            final DeviationState deviation = state.deviation();
            if (deviation.episode().open()) {
                alerts.add(endedByDelivery(deviationAlert(deviation, deviation.episode(), AlertStatus.RESOLVED)));
            }
            final StayState stay = state.stay();
            if (stay != null && stay.alertId() != null) {
                alerts.add(endedByDelivery(stopAlert(stay, AlertStatus.RESOLVED)));
            }
            final DelayState delay = state.delay();
            if (delay.episode().open()) {
                alerts.add(endedByDelivery(delayAlert(delay.episode(), AlertStatus.RESOLVED, here.timeMillis(),
                        here.timeMillis() - plan.plannedArrival(), state.movingSpeedMps())));
            }
            final OpenAlert open = state.delivery();
            if (!couldHaveBeenAtDestination(observed)) {
                final TrackPoint last = state.lastFix();
                final String what = "Marked delivered, but the vehicle cannot have been at the destination since "
                        + "its last fix at " + RouteAlerts.time(last.timeMillis()) + "; it was";
                alerts.add(open == null
                        ? deliveryAlert(new OpenAlert(AlertIds.episode(shipmentId, DELIVERY_RULE, last.timeMillis()),
                                last), AlertStatus.OPEN, "plan-delivered", what)
                        : deliveryAlert(open, AlertStatus.UPDATED, "plan-delivered", what));
                return Outcome.of(null, alerts);
            }
            if (open != null) {
                alerts.add(endedByDelivery(deliveryAlert(open, AlertStatus.RESOLVED, "delivery-like-stay",
                        "Stopped")));
            }
            final ProgressState progress = state.progress();
            if (progress != null && progress.alertId() != null) {
                alerts.add(endedByDelivery(noProgressAlert(progress, remainingMeters(), AlertStatus.RESOLVED)));
            }
            return Outcome.of(null, alerts);
        }

        /**
         * From the last fix before delivery, through the destination area, to here (for a time check:
         * into the destination area by now), at the fastest speed GPS hygiene believes.
         */
        private boolean couldHaveBeenAtDestination(final boolean observed) {
            final TrackPoint last = state.lastFix();
            final double way = outsideDestinationMeters(last) + (observed ? outsideDestinationMeters(here) : 0);
            final double reach = settings.hygiene().maxSpeedKmh() / 3.6 * (here.timeMillis() - last.timeMillis())
                    / 1_000.0;
            return way <= reach;
        }

        private double outsideDestinationMeters(final TrackPoint point) {
            final Area destination = plan.destination();
            return Math.max(0, GreatCircle.distanceMeters(point.lat(), point.lon(), destination.center().lat(),
                    destination.center().lon()) - destination.radiusMeters());
        }

        private Alert endedByDelivery(final Alert resolved) {
            final Map<String, String> evidence = new LinkedHashMap<>(resolved.evidence());
            evidence.put("endedBy", "delivery");
            return resolved.toBuilder().evidence(evidence)
                    .summary(String.format(Locale.ROOT,
                            "Shipment delivered: route monitoring ended (episode open since %s)",
                            RouteAlerts.time(resolved.firstEvidenceTime())))
                    .build();
        }

        // ---- helpers ---------------------------------------------------------------------------

        /** Distance still to go: along the route from the nearest route point, plus the way back to it. */
        private double remainingMeters() {
            return Math.max(0, index.totalMeters() - match.alongMeters()) + match.distanceMeters();
        }

        private boolean moving() {
            return previous != null && here.kmhFrom(previous) >= settings.diversion().movingSpeedKmh();
        }

        private Place placeOf() {
            if (within(plan.destination(), here, 0)) {
                return Place.DESTINATION;
            }
            if (within(plan.origin(), here, 0)) {
                return Place.ORIGIN;
            }
            if (plannedStop >= 0) {
                return Place.PLANNED_STOP;
            }
            return match.distanceMeters() <= halfWidth ? Place.ON_ROUTE : Place.OFF_ROUTE;
        }

        /** The first planned stop whose area, widened by {@code margin} metres, contains the point; or -1. */
        private int plannedStopAt(final TrackPoint point, final double margin) {
            final List<PlannedStop> stops = plan.plannedStops();
            for (int i = 0; i < stops.size(); i++) {
                if (within(stops.get(i).area(), point, margin)) {
                    return i;
                }
            }
            return -1;
        }
    }

    static boolean within(final Area area, final TrackPoint point, final double margin) {
        return GreatCircle.distanceMeters(area.center().lat(), area.center().lon(), point.lat(),
                point.lon()) <= area.radiusMeters() + margin;
    }
}
