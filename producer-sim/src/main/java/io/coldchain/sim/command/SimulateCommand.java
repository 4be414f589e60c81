package io.coldchain.sim.command;

import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.SimulatorException;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.network.Realism;
import io.coldchain.sim.publish.Pacing;
import io.coldchain.sim.publish.PublishResult;
import io.coldchain.sim.publish.Publisher;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code simulate}: publishes a seeded simulation of shipments to Kafka. Public so the {@code coldchain}
 * launcher can register it as a subcommand; {@link SimulatorMain} runs it alone.
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

    private static final Duration MAX_LEAD = Duration.ofHours(1);
    private static final Set<String> SERDE_KEYS = Set.of(AvroSerdes.REGISTRY_URL, AvroSerdes.AUTO_REGISTER,
            AvroSerdes.BASIC_AUTH_USER_INFO);

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

    /** What {@code --incidents} starts from. */
    enum IncidentPreset { NONE, DEFAULT, ALL }

    @Option(names = "--incidents", paramLabel = "none|default|all", defaultValue = "default",
            converter = PresetConverter.class,
            description = "Incident mix: none; default (each incident type on 1 %% of shipments, each confounder on "
                    + "2 %%); all (every type in turn, then a clean shipment: what an end-to-end test wants). "
                    + "Default: ${DEFAULT-VALUE}.")
    IncidentPreset incidents;

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

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Pacing pacing = pacing();
        final SimulationSettings unanchored = settings(Instant.EPOCH);
        final Duration span = Simulation.span(unanchored);
        final Instant now = clock.instant();
        final Instant simStart = start == null ? Simulation.anchoredStart(span, pacing, now) : parseStart(now);
        final SimulationSettings settings = unanchored.withStart(simStart);
        if (dryRun) {
            printSettings(err, settings, pacing, span, null);
            if (!writeLabelsIfAsked(settings, err)) {
                return EXIT_USER_ERROR;
            }
            out.println(dryRunSummary(settings));
            out.flush();
            return 0;
        }

        final Map<String, Object> serdeConfig = new LinkedHashMap<>(producerConfig);
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            serdeConfig.put(AvroSerdes.REGISTRY_URL, schemaRegistryUrl);
        }
        final TopicCatalogue catalogue = new TopicCatalogue(topicPrefix, TopicCatalogue.DEFAULT_PARTITIONS,
                AvroSerdes.fromConfig(serdeConfig));
        final Map<String, Object> clientConfig = clientConfig();

        printSettings(err, settings, pacing, span, catalogue);
        warnAboutTimestamps(err, simStart, span, pacing, now, catalogue);
        if (!writeLabelsIfAsked(settings, err)) {
            return EXIT_USER_ERROR;
        }
        try {
            checkCluster(clientConfig, catalogue, err);
            final PublishResult result = publishUntilDoneOrStopped(settings, span, pacing, clientConfig, catalogue,
                    err);
            out.println(summary(result, settings.shipments()));
            out.flush();
            return result.completed() ? 0 : EXIT_STOPPED;
        } catch (SimulatorException | TopicAdmin.ClusterUnavailableException e) {
            // Messages may quote a registry URL with its credentials.
            err.println("coldchain simulate: " + Secrets.mask(e.getMessage()));
            err.flush();
            return EXIT_USER_ERROR;
        }
    }

    /** The broker answers and the simulator's topics exist (or are created with --create-topics). */
    private void checkCluster(final Map<String, Object> clientConfig, final TopicCatalogue catalogue,
                              final PrintWriter err) {
        // Producer-only keys would only draw "supplied but not used" notes from the admin client.
        final Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        try (TopicAdmin admin = new TopicAdmin(adminConfig, clusterTimeout)) {
            admin.ensureReachable();
            final List<String> needed = topics(catalogue).stream().map(TopicSpec::name).toList();
            final List<String> missing = admin.missing(catalogue).stream().filter(needed::contains).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (!createTopics) {
                throw new SimulatorException("topics missing on " + bootstrapServers + ": " + String.join(", ", missing)
                        + ". Pass --create-topics to create them from the topic catalogue, or start the streams "
                        + "application with --create-topics first");
            }
            // -1: the broker's default replication factor (KIP-464).
            err.println("created topics " + String.join(", ", admin.createMissing(catalogue, (short) -1)));
        } catch (KafkaException e) {
            // Admin.create fails this way when no bootstrap address resolves.
            throw new SimulatorException("cannot reach Kafka at " + bootstrapServers + " (" + rootMessage(e)
                    + "): start a local broker with './coldchain broker' or pass --bootstrap-server", e);
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private PublishResult publishUntilDoneOrStopped(final SimulationSettings settings, final Duration span,
                                                    final Pacing pacing, final Map<String, Object> clientConfig,
                                                    final TopicCatalogue catalogue, final PrintWriter err) {
        final Publisher publisher = new Publisher(clientConfig, catalogue);
        final CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: stop generating, let publish() flush and close, and hold the JVM until it has.
        final Thread hook = new Thread(() -> {
            publisher.stop();
            try {
                finished.await(Publisher.CLOSE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "coldchain-simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return publisher.publish(settings, pacing, new ConsoleProgress(err, System.console() != null,
                    settings.start(), settings.start().plus(span)));
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: nothing to remove.
            }
        }
    }

    private Pacing pacing() {
        if (rate != null && !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be a positive number of events per second, got "
                    + rate);
        }
        return new Pacing(speed, rate == null ? 0 : rate);
    }

    private SimulationSettings settings(final Instant simStart) {
        if (shipments < 1) {
            throw new ParameterException(spec.commandLine(), "--shipments must be at least 1, got " + shipments);
        }
        try {
            return new SimulationSettings(shipments, seed, simStart, readingInterval, fixInterval, warmFraction,
                    incidentMix(), realism(), airShare, hubShare, conventions());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The preset of --incidents with the rates of --incident-rate on top. */
    IncidentMix incidentMix() {
        IncidentMix mix = switch (incidents) {
            case NONE -> IncidentMix.none();
            case DEFAULT -> IncidentMix.defaults();
            case ALL -> IncidentMix.all();
        };
        if (mix.cycleAll() && !incidentRates.isEmpty()) {
            throw new UserError("--incident-rate cannot be combined with --incidents all");
        }
        for (final Map.Entry<IncidentType, Double> rate : incidentRates.entrySet()) {
            mix = mix.withRate(rate.getKey(), rate.getValue());
        }
        return mix;
    }

    /** --network-realism's preset (or nothing), adjusted by the individual flags. */
    Realism realism() {
        Realism realism = networkRealism ? Realism.preset() : Realism.none();
        if (reorderWithin != null) {
            realism = realism.withReorderWithin(reorderWithin);
        }
        if (duplicateRate != null) {
            realism = realism.withDuplicateRate(duplicateRate);
        }
        if (clockSkew != null) {
            realism = realism.withLoggerClockSkew(clockSkew);
        }
        if (lateBatchRate != null) {
            realism = realism.withLateBatchRate(lateBatchRate);
        }
        if (gpsOutlierRate != null) {
            realism = realism.withGpsOutlierRate(gpsOutlierRate);
        }
        return realism;
    }

    /** The default conventions (or --legacy-conventions), adjusted by the individual flags. */
    Conventions conventions() {
        Conventions conventions = legacyConventions ? Conventions.legacy() : Conventions.defaults();
        if (republishDeliveredPlans) {
            conventions = conventions.withRepublishDeliveredPlans(true);
        }
        if (noPlanIssuedAt) {
            conventions = conventions.withPlanIssuedAt(false);
        }
        if (noHubStoring) {
            conventions = conventions.withHubStoring(false);
        }
        if (planRevisionShare != null) {
            conventions = conventions.withPlanRevisionShare(planRevisionShare);
        }
        if (silentCarrierShare != null) {
            conventions = conventions.withSilentCarrierShare(silentCarrierShare);
        }
        if (consigneeStoringShare != null) {
            conventions = conventions.withConsigneeStoringShare(consigneeStoringShare);
        }
        if (otherLoggerShare != null) {
            conventions = conventions.withOtherLoggerShare(otherLoggerShare);
        }
        if (batchUploadShare != null) {
            conventions = conventions.withBatchUploadShare(batchUploadShare);
        }
        if (duplicateReadingRate != null) {
            conventions = conventions.withDuplicateReadingRate(duplicateReadingRate);
        }
        return conventions;
    }

    /** Writes the labels if --labels was given; false (after saying why) if they cannot be written. */
    private boolean writeLabelsIfAsked(final SimulationSettings settings, final PrintWriter err) {
        if (labels == null) {
            return true;
        }
        try {
            err.println(writeLabels(settings, labels));
            err.flush();
            return true;
        } catch (IOException e) {
            err.println("coldchain simulate: cannot write the labels to " + labels + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }

    /** Writes the ground truth of {@code settings} to {@code file}; returns a line saying what was written. */
    static String writeLabels(final SimulationSettings settings, final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long incidents = 0;
        long confounders = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            final Iterator<IncidentLabel> it = Simulation.labels(settings).iterator();
            while (it.hasNext()) {
                final IncidentLabel label = it.next();
                writer.write(label.toJson());
                writer.newLine();
                if (label.confounder()) {
                    confounders++;
                } else {
                    incidents++;
                }
            }
        }
        return String.format(Locale.ROOT, "wrote the ground truth to %s: %,d incidents, %,d confounders", file,
                incidents, confounders);
    }

    /** Generates every event of {@code settings} without publishing: the generator's own speed. */
    static String dryRunSummary(final SimulationSettings settings) {
        final long began = System.nanoTime();
        final long[] counts = new long[SimEvent.Kind.values().length];
        final Iterator<SimEvent> it = Simulation.iterator(settings);
        while (it.hasNext()) {
            counts[it.next().kind().ordinal()]++;
        }
        final Duration took = Duration.ofNanos(System.nanoTime() - began);
        final long total = java.util.Arrays.stream(counts).sum();
        return String.format(Locale.ROOT, "generated %,d events (%,d plans, %,d temperature readings, %,d location "
                        + "fixes, %,d custody scans) for %,d shipments without publishing in %s: %,.0f events/s",
                total, counts[0], counts[1], counts[2], counts[3], settings.shipments(), ConsoleProgress.human(took),
                total / Math.max(1e-9, took.toNanos() / 1e9));
    }

    private Instant parseStart(final Instant now) {
        if ("now".equalsIgnoreCase(start.trim())) {
            return now.truncatedTo(ChronoUnit.MINUTES);
        }
        try {
            return Instant.parse(start.trim());
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--start '" + start
                    + "' is not an ISO-8601 instant such as 2025-03-01T06:00:00Z, nor 'now'");
        }
    }

    /** The producer settings: the simulator's defaults, the bootstrap servers, then --producer-config. */
    private Map<String, Object> clientConfig() {
        final Map<String, Object> config = Publisher.producerDefaults();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.forEach((k, v) -> {
            if (!SERDE_KEYS.contains(k)) {
                config.put(k, v);
            }
        });
        return config;
    }

    private static List<TopicSpec<?, ?>> topics(final TopicCatalogue catalogue) {
        return List.of(catalogue.shipmentPlans(), catalogue.temperatureReadings(), catalogue.locationFixes(),
                catalogue.custodyEvents());
    }

    private void printSettings(final PrintWriter err, final SimulationSettings s, final Pacing pacing,
                               final Duration span, final TopicCatalogue catalogue) {
        final String pace = pacing.unpaced() ? "as fast as possible"
                : String.format(Locale.ROOT, "%sx real time (about %s)", number(pacing.speed()),
                ConsoleProgress.human(Duration.ofMillis((long) (span.toMillis() / pacing.speed()))));
        err.printf(Locale.ROOT, "simulating %d shipments, seed %d, start %s%s, simulated span %s, %s%s%n",
                s.shipments(), s.seed(), s.start(), start == null ? " (anchored to the wall clock)" : "",
                ConsoleProgress.human(span), pace,
                pacing.capped() ? ", at most " + number(pacing.maxEventsPerSecond()) + " events/s" : "");
        err.printf(Locale.ROOT, "  readings every %s, fixes every %s, warm fraction %s, air share %s, hub share %s%n",
                s.readingInterval(), s.fixInterval(), number(s.warmFraction()), number(s.airShare()),
                number(s.hubShare()));
        err.printf(Locale.ROOT, "  incidents: %s; network realism: %s%n", s.incidents().describe(),
                s.realism().describe());
        err.printf(Locale.ROOT, "  conventions: %s%n", s.conventions().describe());
        if (catalogue == null) {
            err.flush();
            return;
        }
        err.printf(Locale.ROOT, "  kafka %s, topics %s, schema registry %s%n", bootstrapServers,
                topics(catalogue).stream().map(TopicSpec::name).collect(Collectors.joining(", ")),
                schemaRegistryUrl == null || schemaRegistryUrl.isBlank() ? "none (local schema ids)"
                        : Secrets.mask(schemaRegistryUrl));
        err.printf("  producer %s%n", Secrets.maskConfig(clientConfig()));
        err.flush();
    }

    private static void warnAboutTimestamps(final PrintWriter err, final Instant simStart, final Duration span,
                                            final Pacing pacing, final Instant now, final TopicCatalogue catalogue) {
        final Duration ahead = Duration.between(now, simStart).plus(Simulation.lead(span, pacing));
        if (ahead.compareTo(MAX_LEAD) > 0) {
            err.println("warning: event times will run up to " + ConsoleProgress.human(ahead) + " ahead of the wall "
                    + "clock; brokers reject record timestamps more than message.timestamp.after.max.ms (1 h by "
                    + "default) in the future. Drop --start or lower --speed.");
        }
        final long retention = topics(catalogue).stream()
                .map(t -> t.configs().get("retention.ms")).filter(v -> v != null)
                .mapToLong(Long::parseLong).min().orElse(Long.MAX_VALUE);
        if (simStart.isBefore(now.minusMillis(retention))) {
            err.println("warning: the start lies further back than the topics' retention ("
                    + Duration.ofMillis(retention).toDays() + " days); brokers delete such records within minutes.");
        }
        err.flush();
    }

    static String summary(final PublishResult r, final int shipments) {
        return String.format(Locale.ROOT, "%s %,d events (%,d plans, %,d temperature readings, %,d location fixes, "
                        + "%,d custody scans); %d/%d shipments delivered; simulated up to %s; took %s (%,.0f events/s)",
                r.completed() ? "published" : "stopped after", r.total(), r.plans(), r.temperatureReadings(),
                r.locationFixes(), r.custodyEvents(), r.shipmentsDelivered(), shipments,
                r.simulatedUntil() == null ? "-" : r.simulatedUntil().truncatedTo(ChronoUnit.SECONDS),
                ConsoleProgress.human(r.elapsed()), r.total() / Math.max(1e-3, r.elapsed().toNanos() / 1e9));
    }

    private static String number(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Reads --incidents case-insensitively. */
    static final class PresetConverter implements ITypeConverter<IncidentPreset> {
        @Override
        public IncidentPreset convert(final String value) {
            try {
                return IncidentPreset.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an incident mix: none, default or all");
            }
        }
    }

    /** Reads --speed: a number of simulated seconds per wall second, or "max" for unpaced. */
    static final class SpeedConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(final String value) {
            if ("max".equalsIgnoreCase(value.trim())) {
                return 0.0;
            }
            try {
                final double speed = Double.parseDouble(value.trim());
                if (speed >= 0 && !Double.isInfinite(speed)) {
                    return speed;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not a speed: give simulated seconds per wall "
                    + "second (60) or 'max'");
        }
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
