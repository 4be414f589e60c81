package io.coldchain.sim.command;

import io.coldchain.sim.SimulationRequest;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.publish.KafkaTarget;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: publishes a seeded simulation of shipments to Kafka. This class holds the flags only: they become a
 * {@link SimulationRequest} and a {@link KafkaTarget}, which {@link SimulationRun} carries out. Public so the
 * {@code coldchain} launcher can register it as a subcommand; {@link SimulatorMain} runs it alone.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = SimulateCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Publishes N simulated refrigerated shipments to Kafka: first their plans, then, in event-time order, "
                    + "temperature readings, GPS fixes along the planned route and custody scans at pickup, hubs and "
                    + "delivery, recorded the way most parties do (see the conventions flags). Some shipments run warm "
                    + "(9..14 °C for 40+ minutes); others carry incidents the "
                    + "pipeline must detect (reefer failure, door open, freezing, silent logger, detour, theft stop, "
                    + "wrong destination, cloned, reused and unknown serials, unexpected custodian) or confounders "
                    + "it must not alert on (GPS outliers, loading spikes, traffic stops, redelivered and slightly "
                    + "late records). --labels writes the ground truth for 'score'.",
            "Same --seed and --start, same events and labels. Progress goes to stderr, the summary to stdout."},
        footer = {"",
            "Durations: ISO-8601 (PT5M) or a number with a unit: 500ms, 30s, 5m, 2h, 1d.",
            "Default start: the simulation is placed just far enough in the past that, at --speed, its last event "
                    + "lands when the run ends; brokers reject timestamps more than 1 h in the future "
                    + "(message.timestamp.after.max.ms) and delete those older than the retention.",
            "Incident and confounder types (for --incident-rate): " + SimulateCommand.TYPES + ".",
            "Exit codes: 0 done, 2 a mistake to fix (bad flag, unreachable broker, missing topics, rejected records), "
                    + "130 stopped (Ctrl-C or SIGTERM)."})
public class SimulateCommand implements Callable<Integer> {

    /** Exit code of the errors a user can fix, as every coldchain command uses it. */
    static final int EXIT_USER_ERROR = 2;
    static final int EXIT_STOPPED = 130;

    static final String TYPES = "REEFER_FAILURE, DOOR_OPEN, FREEZING, SILENT_LOGGER, DETOUR, THEFT_STOP, "
            + "WRONG_DESTINATION, CLONED_SERIAL, REUSED_SERIAL, UNKNOWN_SERIAL, UNEXPECTED_CUSTODIAN; confounders "
            + "GPS_OUTLIER, SHORT_SPIKE, TRAFFIC_STOP, REDELIVERED_EVENTS, LATE_WITHIN_GRACE";

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            defaultValue = "${env:COLDCHAIN_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, or env COLDCHAIN_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = {"-n", "--shipments"}, paramLabel = "N", defaultValue = "5",
            description = "Number of shipments, SHP-000001 onwards (default: ${DEFAULT-VALUE}).")
    int shipments;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--speed", paramLabel = "S|max", defaultValue = "60", converter = SpeedConverter.class,
            description = "Simulated seconds per wall-clock second; 0 or 'max' = as fast as the broker takes them "
                    + "(default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "Cap on events per second (default: no cap).")
    Double rate;

    @Option(names = "--warm-fraction", paramLabel = "F", defaultValue = "0.25",
            description = "Fraction of shipments (0..1) that run warm (default: ${DEFAULT-VALUE}).")
    double warmFraction;

    @Option(names = "--air-share", paramLabel = "F", defaultValue = "0",
            description = "Fraction of shipments (0..1) flown between cities 1,500..12,000 km apart instead of driven: "
                    + "90..150 min of handling, then 750..850 km/h; no route incidents (default: ${DEFAULT-VALUE}).")
    double airShare;

    @Option(names = "--hub-share", paramLabel = "F", defaultValue = "0.3",
            description = "Fraction of road shipments (0..1) that make a 20..40 min cross-dock stop at a hub city on "
                    + "the way, when there is one: the hub operator receives and ships the packs, the plan lists the "
                    + "stop and the operator (default: ${DEFAULT-VALUE}).")
    double hubShare;

    @Option(names = "--incidents", paramLabel = "none|default|all", defaultValue = "default",
            converter = PresetConverter.class,
            description = "Incident mix: none; default (each incident type on 1 %% of shipments, each confounder on "
                    + "2 %%); all (every type in turn, then a clean shipment: what an end-to-end test wants). "
                    + "Default: ${DEFAULT-VALUE}.")
    IncidentMix.Preset incidents;

    @Option(names = "--incident-rate", paramLabel = "TYPE=P",
            description = "Share of shipments (0..1) that get TYPE, repeatable; overrides the mix's rate for it "
                    + "(types listed below). Rates add up to 1 at most: a shipment gets one incident at most.")
    Map<IncidentType, Double> incidentRates = new LinkedHashMap<>();

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Write the ground truth, one JSON object per injected incident or confounder, to FILE.")
    Path labels;

    @Option(names = "--network-realism",
            description = "Imperfect devices and network: records up to 30 s out of order, 1 %% redelivered, logger "
                    + "clocks up to 45 s off, a 5..20 min connectivity gap on 5 %% of devices (uploaded late), one "
                    + "fix in 2,000 a large outlier. The flags below adjust it.")
    boolean networkRealism;

    @Option(names = "--reorder-within", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Records reach the broker up to this long after their event time (out of order).")
    Duration reorderWithin;

    @Option(names = "--duplicate-rate", paramLabel = "P", description = "Share of records delivered twice (0..1).")
    Double duplicateRate;

    @Option(names = "--clock-skew", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Temperature loggers' clocks are off by up to this much either way.")
    Duration clockSkew;

    @Option(names = "--late-batch-rate", paramLabel = "P",
            description = "Share of devices (0..1) with a 5..20 min connectivity gap uploaded when it ends.")
    Double lateBatchRate;

    @Option(names = "--gps-outlier-rate", paramLabel = "P",
            description = "Share of fixes (0..1) that are large outliers.")
    Double gpsOutlierRate;

    @Option(names = "--legacy-conventions",
            description = "Record shipments the simulator's former way: plans without issuedAt at the start and "
                    + "republished DELIVERED at delivery, every carrier scanning, no storing scans, every logger on "
                    + "--reading-interval uploading each reading at once. The flags below adjust it.")
    boolean legacyConventions;

    @Option(names = "--republish-delivered-plans",
            description = "Republish each plan as DELIVERED at its delivery scan, telemetry ending there (default: no "
                    + "republish; the devices report 2..15 min after the consignee's receiving scan, then stop).")
    boolean republishDeliveredPlans;

    @Option(names = "--no-plan-issued-at",
            description = "Plans without issuedAt (schema v1 producers), published at the start as IN_TRANSIT "
                    + "(default: issuedAt 2..24 h before the planned departure, the record timestamp, status PLANNED).")
    boolean noPlanIssuedAt;

    @Option(names = "--plan-revision-share", paramLabel = "P",
            description = "Share of shipments (0..1) whose plan is revised in transit with an updated planned "
                    + "arrival and a later issuedAt (default: " + Conventions.DEFAULT_PLAN_REVISION_SHARE + ").")
    Double planRevisionShare;

    @Option(names = "--silent-carrier-share", paramLabel = "P",
            description = "Share of shipments (0..1) whose carrier makes no scan: the shipper ships to the next site, "
                    + "which receives from the shipper; the carrier stays an expected custodian (default: "
                    + Conventions.DEFAULT_SILENT_CARRIER_SHARE + ").")
    Double silentCarrierShare;

    @Option(names = "--no-hub-storing",
            description = "Cross-dock hubs record receiving and shipping only (default: receiving, storing, shipping).")
    boolean noHubStoring;

    @Option(names = "--consignee-storing-share", paramLabel = "P",
            description = "Share of shipments (0..1) whose consignee records storing 5..14 min after receiving "
                    + "(default: " + Conventions.DEFAULT_CONSIGNEE_STORING_SHARE + ").")
    Double consigneeStoringShare;

    @Option(names = "--other-logger-share", paramLabel = "P",
            description = "Share of loggers (0..1) not sampling every --reading-interval: half every 10 min, half at "
                    + "irregular 1..15 min intervals (default: " + Conventions.DEFAULT_OTHER_LOGGER_SHARE + ").")
    Double otherLoggerShare;

    @Option(names = "--batch-upload-share", paramLabel = "P",
            description = "Share of loggers (0..1) uploading readings in batches every 2..2.5 min, newest first "
                    + "(default: " + Conventions.DEFAULT_BATCH_UPLOAD_SHARE + ").")
    Double batchUploadShare;

    @Option(names = "--duplicate-reading-rate", paramLabel = "P",
            description = "Share of readings (0..1) a logger uploads twice (default: "
                    + Conventions.DEFAULT_DUPLICATE_READING_RATE + ").")
    Double duplicateReadingRate;

    @Option(names = "--dry-run",
            description = "Generate the events without Kafka (and write --labels): measures the generator alone.")
    boolean dryRun;

    @Option(names = "--reading-interval", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Simulated time between temperature readings (default: ${DEFAULT-VALUE}).")
    Duration readingInterval;

    @Option(names = "--fix-interval", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = "Simulated time between GPS fixes (default: ${DEFAULT-VALUE}).")
    Duration fixInterval;

    @Option(names = "--start", paramLabel = "INSTANT|now",
            description = "Simulated start, ISO-8601 (2025-03-01T06:00:00Z), or 'now' (this minute). "
                    + "Default: anchored to the wall clock, see below.")
    String start;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicCatalogue.DEFAULT_PREFIX,
            description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry; without it, schema ids derive from the shipped schemas.")
    String schemaRegistryUrl;

    @Option(names = "--producer-config", paramLabel = "KEY=VALUE",
            description = "Producer (and admin) setting, repeatable: security, compression, ... Also "
                    + "auto.register.schemas and basic.auth.user.info for the registry.")
    Map<String, String> producerConfig = new LinkedHashMap<>();

    @Option(names = "--create-topics",
            description = "Create the catalogue's missing topics (broker-default replication factor) instead of failing.")
    boolean createTopics;

    /** How long the broker may take to answer the checks before publishing. */
    Duration clusterTimeout = Duration.ofSeconds(10);

    private final Clock clock;

    public SimulateCommand() {
        this(Clock.systemUTC());
    }

    SimulateCommand(final Clock clock) {
        this.clock = clock;
    }

    /** Builds the request from the options, runs it, reports how it went; answers with the exit code. */
    @Override
    public Integer call() {
        final SimulationReport report = new SimulationReport(spec.commandLine().getOut(), spec.commandLine().getErr());
        return new SimulationRun(request(clock.instant()), target(), report).run();
    }

    /** The options as a request, its start placed by {@code now}; values that do not go together are a bad flag. */
    SimulationRequest request(final Instant now) {
        try {
            return SimulationRequest.builder().shipments(shipments).seed(seed).speed(speed).rate(rate)
                    .warmFraction(warmFraction).airShare(airShare).hubShare(hubShare)
                    .incidents(incidents).incidentRates(incidentRates)
                    .networkRealism(networkRealism).reorderWithin(reorderWithin).duplicateRate(duplicateRate)
                    .clockSkew(clockSkew).lateBatchRate(lateBatchRate).gpsOutlierRate(gpsOutlierRate)
                    .legacyConventions(legacyConventions).republishDeliveredPlans(republishDeliveredPlans)
                    .noPlanIssuedAt(noPlanIssuedAt).planRevisionShare(planRevisionShare)
                    .silentCarrierShare(silentCarrierShare).noHubStoring(noHubStoring)
                    .consigneeStoringShare(consigneeStoringShare).otherLoggerShare(otherLoggerShare)
                    .batchUploadShare(batchUploadShare).duplicateReadingRate(duplicateReadingRate)
                    .readingInterval(readingInterval).fixInterval(fixInterval).start(start)
                    .labels(labels).dryRun(dryRun)
                    .build(now);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The Kafka options: where to publish. */
    KafkaTarget target() {
        return new KafkaTarget(bootstrapServers, topicPrefix, schemaRegistryUrl, producerConfig, createTopics,
                clusterTimeout);
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            final String version = SimulateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"coldchain simulate " + (version == null ? "(development build)" : version)};
        }
    }
}
