package io.coldchain.streams;

import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.topology.ColdchainTopology;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The whole topology on a TopologyTestDriver, with builders for plans and custody scans of packs. */
final class SerialScenario implements AutoCloseable {

    static final Instant T0 = Plans.DEPARTURE;
    static final String GTIN = "00614141123452";
    static final Party SHIPPER = party("7601234000017", "Basel Pharma");
    static final Party CARRIER = party("4012345000009", "Rhine Reefer Logistics");
    static final Party CONSIGNEE = party("4098765000005", "Frankfurt Hospital Pharmacy");
    static final Party STRANGER = party("4011111000003", "Unknown Forwarder");
    static final Area BASEL = area("Basel DC", 47.5596, 7.5886);
    static final Area FRANKFURT = area("Frankfurt Hospital", 50.1109, 8.6821);
    static final Area TOKYO = area("Tokyo Narita", 35.7720, 140.3929);

    private final TopicCatalogue topics = new TopicCatalogue("coldchain.", 3, AvroSerdes.local());
    private final Topology topology;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ShipmentPlan> plans;
    private final TestInputTopic<String, CustodyEvent> custody;
    private final TestOutputTopic<String, Alert> alerts;

    SerialScenario(final Path stateDir) {
        this(stateDir, SerialSettings.defaults());
    }

    SerialScenario(final Path stateDir, final SerialSettings serial) {
        this(stateDir, serial, Map.of());
    }

    /** @param appConfigs further application config entries (objects such as a {@link WorkBudget}) */
    SerialScenario(final Path stateDir, final SerialSettings serial, final Map<String, Object> appConfigs) {
        final Properties props = ColdchainTopologyTest.config(stateDir, topics);
        props.putAll(appConfigs);
        final DetectionSettings defaults = DetectionSettings.defaults();
        final DetectionSettings settings = new DetectionSettings(defaults.profiles(), defaults.temperature(),
                defaults.route(), serial).withEventTimes(DriverSettings.ANY_FUTURE);
        topology = ColdchainTopology.build(props, topics, settings);
        driver = new TopologyTestDriver(topology, props, T0);
        plans = driver.createInputTopic(topics.shipmentPlans().name(), Serdes.String().serializer(),
                topics.shipmentPlans().valueSerde().serializer());
        custody = driver.createInputTopic(topics.custodyEvents().name(), Serdes.String().serializer(),
                topics.custodyEvents().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
    }

    /** The topics this scenario's topology reads and writes. */
    TopicCatalogue topics() {
        return topics;
    }

    static String sgtin(final String serial) {
        return GTIN + "." + serial;
    }

    static Party party(final String gln, final String name) {
        return Party.newBuilder().setGln(gln).setName(name).build();
    }

    static Area area(final String name, final double lat, final double lon) {
        return Area.newBuilder().setName(name).setCenter(GeoPoint.newBuilder().setLat(lat).setLon(lon).build())
                .setRadiusMeters(500).build();
    }

    SerialScenario plan(final String shipmentId, final String... serials) {
        return plan(planOf(shipmentId, serials), T0.minusSeconds(3600));
    }

    /** The plan of a Basel → Frankfurt shipment with the three planned custodians and these serials. */
    static ShipmentPlan.Builder planOf(final String shipmentId, final String... serials) {
        return Plans.baselToFrankfurt(shipmentId)
                .setExpectedCustodians(List.of(SHIPPER, CARRIER, CONSIGNEE))
                .setSerials(List.of(serials));
    }

    SerialScenario plan(final ShipmentPlan.Builder plan, final Instant publishedAt) {
        plans.pipeInput(plan.getShipmentId(), plan.build(), publishedAt);
        return this;
    }

    /** A custody scan builder: shipping at Basel from shipper to carrier, at {@code minutes} after T0. */
    static CustodyEvent.Builder scan(final String eventId, final String shipmentId, final double minutes,
                                     final String... serials) {
        final long time = T0.plusMillis((long) (minutes * 60_000)).toEpochMilli();
        return CustodyEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setRecordTime(time + 30_000)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(List.of(serials))
                .setBizLocation(BASEL)
                .setCustodian(CARRIER)
                .setSourceParty(SHIPPER)
                .setDestinationParty(CARRIER)
                .setShipmentId(shipmentId)
                .setLot("L42")
                .setExpiryDate("2027-06-30");
    }

    /** The receiving scan at Frankfurt by the consignee, from the carrier. */
    static CustodyEvent.Builder receiving(final String eventId, final String shipmentId, final double minutes,
                                          final String... serials) {
        return scan(eventId, shipmentId, minutes, serials).setBizStep("receiving").setDisposition("in_progress")
                .setBizLocation(FRANKFURT).setCustodian(CONSIGNEE).setSourceParty(CARRIER).setDestinationParty(CONSIGNEE);
    }

    static CustodyEvent.Builder errorDeclaration(final CustodyEvent original, final double minutes) {
        return CustodyEvent.newBuilder(original).setErrorDeclaration(ErrorDeclaration.newBuilder()
                .setDeclarationTime(T0.plusMillis((long) (minutes * 60_000)).toEpochMilli())
                .setReason("incorrect_data").build());
    }

    SerialScenario scanned(final CustodyEvent.Builder event) {
        final CustodyEvent built = event.build();
        custody.pipeInput(built.getShipmentId(), built);
        return this;
    }

    SerialScenario advanceWallClock(final Duration duration) {
        driver.advanceWallClockTime(duration);
        return this;
    }

    /** The topology as built for this scenario, described. */
    String describe() {
        return topology.describe().toString();
    }

    /** The topology as built for this scenario, as Kafka describes it. */
    org.apache.kafka.streams.TopologyDescription description() {
        return topology.describe();
    }

    /** The alerts so far, once the serial checks' inputs have settled ({@link SerialTopology#SETTLE}). */
    List<Alert> alerts() {
        settle();
        return alerts.readValuesToList();
    }

    /** The alerts so far, without letting the wall clock run first. */
    List<Alert> alertsNow() {
        return alerts.readValuesToList();
    }

    /** The serial states, once the inputs piped so far have settled. */
    KeyValueStore<String, SerialState> serialStates() {
        settle();
        return driver.getKeyValueStore(SerialTopology.STATE_STORE);
    }

    /**
     * Lets the wall clock run for {@link SerialTopology#SETTLE}, as it does between the scans a test pipes one after
     * the other: the serial checks apply each serial's inputs once none has arrived for that long.
     */
    SerialScenario settle() {
        return advanceWallClock(SerialTopology.SETTLE);
    }

    /** The serial states as they are now, without letting anything settle first. */
    KeyValueStore<String, SerialState> serialStatesNow() {
        return driver.getKeyValueStore(SerialTopology.STATE_STORE);
    }

    /** How many records {@code store} has written to its changelog since the last call, per key. */
    Map<String, Long> changelogRecords(final String store) {
        final TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic("coldchain-test-" + store + "-changelog",
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        final Map<String, Long> counts = new TreeMap<>();
        changelog.readKeyValuesToList().forEach(record -> counts.merge(record.key, 1L, Long::sum));
        return counts;
    }

    KeyValueStore<String, String> retentionIndex() {
        return driver.getKeyValueStore(SerialTopology.RETENTION_INDEX_STORE);
    }

    double metric(final String name) {
        settle();
        return metricNow(name);
    }

    /** The sum of the metric's values over the tasks, without letting the wall clock run first. */
    double metricNow(final String name) {
        return driver.metrics().values().stream()
                .filter(m -> m.metricName().name().equals(name))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
