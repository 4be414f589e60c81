package io.coldchain.streams;

import static io.coldchain.rules.route.RouteFixtures.DEPARTURE;
import static io.coldchain.rules.route.RouteFixtures.MAINZ;
import static io.coldchain.rules.route.RouteFixtures.area;
import static io.coldchain.rules.route.RouteFixtures.at;
import static io.coldchain.rules.route.RouteFixtures.fix;
import static io.coldchain.rules.route.RouteFixtures.offRoute;
import static io.coldchain.rules.route.RouteFixtures.plan;
import static io.coldchain.rules.route.RouteFixtures.scan;
import static io.coldchain.rules.route.RouteFixtures.trip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.rules.DetectorDecorator;
import io.coldchain.rules.route.CustodyDiversionRule;
import io.coldchain.rules.route.DropReason;
import io.coldchain.rules.route.RouteDetector;
import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.route.RouteState;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.contract.Contracts;
import io.coldchain.contract.validation.ShipmentPlanValidator;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.domain.DetectionOverrides;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.Route;
import io.coldchain.schemas.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.processors.ValidateRecordsProcessor;
import io.coldchain.streams.topology.AlertsTopology;
import io.coldchain.streams.topology.RouteTopology;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.ShipmentPlansTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route rules through Kafka Streams on the Basel → Frankfurt motorway route: every acceptance
 * case of issue 4, plus reordering within the grace period, late data, drop metrics and naming.
 */
class RouteTopologyTest {

    private static final String CUSTODY_SOURCE = "read-custody-events";
    private static final RouteSettings SETTINGS = RouteSettings.defaults();

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, io.coldchain.schemas.ShipmentPlan> plans;
    private TestInputTopic<String, io.coldchain.schemas.LocationFix> fixes;
    private TestInputTopic<String, io.coldchain.schemas.CustodyEvent> custody;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, SpecificRecord> lateData;

    static Properties config(final Path stateDir, final TopicCatalogue topics) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coldchain-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters().name());
        return props;
    }

    /** Composed as production composes it, plus the custody source that SerialTopology owns in production. */
    private Topology topology(final Properties props) {
        final StreamsBuilder builder = new StreamsBuilder();
        ShipmentPlansTopology.addTo(builder, topics,
                new ShipmentPlanValidator(DriverSettings.ANY_FUTURE, TemperatureProfiles.builtIn()));
        final KStream<String, io.coldchain.schemas.CustodyEvent> custodyEvents = builder.stream(topics.custodyEvents().name(),
                Consumed.with(topics.custodyEvents().keySerde(), topics.custodyEvents().valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName(CUSTODY_SOURCE));
        ShipmentLifecycleTopology.addTo(builder, custodyEvents);
        final KStream<String, Alert> routeAlerts = RouteTopology.addTo(builder, topics, SETTINGS,
                ShipmentLifecycleTopology.defaultRetention(), DriverSettings.ANY_FUTURE, DetectorDecorator.NONE);
        final KStream<String, Alert> custodyAlerts = RouteTopology.addCustodyDiversion(custodyEvents);
        AlertsTopology.addTo(topics, List.of(new AlertsTopology.NamedAlerts("route", routeAlerts),
                new AlertsTopology.NamedAlerts("route-custody", custodyAlerts)));
        return builder.build(props);
    }

    @BeforeEach
    void startDriver() {
        startDriver(config(stateDir, topics));
    }

    private void startDriver(final Properties props) {
        driver = new TopologyTestDriver(topology(props), props, DEPARTURE);
        plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        fixes = driver.createInputTopic(topics.locationFixes().name(), Serdes.String().serializer(),
                topics.locationFixes().valueSerde().serializer());
        custody = driver.createInputTopic(topics.custodyEvents().name(), Serdes.String().serializer(),
                topics.custodyEvents().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        lateData = driver.createOutputTopic(topics.lateData().name(), Serdes.String().deserializer(),
                topics.lateData().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldAlertOnA30KmDetour() {
        publish(plan("SHP-DETOUR").build());

        drive(trip("SHP-DETOUR").alongRouteTo(110, 90).driveTo(offRoute(125, 30_000), 70)
                .stay(Duration.ofMinutes(5)).fixes());

        final List<Alert> deviations = ofType(AlertType.ROUTE_DEVIATION);
        assertThat(deviations).extracting(Alert::getStatus, Alert::getSeverity).containsExactly(
                tuple(AlertStatus.OPEN, Severity.MEDIUM), tuple(AlertStatus.UPDATED, Severity.HIGH));
        final Alert open = deviations.get(0);
        assertThat(open.getRuleId()).isEqualTo(RouteDetector.DEVIATION_RULE);
        assertThat(open.getAlertId()).isEqualTo(deviations.get(1).getAlertId());
        assertThat(open.getFirstEvidenceTime()).as("5 min and 3 fixes after leaving")
                .isEqualTo(open.getLastEvidenceTime() - Duration.ofMinutes(5).toMillis());
        assertThat(number(open, "exitAlongRouteMeters")).as("left near Offenburg").isBetween(109_000.0, 111_000.0);
        assertThat(number(open, "exitLat")).isBetween(48.4, 48.5);
    }

    @Test
    void shouldNotAlertOnThe30KmDetourWhenThePlanAsksForMoreFixesOutside() {
        publish(plan("SHP-PATIENT").detectionOverrides(new DetectionOverrides(10_000, null)).build());

        drive(trip("SHP-PATIENT").alongRouteTo(110, 90).driveTo(offRoute(125, 30_000), 70)
                .stay(Duration.ofMinutes(5)).fixes());

        assertThat(ofType(AlertType.ROUTE_DEVIATION)).isEmpty();
    }

    @Test
    void shouldOpenTheDeviationAtTheFirstFixOutsideWhenThePlanConfirmsAtOnce() {
        publish(plan("SHP-EAGER").detectionOverrides(new DetectionOverrides(1, 0L)).build());

        drive(trip("SHP-EAGER").alongRouteTo(110, 90).driveTo(offRoute(125, 30_000), 70)
                .stay(Duration.ofMinutes(5)).fixes());

        final Alert open = ofType(AlertType.ROUTE_DEVIATION).get(0);
        assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(open.getFirstEvidenceTime()).as("one fix outside is enough")
                .isEqualTo(open.getLastEvidenceTime());
    }

    @Test
    void shouldResolveADetourThatReturnsToTheRoute() {
        publish(plan("SHP-RETURN").build());

        drive(trip("SHP-RETURN").alongRouteTo(110, 90).driveTo(offRoute(125, 30_000), 70)
                .rejoinRouteAt(140, 70).alongRouteTo(170, 90).fixes());

        final List<Alert> out = readAlerts();
        assertThat(out).extracting(Alert::getType, Alert::getStatus).containsExactly(
                tuple(AlertType.ROUTE_DEVIATION, AlertStatus.OPEN),
                tuple(AlertType.ROUTE_DEVIATION, AlertStatus.UPDATED),
                tuple(AlertType.ROUTE_DEVIATION, AlertStatus.RESOLVED));
        final Alert resolved = out.get(2);
        assertThat(resolved.getAlertId()).isEqualTo(out.get(0).getAlertId());
        assertThat(number(resolved, "maxDistanceMeters")).isBetween(29_500.0, 30_500.0);
        assertThat(resolved.getSummary()).startsWith("Back on the planned route");
        assertThat(driver.<String, ClockedState<RouteState>>getKeyValueStore(RouteTopology.STATE_STORE).get("SHP-RETURN")
                .state().deviation().episode().open()).isFalse();
    }

    @Test
    void shouldNotAlertOnASingle200MetreJumpClaimingTwoMetreAccuracy() {
        // A 150 m corridor, so the jump really is outside it.
        final ShipmentPlan narrow = plan("SHP-JUMP").route(new Route(plan("SHP-JUMP").build().route().waypoints(), 150))
                .build();
        publish(narrow);

        drive(trip("SHP-JUMP").alongRouteTo(40, 90).glitch(offRoute(41.5, 200), 2.0).alongRouteTo(80, 90).fixes());

        assertThat(readAlerts()).isEmpty();
        assertThat(droppedFixes(null)).as("accepted by hygiene: the corridor confirmation ignores it").isZero();
    }

    @Test
    void shouldDropAFarOutlierCountItAndNotAlert() {
        publish(plan("SHP-OUTLIER").build());

        drive(trip("SHP-OUTLIER").alongRouteTo(40, 90).glitch(offRoute(41.5, 80_000), 2.0).alongRouteTo(80, 90)
                .fixes());

        assertThat(readAlerts()).isEmpty();
        assertThat(droppedFixes(DropReason.IMPOSSIBLE_SPEED)).isEqualTo(1.0);
    }

    @Test
    void shouldNotAlertOnAFiveMinuteTrafficStopOnTheMotorway() {
        publish(plan("SHP-TRAFFIC").build());

        drive(trip("SHP-TRAFFIC").alongRouteTo(60, 90).stay(Duration.ofMinutes(5)).alongRouteTo(100, 90).fixes());

        assertThat(readAlerts()).isEmpty();
    }

    @Test
    void shouldRaiseUnscheduledStopForTwoHoursInACarParkThreeKilometresOffTheRoute() {
        publish(plan("SHP-CARPARK").build());
        final GeoPoint carPark = offRoute(81, 3_000);

        drive(trip("SHP-CARPARK").alongRouteTo(80, 90).driveTo(carPark, 40).stay(Duration.ofHours(2))
                .rejoinRouteAt(82, 40).alongRouteTo(120, 90).fixes());

        final List<Alert> stops = ofType(AlertType.UNSCHEDULED_STOP);
        assertThat(stops).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(stops).extracting(Alert::getAlertId).containsOnly(stops.get(0).getAlertId());
        assertThat(stops.get(0).getSeverity()).as("off the route").isEqualTo(Severity.HIGH);
        assertThat(stops.get(0).getEvidence()).containsEntry("place", "OFF_ROUTE");
        assertThat(Long.parseLong(stops.get(1).getEvidence().get("dwellMillis")))
                .isGreaterThan(Duration.ofMinutes(115).toMillis());
        assertThat(number(stops.get(0), "stopLat")).isCloseTo(carPark.lat(), org.assertj.core.api.Assertions.within(0.001));
    }

    @Test
    void shouldRaiseDiversionWhenDeliveredToTheWrongCity() {
        publish(plan("SHP-MAINZ").build());

        drive(trip("SHP-MAINZ").alongRouteTo(295, 90).driveTo(MAINZ, 70).stay(Duration.ofHours(2)).fixes());

        final List<Alert> diversions = ofType(AlertType.DIVERSION);
        assertThat(diversions).extracting(Alert::getRuleId, Alert::getStatus, Alert::getSeverity)
                .containsExactly(tuple(RouteDetector.DELIVERY_RULE, AlertStatus.OPEN, Severity.HIGH));
        assertThat(diversions.get(0).getEvidence()).containsEntry("trigger", "delivery-like-stay")
                .containsEntry("destination", "Frankfurt DC");
        assertThat(number(diversions.get(0), "distanceToDestinationMeters")).isBetween(33_000.0, 34_500.0);
    }

    @Test
    void shouldRaiseDiversionForACustodyScanInTheWrongCity() {
        publish(plan("SHP-SCAN").build());

        custody.pipeInput("SHP-SCAN", wireScan("SHP-SCAN", "receiving", area("Mainz Pharma GmbH", "4005555000019",
                MAINZ, 200), at(Duration.ofHours(4))));
        custody.pipeInput("SHP-SCAN", wireScan("SHP-SCAN", "departing", plan("SHP-SCAN").build().origin(), at(Duration.ZERO)));

        assertThat(readAlerts()).extracting(Alert::getType, Alert::getRuleId, Alert::getStatus)
                .containsExactly(tuple(AlertType.DIVERSION, CustodyDiversionRule.RULE_ID, AlertStatus.OPEN));
    }

    @Test
    void shouldEndAnOpenDelayWhenTheConsigneesReceivingScanDeliversTheShipment() {
        final ShipmentPlan plan = plan("SHP-SLOW").build();
        publish(plan);
        drive(trip("SHP-SLOW").alongRouteTo(150, 40).fixes());
        assertThat(ofType(AlertType.DELAY)).extracting(Alert::getStatus).containsExactly(AlertStatus.OPEN);

        // The tracker is off; the consignee receives the goods at its site hours later, no plan is republished.
        custody.pipeInput("SHP-SLOW", wireScan("SHP-SLOW", "receiving", plan.destination(), at(Duration.ofHours(7))));
        for (int minute = 0; minute < 4 * 60; minute++) {
            driver.advanceWallClockTime(Duration.ofMinutes(1));
        }

        final List<Alert> after = readAlerts();
        assertThat(after).extracting(Alert::getType, Alert::getStatus)
                .containsExactly(tuple(AlertType.DELAY, AlertStatus.RESOLVED));
        assertThat(after.get(0).getEvidence()).containsEntry("endedBy", "delivery");
    }

    @Test
    void shouldSkipAndCountCustodyScansOfUnknownShipments() {
        custody.pipeInput("SHP-NOPLAN", wireScan("SHP-NOPLAN", "receiving", area("Mainz", null, MAINZ, 200),
                at(Duration.ofHours(4))));

        assertThat(readAlerts()).isEmpty();
        assertThat(metric(RouteTopology.SKIPPED_CUSTODY_SCANS + "-total", "no-plan")).isEqualTo(1.0);
    }

    @Test
    void shouldGiveTheSameAlertsWhenFixesArriveOutOfOrderWithinTheGracePeriod() {
        final List<LocationFix> inOrder = trip("SHP-ORDER").alongRouteTo(110, 90).driveTo(offRoute(125, 30_000), 70)
                .rejoinRouteAt(140, 70).alongRouteTo(150, 90).fixes();
        publish(plan("SHP-ORDER").build());
        drive(inOrder);
        final List<Alert> expected = readAlerts();
        driver.close();

        startDriver();
        publish(plan("SHP-ORDER").build());
        drive(swappedPairs(inOrder));
        final List<Alert> shuffled = readAlerts();

        assertThat(expected).hasSize(3);
        assertThat(shuffled).isEqualTo(expected);
        assertThat(lateData.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteNothingToTheBufferChangelogForAFixJudgedInTheRecordItArrivedIn() {
        publish(plan("SHP-FRESH").build());
        final long start = DEPARTURE.toEpochMilli();
        final long grace = SETTINGS.grace().toMillis();
        final TestOutputTopic<byte[], byte[]> bufferChangelog = driver.createOutputTopic(
                "coldchain-test-" + RouteTopology.BUFFER_STORE + "-changelog",
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

        pipe(fix("SHP-FRESH", start, 47.55, 7.59, 5.0));                     // buffered: written at the commit
        pipe(fix("SHP-FRESH", start + grace + 60_000, 47.60, 7.60, 5.0));   // releases the first: its tombstone
        pipe(fix("SHP-FRESH", start + 30_000, 47.56, 7.59, 5.0));           // out of order, judged at once

        final Map<Bytes, List<Boolean>> tombstonesByKey = new LinkedHashMap<>();
        bufferChangelog.readKeyValuesToList().forEach(kv -> tombstonesByKey
                .computeIfAbsent(Bytes.wrap(kv.key), key -> new ArrayList<>()).add(kv.value == null));
        assertThat(lateData.isEmpty()).as("the third fix is within the grace period").isTrue();
        assertThat(tombstonesByKey.values())
                .as("the first fix put and deleted, the second put; the third put and deleted within one commit interval: nothing")
                .containsExactlyInAnyOrder(List.of(false, true), List.of(false));
    }

    @Test
    void shouldSendFixesLaterThanTheGracePeriodToTheLateDataTopic() {
        publish(plan("SHP-LATE").build());
        final List<LocationFix> trip = trip("SHP-LATE").alongRouteTo(30, 90).fixes();
        trip.forEach(this::pipe);
        final LocationFix straggler = fix("SHP-LATE", trip.get(trip.size() - 1).eventTime()
                - SETTINGS.grace().toMillis() - 60_000, 47.8, 7.57, 5.0);

        pipe(straggler);

        final List<TestRecord<String, SpecificRecord>> late = lateData.readRecordsToList();
        assertThat(late).hasSize(1);
        assertThat(late.get(0).value()).isEqualTo(Contracts.toWire(straggler));
        assertThat(new String(late.get(0).headers().lastHeader(ReorderingDetectorProcessor.LATE_REASON_HEADER).value(),
                StandardCharsets.UTF_8)).contains("beyond the grace period");
    }

    @Test
    void shouldCountDroppedFixesPerReasonInStreamsMetricsAndTheStoreAndRefuseImpossiblePositionsAtTheDoor() {
        publish(plan("SHP-DIRTY").build());
        final List<LocationFix> trip = new ArrayList<>(trip("SHP-DIRTY").alongRouteTo(20, 90).fixes());
        final long t = trip.get(trip.size() - 1).eventTime();
        trip.add(fix("SHP-DIRTY", t + 10_000, 0, 0, 5.0));
        trip.add(fix("SHP-DIRTY", t + 20_000, 48, 190, 5.0));
        trip.add(fix("SHP-DIRTY", t + 30_000, 47.7, 7.57, 250.0));
        trip.add(fix("SHP-DIRTY", t + 40_000, 49.5, 8.5, 3.0));

        drive(trip);

        // (0,0) and a longitude of 190 are not fixes at all: refused by validate-location-fixes (dead-lettered).
        assertThat(invalidFixes("null-island")).isEqualTo(1.0);
        assertThat(invalidFixes("out-of-range")).isEqualTo(1.0);
        assertThat(droppedFixes(DropReason.ZERO_POSITION)).isZero();
        assertThat(droppedFixes(DropReason.OUT_OF_RANGE)).isZero();
        // Real fixes not good enough to judge a route by: dropped by the route rules' hygiene.
        assertThat(droppedFixes(DropReason.POOR_ACCURACY)).isEqualTo(1.0);
        assertThat(droppedFixes(DropReason.IMPOSSIBLE_SPEED)).isEqualTo(1.0);
        assertThat(droppedFixes(DropReason.DUPLICATE_TIMESTAMP)).isZero();
        final KeyValueStore<String, ClockedState<RouteState>> store = driver.getKeyValueStore(RouteTopology.STATE_STORE);
        assertThat(store.get("SHP-DIRTY").state().droppedFixes()).hasSize(2);
        assertThat(readAlerts()).isEmpty();
    }

    @Test
    void shouldNameEveryNodeAndStore() {
        final String description = topology(config(stateDir, topics)).describe().toString();

        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_", "KTABLE_");
        assertThat(description).contains(RouteTopology.SOURCE, RouteTopology.DETECT, RouteTopology.STATE_STORE,
                RouteTopology.BUFFER_STORE, RouteTopology.CUSTODY_DETECT, "split-route-output-",
                "write-route-late-data", AlertsTopology.SINK);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static io.coldchain.schemas.CustodyEvent wireScan(final String shipmentId, final String bizStep,
                                                        final io.coldchain.domain.Area location, final long time) {
        return Contracts.toWire(scan(shipmentId, bizStep, location, time));
    }

    /**
     * A live fleet reports in turn: each shipment's next fix comes after every other shipment's. A task's cache of
     * detector states smaller than its share of the fleet (the default holds 4,096) then answers no fix's first read
     * from the heap, and every fix reads its shipment's state back from the store; with {@code --state-cache-shipments}
     * at the fleet's size each shipment's state is read once.
     */
    @Test
    void shouldReadEachShipmentsStateFromTheStoreOnceWhenTheCacheHoldsTheFleet() {
        final int fleet = 60;

        driver.close();
        startDriver(withStateCache(40, "smaller"));
        driveFleetInTurn(fleet);
        assertThat(cacheReads(RouteTopology.STATE_STORE, "miss")).as("a cache of 40: every fix's first read misses")
                .isEqualTo(3.0 * fleet);

        driver.close();
        startDriver(withStateCache(fleet, "fleet-sized"));
        driveFleetInTurn(fleet);
        assertThat(cacheReads(RouteTopology.STATE_STORE, "miss")).as("each shipment's first fix: it has no state yet")
                .isEqualTo(fleet);
        assertThat(cacheReads(RouteTopology.STATE_STORE, "hit")).as("the second and third rounds")
                .isGreaterThanOrEqualTo(2.0 * fleet);
    }

    private Properties withStateCache(final int shipments, final String dir) {
        final Properties props = config(stateDir.resolve(dir), topics);
        props.put(StateCache.SHIPMENTS_CONFIG, Integer.toString(shipments));
        return props;
    }

    /** A plan for each of {@code fleet} shipments, then three rounds of one fix each, a minute apart. */
    private void driveFleetInTurn(final int fleet) {
        for (int i = 0; i < fleet; i++) {
            publish(plan(String.format("SHP-%05d", i)).build());
        }
        for (int round = 0; round < 3; round++) {
            final long at = DEPARTURE.plus(Duration.ofMinutes(round)).toEpochMilli();
            for (int i = 0; i < fleet; i++) {
                pipe(fix(String.format("SHP-%05d", i), at, 47.5596, 7.5886, 5.0));
            }
        }
        assertThat(driver.<String, ClockedState<RouteState>>getKeyValueStore(RouteTopology.STATE_STORE)
                .get(String.format("SHP-%05d", fleet - 1)).clock()).as("the fixes reached the detector").isNotNull();
    }

    private void publish(final ShipmentPlan plan) {
        plans.pipeInput(plan.shipmentId(), Contracts.toWire(plan), DEPARTURE.minusSeconds(60));
    }

    /** Pipes the fixes, then lets the stream go quiet past the grace period so the buffer releases the tail. */
    private void drive(final List<LocationFix> trip) {
        trip.forEach(this::pipe);
        driver.advanceWallClockTime(SETTINGS.grace().plusSeconds(1));
    }

    private void pipe(final LocationFix fix) {
        // Deliberately no record timestamp: event time comes from the payload.
        fixes.pipeInput(fix.shipmentId(), Contracts.toWire(fix));
    }

    private List<Alert> readAlerts() {
        return alerts.readValuesToList();
    }

    private List<Alert> ofType(final AlertType type) {
        return readAlerts().stream().filter(a -> a.getType() == type).toList();
    }

    private static double number(final Alert alert, final String evidence) {
        return Double.parseDouble(alert.getEvidence().get(evidence));
    }

    /** Each fix swapped with its successor: every other fix arrives a minute after a later one. */
    private static List<LocationFix> swappedPairs(final List<LocationFix> inOrder) {
        final List<LocationFix> swapped = new ArrayList<>(inOrder);
        for (int i = 0; i + 1 < swapped.size(); i += 2) {
            swapped.set(i, inOrder.get(i + 1));
            swapped.set(i + 1, inOrder.get(i));
        }
        return swapped;
    }

    /** The drop count for one reason, or for all when {@code reason} is null. */
    private double droppedFixes(final DropReason reason) {
        return metric(RouteTopology.DROPPED_FIXES + "-total", reason == null ? null : reason.tag());
    }

    private double invalidFixes(final String reason) {
        return metric(ValidateRecordsProcessor.METRICS_GROUP, ValidateRecordsProcessor.INVALID_RECORDS + "-total", reason);
    }

    private double cacheReads(final String store, final String outcome) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(TaskSensors.STATE_CACHE_GROUP))
                .filter(e -> e.getKey().name().equals(TaskSensors.STATE_CACHE_READS + "-total"))
                .filter(e -> store.equals(e.getKey().tags().get("store")))
                .filter(e -> outcome.equals(e.getKey().tags().get("outcome")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private double metric(final String name, final String reason) {
        return metric(RouteTopology.METRICS_GROUP, name, reason);
    }

    private double metric(final String group, final String name, final String reason) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(group))
                .filter(e -> e.getKey().name().equals(name))
                .filter(e -> reason == null || reason.equals(e.getKey().tags().get("reason")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
