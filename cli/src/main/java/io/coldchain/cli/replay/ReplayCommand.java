package io.coldchain.cli.replay;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.ExportCommand;
import io.coldchain.cli.replay.CaseCopier.Position;
import io.coldchain.cli.replay.ReplaySelection.Input;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.ops.DetectionSettingsFile;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.sim.command.DurationConverter;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code coldchain replay}: reprocesses a slice of history into the topics of a case, never the live ones. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reprocesses a slice of history (event time in [--from, --to), some shipments or packs, or all) with the "
                    + "same detectors and settings as the live application, into the topics of a case "
                    + "(<prefix>cases.NAME.alerts, ...), never the live ones, and ends by itself with a summary "
                    + "(see docs/REPLAY.md).",
            "It copies the slice into the case's input topics: the records of the selected shipments in the window, "
                    + "every plan version in force for them, and the history the serial checks need (scans of their "
                    + "packs before --from, in other shipments, and those shipments' plans); then runs the topology "
                    + "over them, exactly-once, until the input is exhausted, and hands over at once what would "
                    + "otherwise wait for wall-clock quiet.",
            "The same slice replayed twice gives the same alerts, byte for byte; a slice that covers a whole episode "
                    + "gives it the id it has live."},
        footer = {"", "Exit codes: 0 done; 1 the replay failed (the application stopped, or --timeout passed); "
                + "2 a mistake to fix (bad flag, unreachable broker, missing topics, no permission, existing case "
                + "without --overwrite, nothing to replay)."})
public final class ReplayCommand implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USER_ERROR = 2;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GROUP_EMPTY_WAIT = Duration.ofSeconds(45);

    @Spec
    CommandSpec spec;

    @Option(names = "--case", paramLabel = "NAME", required = true,
            description = "Name of the case: its topics are <prefix>cases.NAME.* (letters, digits, '-', '_').")
    String caseName;

    @Option(names = "--from", paramLabel = "INSTANT", converter = ExportCommand.InstantConverter.class,
            description = "First event time replayed (ISO-8601); default: the beginning of the input topics.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = ExportCommand.InstantConverter.class,
            description = "Event time the slice ends before (excluded); default: the end of the input topics.")
    Instant to;

    @Option(names = "--shipment", paramLabel = "ID", description = "A shipment to replay; repeatable. Default: all.")
    List<String> shipments = new ArrayList<>();

    @Option(names = "--serial", paramLabel = "SGTIN",
            description = "Replay the shipments whose plans list this pack or whose scans mention it (any SGTIN form); "
                    + "repeatable.")
    List<String> serials = new ArrayList<>();

    @Option(names = "--overwrite", description = "Replace the case's topics if the case exists (else it is refused).")
    boolean overwrite;

    @Option(names = "--detection-settings", paramLabel = "FILE", defaultValue = "${env:COLDCHAIN_DETECTION_SETTINGS}",
            description = "The YAML file of detection settings the live application runs with (as 'streams "
                    + "--detection-settings'); default: COLDCHAIN_DETECTION_SETTINGS, else built-in.")
    Path detectionSettings;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Directory of the replay's state stores; default: a temporary one, deleted at the end.")
    Path stateDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up when the replay has not finished after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " must be before --to " + to);
        }
        final ReplaySlice slice = ReplaySlice.of(from, to, Set.copyOf(shipments),
                serials.stream().map(ReplaySelection::normalise).collect(Collectors.toSet()));
        final String label = "coldchain replay " + caseName + ": ";
        try {
            final DetectionSettings detection = detectionSettings == null ? DetectionSettings.defaults()
                    : DetectionSettingsFile.read(detectionSettings);
            final TopicCatalogue live = kafka.catalogue();
            final String casePrefix = CaseTopics.prefix(CaseTopics.livePrefix(live), caseName);
            err.println(label + slice.describe() + " into " + casePrefix + "*; " + kafka.describe());
            err.flush();
            kafka.checkBootstrapServers();
            kafka.checkAccess(CaseCopier.inputs(live).values().stream().map(t -> t.name()).toList(), AclOperation.READ,
                    refused -> "");
            return replay(live, casePrefix, slice, detection, label, out, err);
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return fail(err, label, e.getMessage(), EXIT_USER_ERROR);
        } catch (ReplayRun.ReplayFailedException e) {
            return fail(err, label, e.getMessage(), EXIT_FAILED);
        } catch (KafkaException e) {
            return fail(err, label, kafka.explain(e, "READ or WRITE"), EXIT_USER_ERROR);
        }
    }

    private int replay(final TopicCatalogue live, final String casePrefix, final ReplaySlice slice,
                       final DetectionSettings detection, final String label, final PrintWriter out,
                       final PrintWriter err) throws Exception {
        final long began = System.nanoTime();
        final Map<String, Object> clientConfig = kafka.clientConfig(Map.of());
        final Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        final String applicationId = "coldchain-replay-" + caseName + "-" + Long.toString(System.currentTimeMillis(), 36);
        final boolean tempState = stateDir == null;
        final Path state = tempState ? Files.createTempDirectory("coldchain-replay-") : stateDir;
        try (Admin admin = Admin.create(adminConfig);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(BoundedRead.readerConfig(
                     kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-replay"))),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final Set<String> existing = CaseTopics.existing(admin, casePrefix, READ_TIMEOUT);
            if (!existing.isEmpty() && !overwrite) {
                throw new UserError("case '" + caseName + "' exists (" + existing.size() + " topics " + casePrefix
                        + "*): pass --overwrite to replace it, or choose another --case");
            }
            // Select.
            final CaseCopier copier = new CaseCopier(consumer, READ_TIMEOUT);
            final List<Input<Position>> index = copier.index(live, problem -> warn(err, label, problem));
            final ReplaySelection.Result<Position> selected = ReplaySelection.select(index, slice);
            final Set<String> unknown = new TreeSet<>(slice.shipments());
            index.forEach(input -> unknown.remove(input.shipmentId()));
            if (!unknown.isEmpty()) {
                warn(err, label, "no input record of shipment(s) " + String.join(", ", unknown));
            }
            if (selected.records().isEmpty()) {
                throw new UserError("nothing to replay: no plan, reading, fix or scan of " + slice.describe() + " in "
                        + live.shipmentPlans().name() + " and the other input topics; check --shipment, --serial, "
                        + "--from/--to and --topic-prefix");
            }
            final long selectedAt = System.nanoTime();
            // Copy.
            final int partitions = BoundedRead.partitions(consumer, live.shipmentPlans().name(), READ_TIMEOUT).size();
            CaseTopics.delete(admin, existing, casePrefix);
            final StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers(), applicationId, state,
                    casePrefix, partitions, registryUrl(), StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS, -1,
                    streamsOverrides(clientConfig)).withDetection(detection);
            final TopicCatalogue cases = settings.catalogue();
            CaseTopics.create(admin, cases);
            final Map<String, String> caseTopicOf = new LinkedHashMap<>();
            CaseCopier.inputs(live).forEach((kind, topic) -> caseTopicOf.put(topic.name(),
                    CaseCopier.inputs(cases).get(kind).name()));
            final Map<String, Long> copied;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(clientConfig),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                copied = copier.copy(selected.records(), caseTopicOf, producer);
            }
            final long total = copied.values().stream().mapToLong(Long::longValue).sum();
            final long copiedAt = System.nanoTime();
            err.println(label + String.format("copied %,d records in %s; running the detectors", total,
                    ReplayRun.seconds(copiedAt - began)));
            err.flush();
            // Run.
            final ReplayRun.Outcome outcome;
            try {
                outcome = new ReplayRun(admin, settings, cases, err, label).run(total, timeout);
            } finally {
                cleanUp(admin, applicationId, err, label);
            }
            // Summary.
            final CaseAlerts alerts = CaseAlerts.read(consumer, cases.alerts(), READ_TIMEOUT);
            final long lateData = records(admin, cases.lateData().name());
            final long deadLetters = records(admin, cases.deadLetters().name());
            summary(out, casePrefix, slice, selected, copied, caseTopicOf, alerts, lateData, deadLetters,
                    new long[] {selectedAt - began, copiedAt - selectedAt}, outcome);
            return 0;
        } finally {
            if (tempState) {
                deleteQuietly(state);
            }
        }
    }

    private void summary(final PrintWriter out, final String casePrefix, final ReplaySlice slice,
                         final ReplaySelection.Result<Position> selected, final Map<String, Long> copied,
                         final Map<String, String> caseTopicOf, final CaseAlerts alerts, final long lateData,
                         final long deadLetters, final long[] nanos, final ReplayRun.Outcome outcome) {
        out.println("case " + caseName + ": replayed " + slice.describe());
        out.println("  copied: " + copied.entrySet().stream().map(e -> String.format("%,d to %s", e.getValue(),
                caseTopicOf.get(e.getKey()))).collect(Collectors.joining(", ")));
        out.println("  shipments: " + String.join(", ", new TreeSet<>(selected.shipments()))
                + (selected.context().isEmpty() ? "" : "; context for the serial checks (alerts partial): "
                + String.join(", ", new TreeSet<>(selected.context()))));
        out.println(String.format("  alerts: %,d records, %,d alert ids in %salerts; sha256 %s", alerts.records(),
                alerts.alertIds(), casePrefix, alerts.digest()));
        if (alerts.records() > 0) {
            out.println("    by type and status:");
            alerts.byType().forEach((type, count) -> out.println(String.format("      %-38s %,d", type, count)));
            out.println("    by shipment:");
            alerts.shipmentsByCount().forEach(e -> out.println(String.format("      %-38s %,d%s", e.getKey(),
                    e.getValue(), selected.shipments().contains(e.getKey()) ? "" : " (context)")));
        }
        out.println(String.format("  late data: %,d, dead letters: %,d", lateData, deadLetters));
        out.println("  elapsed: select " + ReplayRun.seconds(nanos[0]) + ", copy " + ReplayRun.seconds(nanos[1])
                + ", detect " + ReplayRun.seconds(outcome.untilExhausted().toNanos()) + ", flush "
                + ReplayRun.seconds(outcome.flush().toNanos()));
        out.println("  read: ./coldchain alerts --topic-prefix " + casePrefix + " --no-follow"
                + kafka.nonDefaultFlags().replaceAll(" --topic-prefix \\S+", ""));
        out.flush();
    }

    /** The group and internal topics of this run go: a replay of the case starts clean, under a new id. */
    private static void cleanUp(final Admin admin, final String applicationId, final PrintWriter err,
                                final String label) {
        try {
            deleteGroup(admin, applicationId);
            final Set<String> internal = new TreeSet<>();
            for (final String name : admin.listTopics().names().get()) {
                if (name.startsWith(applicationId + "-")) {
                    internal.add(name);
                }
            }
            admin.deleteTopics(internal).all().get();
        } catch (Exception e) {
            warn(err, label, "could not delete the replay's consumer group and internal topics (" + applicationId
                    + "-*): " + Secrets.mask(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The stopped application's member stays in the group until its session times out (Kafka Streams does not leave
     * on close): the group is deleted once it is empty.
     */
    private static void deleteGroup(final Admin admin, final String groupId) throws Exception {
        final long deadline = System.nanoTime() + GROUP_EMPTY_WAIT.toNanos();
        while (true) {
            try {
                admin.deleteConsumerGroups(List.of(groupId)).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static long records(final Admin admin, final String topic) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        request.keySet().forEach(p -> earliest.put(p, OffsetSpec.earliest()));
        final ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        final long end = admin.listOffsets(request, committed).all().get().values().stream()
                .mapToLong(i -> i.offset()).sum();
        final long start = admin.listOffsets(earliest, committed).all().get().values().stream()
                .mapToLong(i -> i.offset()).sum();
        return end - start;
    }

    /** The streams application gets the client settings (security, ...) of this command. */
    private static Map<String, String> streamsOverrides(final Map<String, Object> clientConfig) {
        final Map<String, String> overrides = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (!k.equals(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) && v != null) {
                overrides.put(k, v.toString());
            }
        });
        return overrides;
    }

    private static Map<String, Object> producerConfig(final Map<String, Object> clientConfig) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "coldchain-replay-copy");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return config;
    }

    /** {@code --schema-registry-url} of the shared Kafka options, read through picocli (the option is theirs). */
    private String registryUrl() {
        final Object value = spec.findOption("--schema-registry-url") == null ? null
                : spec.findOption("--schema-registry-url").getValue();
        return value == null ? null : value.toString();
    }

    private static void deleteQuietly(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // The temporary state directory stays behind; nothing depends on it.
            return;
        }
    }

    private static void warn(final PrintWriter err, final String label, final String line) {
        err.println(label + Secrets.mask(line));
        err.flush();
    }

    private static int fail(final PrintWriter err, final String label, final String message, final int code) {
        err.println(label + Secrets.mask(message));
        err.flush();
        return code;
    }
}
