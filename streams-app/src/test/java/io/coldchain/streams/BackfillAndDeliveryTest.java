package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.RouteTopology;
import io.coldchain.streams.topology.ShipmentLifecycleTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("History published after the fact, in any plausible order, gives the alerts of the live stream; delivery is inferred from the receiving scan")
class BackfillAndDeliveryTest {

    private static final Instant DEPARTURE = Plans.DEPARTURE;
    private static final Party SHIPPER = Party.newBuilder().setGln("7601234000017").setName("Shipper").build();
    private static final Party CONSIGNEE = Party.newBuilder().setGln("4012345000009").setName("Frankfurt DC").build();
    private static final GeoPoint FRANKFURT = GeoPoint.newBuilder().setLat(50.1109).setLon(8.6821).build();
    /** Two hours after the last record of every test, on the wall clock: every shipment has gone quiet. */
    private static final Duration QUIET = Duration.ofHours(2);
    /** The wall clock when the driver starts, in the cases about the broker's readings partition. */
    private static final Instant STALL_START = Instant.parse("2026-12-01T00:00:00Z");

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());
    private final TopicPartition readingsPartition = new TopicPartition(topics.temperatureReadings().name(), 0);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ShipmentPlan> plans;
    private TestInputTopic<String, TemperatureReading> readings;
    private TestInputTopic<String, CustodyEvent> custody;
    private TestInputTopic<String, LocationFix> fixes;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, SpecificRecord> lateData;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldRaiseNothingWhenTheLoggerStopsMinutesAfterTheConsigneesReceivingScan() {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        final List<SpecificRecord> history = deliveredShipment("SHP-D", true);
        history.forEach(this::pipe);
        settle();

        assertThat(alerts.readValuesToList()).isEmpty();
        assertThat(lateData.isEmpty()).isTrue();
    }

    @Test
    void shouldStillRaiseSensorSilentWhenNoReceivingScanEndsTheShipment() {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        deliveredShipment("SHP-D", false).forEach(this::pipe);
        settle();

        assertThat(alerts.readValuesToList()).extracting(Alert::getType).containsExactly(AlertType.SENSOR_SILENT);
    }

    @Test
    void shouldGiveTheSameAlertsWhetherHistoryArrivesInterleavedPerTypeOrPerShipment() {
        final List<SpecificRecord> first = warmShipment("SHP-A");
        final List<SpecificRecord> second = warmShipment("SHP-B");
        final List<SpecificRecord> interleaved = new ArrayList<>(first);
        interleaved.addAll(second);
        interleaved.sort((a, b) -> Long.compare(timeOf(a), timeOf(b)));

        final List<String> live = run(interleaved);
        assertThat(live).as("the episode is detected at all").isNotEmpty();

        final List<SpecificRecord> perType = new ArrayList<>(interleaved);
        perType.sort((a, b) -> Integer.compare(typeRank(a), typeRank(b))); // stable: time order within a type
        assertThat(run(perType)).containsExactlyInAnyOrderElementsOf(live);

        final List<SpecificRecord> perShipment = new ArrayList<>();
        for (final List<SpecificRecord> shipment : List.of(second, first)) {
            final List<SpecificRecord> shuffled = new ArrayList<>(shipment);
            shuffleWithinMinutes(shuffled, new Random(7));
            perShipment.addAll(shuffled);
        }
        assertThat(run(perShipment)).containsExactlyInAnyOrderElementsOf(live);

        // Each shipment's history first, its plan last: the serial and custody checks wait for the plan.
        final List<SpecificRecord> planLast = new ArrayList<>();
        for (final List<SpecificRecord> shipment : List.of(second, first)) {
            final List<SpecificRecord> history = new ArrayList<>(shipment.stream()
                    .filter(r -> !(r instanceof ShipmentPlan)).toList());
            shuffleWithinMinutes(history, new Random(11));
            planLast.addAll(history);
            planLast.addAll(shipment.stream().filter(ShipmentPlan.class::isInstance).toList());
        }
        assertThat(run(planLast)).as("each shipment's plan after its telemetry and scans")
                .containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void shouldJudgeAShipmentBackfilledDaysAfterOthersForItsTransitBeforeReleasingIt() {
        // Another shipment's history, five days later, comes first: stream time is far past this one's delivery.
        anotherShipmentFiveDaysLater(60);
        // Then this one: the logger stops after an hour, the goods are received three hours later.
        final String silent = "SHP-SILENT";
        pipe(plan(silent));
        pipe(shipping(silent));
        for (int minute = 0; minute <= 60; minute += 10) {
            pipe(Plans.reading(silent, Duration.ofMinutes(minute), 5.0));
        }
        pipe(receiving(silent, Duration.ofMinutes(240)));
        settle();

        assertThat(alerts.readValuesToList()).extracting(Alert::getType, Alert::getShipmentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.SENSOR_SILENT, silent));
    }

    @Test
    void shouldNotJudgeTheLoggerSilentWhileItsReadingsAreStillArrivingBehindTheShipmentsScans() {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        final String id = "SHP-LAG";
        pipe(plan(id));
        pipe(shipping(id));
        for (int minute = 0; minute <= 60; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        // The scans' upload runs ahead of the readings': a hub scan two hours on moves stream time, and the
        // readings of that first hour are handed over (stale) and judged while the rest are still on their way.
        pipe(storing(id, Duration.ofMinutes(180)));
        restOfReadingsThenDeliveryFindNothingMissing(id);
    }

    @Test
    void shouldFindTheLoggerSilentAtTheScansTimesOnceItsReadingsHaveStoppedArriving() {
        final String id = "SHP-DEAD-LOGGER";
        readingsForAnHourThenNoneForLongerThanTheySettle(id);
        pipe(storing(id, Duration.ofMinutes(180))); // while the scans go on

        assertThat(alerts.readValuesToList()).as("found at the scans' time, before the shipment goes quiet")
                .filteredOn(a -> a.getType() == AlertType.SENSOR_SILENT)
                .extracting(Alert::getLastEvidenceTime)
                .containsExactly(DEPARTURE.plus(Duration.ofMinutes(120)).toEpochMilli());
    }

    @Test
    void shouldFindTheLoggerSilentAtTheTrackersTimesOnceItsReadingsHaveStoppedArriving() {
        // The horizon comes from the route checks' clock: readings and fixes no longer write the activity store.
        final String id = "SHP-DEAD-LOGGER-TRACKED";
        readingsForAnHourThenNoneForLongerThanTheySettle(id);
        for (int minute = 0; minute <= 180; minute += 5) {
            pipe(fixOnTheWay(id, minute));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(alerts.readValuesToList()).as("found at the tracker's time, before the shipment goes quiet")
                .filteredOn(a -> a.getType() == AlertType.SENSOR_SILENT)
                .extracting(Alert::getLastEvidenceTime)
                .containsExactly(DEPARTURE.plus(Duration.ofMinutes(120)).toEpochMilli());
        final KeyValueStore<String, Long> activity = driver.getKeyValueStore(ShipmentLifecycleTopology.ACTIVITY_STORE);
        assertThat(activity.get(id)).as("the custody scans' time only").isEqualTo(DEPARTURE.toEpochMilli());
        final KeyValueStore<String, ClockedState<?>> fixes = driver.getKeyValueStore(RouteTopology.STATE_STORE);
        assertThat(fixes.get(id).clock().arrivedUpTo()).isEqualTo(DEPARTURE.plus(Duration.ofMinutes(180)).toEpochMilli());
    }

    @Test
    void shouldKeepHowFarAReleasedShipmentsReadingsCameInTheActivityStore() {
        anotherShipmentFiveDaysLater(0); // stream time far past the delivery below and its retention
        final String id = "SHP-RELEASED";
        pipe(plan(id));
        pipe(shipping(id));
        for (int minute = 0; minute <= 300; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0)); // the logger runs on after the receiving scan
        }
        pipe(receiving(id, Duration.ofMinutes(240)));
        final KeyValueStore<String, Long> activity = driver.getKeyValueStore(ShipmentLifecycleTopology.ACTIVITY_STORE);
        assertThat(activity.get(id)).as("the scans' times only, while the clock has the readings'")
                .isEqualTo(DEPARTURE.plus(Duration.ofMinutes(240)).toEpochMilli());
        settle();

        final KeyValueStore<String, ClockedState<?>> clocks = driver.getKeyValueStore(TemperatureTopology.STATE_STORE);
        assertThat(clocks.get(id)).as("released with the shipment's state").isNull();
        assertThat(activity.get(id)).as("the released clock's arrivals kept")
                .isEqualTo(DEPARTURE.plus(Duration.ofMinutes(300)).toEpochMilli());
    }

    @Test
    void shouldFindTheLoggerSilentSoonAfterItsReadingsStopWhenTheScansCameFirst() {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        final String id = "SHP-DEAD-LOGGER-2";
        pipe(plan(id));
        pipe(shipping(id));
        for (int minute = 0; minute <= 60; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        pipe(storing(id, Duration.ofMinutes(180)));
        assertThat(alerts.readValuesToList()).as("readings may still be on their way")
                .extracting(Alert::getType).doesNotContain(AlertType.SENSOR_SILENT);

        // Well before the shipment goes quiet (the grace period of wall clock), its readings have stopped arriving.
        driver.advanceWallClockTime(Duration.ofMillis(ReorderingDetectorProcessor.OWN_EVENTS_SETTLE_MILLIS + 5_000));

        assertThat(alerts.readValuesToList()).filteredOn(a -> a.getType() == AlertType.SENSOR_SILENT)
                .extracting(Alert::getLastEvidenceTime)
                .containsExactly(DEPARTURE.plus(Duration.ofMinutes(120)).toEpochMilli());
    }

    @Test
    void shouldNotJudgeTheLoggerSilentWhileItsReadingsPartitionStillHoldsRecordsTheTaskHasNotRead() {
        // A catch-up: the readings partition is read behind the task's others (a record far ahead at its head, or the
        // stream thread stalled), so the shipment's readings stop for longer than they take to settle while its scans go
        // on. The broker still holds them: that is not a silent logger.
        final String id = "SHP-PARTITION-BEHIND";
        final InputProgress progress = readingsStopThenScanAhead(id);
        final Duration stalled = Duration.ofMillis(ReorderingDetectorProcessor.OWN_EVENTS_SETTLE_MILLIS + 10_000);
        wallClockSampled(progress, stalled, 25); // 18 more readings on the broker
        assertThat(alerts.readValuesToList()).as("its readings are still on the broker")
                .extracting(Alert::getType).doesNotContain(AlertType.SENSOR_SILENT);

        progress.sampled(readingsPartition, STALL_START.plus(stalled).toEpochMilli(), 25, -1); // read once 7..24 come
        restOfReadingsThenDeliveryFindNothingMissing(id);
    }

    @Test
    void shouldFindTheLoggerSilentOnceItsReadingsPartitionIsReadToItsEnd() {
        final InputProgress progress = readingsStopThenScanAhead("SHP-DEAD-LOGGER-3");
        wallClockSampled(progress, Duration.ofMillis(ReorderingDetectorProcessor.OWN_EVENTS_SETTLE_MILLIS + 5_000),
                7); // nothing more on the broker

        assertThat(alerts.readValuesToList()).as("found well before the shipment goes quiet")
                .filteredOn(a -> a.getType() == AlertType.SENSOR_SILENT)
                .extracting(Alert::getLastEvidenceTime)
                .containsExactly(DEPARTURE.plus(Duration.ofMinutes(120)).toEpochMilli());
    }

    @Test
    void shouldFollowTheShipmentsOtherInputsWhenTheyArriveAfterItsReadingsSettledBehindTheStreamsTime() {
        // A catch-up, as after an outage: every input hours old, one partition behind the others.
        start(Instant.parse("2026-12-01T00:00:00Z"));
        final String id = "SHP-LAGGING-SCANS";
        final String other = "SHP-OTHER";
        pipe(plan(id));
        pipe(plan(other));
        pipe(shipping(id));
        for (int minute = 0; minute <= 60; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        // Stream time moves on past the readings' grace (the last ones are handed over), then far ahead.
        for (int minute = 70; minute <= 600; minute += 10) {
            pipe(Plans.reading(other, Duration.ofMinutes(minute), 5.0));
        }
        driver.advanceWallClockTime(Duration.ofMillis(ReorderingDetectorProcessor.OWN_EVENTS_SETTLE_MILLIS + 1_000));
        assertThat(alerts.readValuesToList()).as("its readings have settled; as far as its inputs show, an hour passed")
                .extracting(Alert::getType).doesNotContain(AlertType.SENSOR_SILENT);

        // Its scans come only now, older than the stream's time: no check of stream time follows them.
        pipe(storing(id, Duration.ofMinutes(180)));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(alerts.readValuesToList()).as("found as its scans arrive, not only once it went quiet (5 min)")
                .filteredOn(a -> a.getType() == AlertType.SENSOR_SILENT)
                .extracting(Alert::getShipmentId, Alert::getLastEvidenceTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id,
                        DEPARTURE.plus(Duration.ofMinutes(120)).toEpochMilli()));
    }

    @Test
    void shouldCountARedeliveredReadingWithoutSettingItAside() {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        final List<SpecificRecord> history = deliveredShipment("SHP-R", true);
        history.forEach(this::pipe);
        pipe(history.get(3)); // a reading already judged, uploaded again

        settle();
        assertThat(lateData.isEmpty()).isTrue();
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    private List<String> run(final List<SpecificRecord> records) {
        closeDriver();
        start(Instant.parse("2026-12-01T00:00:00Z"));
        records.forEach(this::pipe);
        settle();
        assertThat(lateData.isEmpty()).as("nothing set aside").isTrue();
        return alerts.readValuesToList().stream()
                .map(a -> a.getAlertId() + " " + a.getType() + " " + a.getRuleId() + " " + a.getStatus() + " "
                        + a.getFirstEvidenceTime() + " " + a.getLastEvidenceTime())
                .toList();
    }

    private void start(final Instant wallClock) {
        start(wallClock, null);
    }

    /** A driver, then another shipment's plan and readings (every 10 min for {@code minutes}) five days on. */
    private void anotherShipmentFiveDaysLater(final int minutes) {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        final String later = "SHP-LATER";
        pipe(Plans.baselToFrankfurt(later).setSerials(List.of(serialOf(later)))
                .setIssuedAt(DEPARTURE.plus(Duration.ofDays(5)).toEpochMilli()).build());
        for (int minute = 0; minute <= minutes; minute += 10) {
            pipe(Plans.reading(later, Duration.ofDays(5).plusMinutes(minute), 5.0));
        }
    }

    /**
     * A driver, a shipment that left with readings every 10 min for an hour, then no reading for longer than another
     * topic takes to catch up: its logger is silent if its other inputs show time passing.
     */
    private void readingsForAnHourThenNoneForLongerThanTheySettle(final String id) {
        start(Instant.parse("2026-12-01T00:00:00Z"));
        pipe(plan(id));
        pipe(shipping(id));
        for (int minute = 0; minute <= 60; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        driver.advanceWallClockTime(Duration.ofMillis(ReorderingDetectorProcessor.OWN_EVENTS_SETTLE_MILLIS + 10_000));
    }

    /** Readings 70..240 min (every 10 min) and the receiving scan at 240 min, then quiet: no silence, nothing late. */
    private void restOfReadingsThenDeliveryFindNothingMissing(final String id) {
        for (int minute = 70; minute <= 240; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        pipe(receiving(id, Duration.ofMinutes(240)));
        settle();

        assertThat(alerts.readValuesToList()).as("readings every 10 min, none missing")
                .extracting(Alert::getType).doesNotContain(AlertType.SENSOR_SILENT, AlertType.MISSING_DATA);
        assertThat(lateData.isEmpty()).isTrue();
    }

    /**
     * A driver told of the broker's readings partition, then a shipment whose readings (offsets 0..6) stop an hour
     * after departure while a hub's scan comes two hours later.
     */
    private InputProgress readingsStopThenScanAhead(final String id) {
        final InputProgress progress = InputProgress.create();
        start(STALL_START, progress);
        pipe(plan(id));
        pipe(shipping(id));
        for (int minute = 0; minute <= 60; minute += 10) {
            pipe(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        pipe(storing(id, Duration.ofMinutes(180)));
        return progress;
    }

    /** The wall clock moves on a second at a time for {@code how long}, the broker saying the partition ends at {@code end}. */
    private void wallClockSampled(final InputProgress progress, final Duration howLong, final long end) {
        for (Duration d = Duration.ZERO; d.compareTo(howLong) < 0; d = d.plusSeconds(1)) {
            progress.sampled(readingsPartition, STALL_START.plus(d).toEpochMilli(), end, -1);
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    /** @param progress what the broker says of the input partitions, or null: every record is read as it is piped */
    private void start(final Instant wallClock, final InputProgress progress) {
        final Properties props = ColdchainTopologyTest.config(stateDir.resolve(Long.toString(System.nanoTime())), topics);
        if (progress != null) {
            props.put(InputProgress.CONFIG, progress);
        }
        driver = new TopologyTestDriver(ColdchainTopology.build(props, topics, DriverSettings.detection()), props, wallClock);
        plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        readings = driver.createInputTopic(topics.temperatureReadings().name(), Serdes.String().serializer(),
                topics.temperatureReadings().valueSerde().serializer());
        custody = driver.createInputTopic(topics.custodyEvents().name(), Serdes.String().serializer(),
                topics.custodyEvents().valueSerde().serializer());
        fixes = driver.createInputTopic(topics.locationFixes().name(), Serdes.String().serializer(),
                topics.locationFixes().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        lateData = driver.createOutputTopic(topics.lateData().name(), Serdes.String().deserializer(),
                topics.lateData().valueSerde().deserializer());
    }

    /** The wall clock moves on in steps, as it does after an upload: buffers of quiet shipments are handed over. */
    private void settle() {
        for (Duration d = Duration.ZERO; d.compareTo(QUIET) < 0; d = d.plusSeconds(30)) {
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
    }

    private void pipe(final SpecificRecord record) {
        if (record instanceof ShipmentPlan plan) {
            plans.pipeInput(plan.getShipmentId(), plan, plan.getIssuedAt());
        } else if (record instanceof TemperatureReading reading) {
            readings.pipeInput(reading.getShipmentId(), reading, reading.getEventTime());
        } else if (record instanceof CustodyEvent event) {
            custody.pipeInput(event.getShipmentId(), event, event.getEventTime());
        } else if (record instanceof LocationFix fix) {
            fixes.pipeInput(fix.getShipmentId(), fix, fix.getEventTime());
        }
    }

    /** A fix on the straight line from Basel to Frankfurt, covered in 4 h. */
    private static LocationFix fixOnTheWay(final String id, final int minute) {
        final double f = Math.min(1.0, minute / 240.0);
        return LocationFix.newBuilder().setDeviceId("tracker-" + id).setShipmentId(id)
                .setEventTime(DEPARTURE.plus(Duration.ofMinutes(minute)).toEpochMilli())
                .setLat(47.5596 + f * (FRANKFURT.getLat() - 47.5596)).setLon(7.5886 + f * (FRANKFURT.getLon() - 7.5886))
                .setAccuracyMeters(10.0).build();
    }

    /** 4 h Basel → Frankfurt in range, readings every 10 min; the receiving scan at 4 h; the logger runs on 8 min. */
    private static List<SpecificRecord> deliveredShipment(final String id, final boolean receivingScan) {
        final List<SpecificRecord> records = new ArrayList<>();
        records.add(plan(id));
        records.add(shipping(id));
        for (int minute = 0; minute <= 248; minute += 8) {
            records.add(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        if (receivingScan) {
            records.add(receiving(id, Duration.ofMinutes(240)));
        }
        records.sort((a, b) -> Long.compare(timeOf(a), timeOf(b)));
        // Another shipment keeps stream time moving for 6 h more, as a live fleet does.
        records.addAll(followingShipment(id + "-NEXT"));
        return records;
    }

    private static List<SpecificRecord> followingShipment(final String id) {
        final List<SpecificRecord> records = new ArrayList<>();
        records.add(plan(id));
        records.add(shipping(id));
        for (int minute = 0; minute <= 600; minute += 10) {
            records.add(Plans.reading(id, Duration.ofMinutes(minute), 5.0));
        }
        records.add(receiving(id, Duration.ofMinutes(600)));
        return records;
    }

    /** 2 h 30 min at 12 °C after an hour in range: a band excursion and the consecutive rules, then delivery. */
    private static List<SpecificRecord> warmShipment(final String id) {
        final List<SpecificRecord> records = new ArrayList<>();
        records.add(plan(id));
        records.add(shipping(id));
        for (int minute = 0; minute <= 240; minute += 5) {
            final double celsius = minute >= 60 && minute < 210 ? 12.0 : 5.0;
            records.add(Plans.reading(id, Duration.ofMinutes(minute), celsius));
        }
        records.add(receiving(id, Duration.ofMinutes(238)));
        return records;
    }

    private static ShipmentPlan plan(final String id) {
        return Plans.baselToFrankfurt(id)
                .setDestination(Area.newBuilder().setName("Frankfurt DC").setGln(CONSIGNEE.getGln()).setCenter(FRANKFURT)
                        .setRadiusMeters(500).build())
                .setExpectedCustodians(List.of(SHIPPER, CONSIGNEE))
                .setSerials(List.of(serialOf(id)))
                .setIssuedAt(DEPARTURE.minus(Duration.ofHours(20)).toEpochMilli())
                .build();
    }

    private static CustodyEvent shipping(final String id) {
        final long time = DEPARTURE.toEpochMilli();
        final GeoPoint basel = GeoPoint.newBuilder().setLat(47.5596).setLon(7.5886).build();
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:ship-" + id)
                .setEventTime(time)
                .setRecordTime(time + 60_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(List.of(serialOf(id)))
                .setBizLocation(Area.newBuilder().setName("Basel DC").setCenter(basel).setRadiusMeters(200).build())
                .setCustodian(SHIPPER)
                .setSourceParty(SHIPPER)
                .setDestinationParty(CONSIGNEE)
                .setShipmentId(id)
                .build();
    }

    /** A hub on the way stores the goods (not a delivery: neither the consignee nor the destination). */
    private static CustodyEvent storing(final String id, final Duration afterDeparture) {
        final long time = DEPARTURE.plus(afterDeparture).toEpochMilli();
        final GeoPoint hub = GeoPoint.newBuilder().setLat(48.95).setLon(8.4).build();
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:store-" + id)
                .setEventTime(time)
                .setRecordTime(time + 60_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("storing")
                .setDisposition("in_progress")
                .setEpcList(List.of(serialOf(id)))
                .setBizLocation(Area.newBuilder().setName("Karlsruhe hub").setCenter(hub).setRadiusMeters(200).build())
                .setCustodian(SHIPPER)
                .setShipmentId(id)
                .build();
    }

    private static CustodyEvent receiving(final String id, final Duration afterDeparture) {
        final long time = DEPARTURE.plus(afterDeparture).toEpochMilli();
        return CustodyEvent.newBuilder()
                .setEventId("urn:uuid:recv-" + id)
                .setEventTime(time)
                .setRecordTime(time + 60_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("receiving")
                .setDisposition("in_progress")
                .setEpcList(List.of(serialOf(id)))
                .setBizLocation(Area.newBuilder().setName("Frankfurt DC").setGln(CONSIGNEE.getGln()).setCenter(FRANKFURT)
                        .setRadiusMeters(200).build())
                .setCustodian(CONSIGNEE)
                .setShipmentId(id)
                .build();
    }

    private static String serialOf(final String shipmentId) {
        return "00614141123452." + shipmentId;
    }

    private static long timeOf(final SpecificRecord record) {
        if (record instanceof ShipmentPlan plan) {
            return plan.getIssuedAt();
        }
        if (record instanceof TemperatureReading reading) {
            return reading.getEventTime();
        }
        return ((CustodyEvent) record).getEventTime();
    }

    private static int typeRank(final SpecificRecord record) {
        return record instanceof ShipmentPlan ? 0 : record instanceof TemperatureReading ? 1 : 2;
    }

    /** Swaps neighbours less than 3 minutes apart, as an uploader that batches readings does. */
    private static void shuffleWithinMinutes(final List<SpecificRecord> records, final Random random) {
        for (int i = 1; i < records.size(); i++) {
            if (random.nextBoolean() && timeOf(records.get(i)) - timeOf(records.get(i - 1)) <= 180_000
                    && records.get(i) instanceof TemperatureReading && records.get(i - 1) instanceof TemperatureReading) {
                Collections.swap(records, i, i - 1);
            }
        }
    }
}
