package io.coldchain.cli.jsonl;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coldchain publish}: JSON Lines in, one record per line to its topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Publishes JSON Lines to coldchain's topics: one record per line, a \"type\" field (plan, temperature, "
                    + "location, custody, alert) and the fields of its Avro schema (see docs/JSON-LINES.md).",
            "Every line is checked against its schema. A bad line is reported on stderr as 'line N: reason' and "
                    + "skipped; the other lines are published. Idempotent producer, acks=all. The counts go to stdout; "
                    + "then stderr says how to export what the pipeline set aside (late-data and dead-letter topics).",
            "Key: shipmentId. Record timestamp = the record's event time, which the pipeline orders it by: "
                    + "issuedAt (plan), eventTime (temperature, location, custody), lastEvidenceTime (alert). "
                    + "A plan without issuedAt is stamped with the earlier of its plannedDeparture and now, and "
                    + "stderr says so."},
        footer = {"",
            "Exit codes: 0 every line published, 1 some lines rejected (the others were published), "
                    + "2 a mistake to fix (bad flag, unreadable file, unreachable broker, missing topics, failed "
                    + "authentication, no permission to write the topics of the record types in the file)."})
public final class PublishCommand implements Callable<Integer> {

    static final int EXIT_REJECTED = 1;
    static final int EXIT_USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE|-",
            description = "JSON Lines file to publish (UTF-8); '-' reads stdin (to its end, into a temporary file, "
                    + "before publishing: the topics of the record types present are checked first).")
    String file;

    @Option(names = "--dry-run", description = "Only check the lines; publish nothing, contact no broker.")
    boolean dryRun;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        Path spooled = null;
        try {
            final PublishReport report;
            if (dryRun) {
                err.println("coldchain publish: checking " + source() + " (--dry-run)");
                try (BufferedReader in = open()) {
                    report = JsonLinesPublisher.dryRun().publish(in, err::println);
                }
            } else {
                kafka.checkBootstrapServers();
                err.println("coldchain publish: " + source() + " to " + kafka.describe());
                err.flush();
                // The input is read twice: once for the record types it holds (the topics to check), then to publish.
                spooled = "-".equals(file) ? spool() : null;
                report = publish(spooled != null ? spooled : input(), err);
            }
            report.issuedAtNote().ifPresent(err::println);
            err.flush();
            out.println(report.summary());
            out.flush();
            if (!dryRun) {
                setAsideHints(report, kafka.nonDefaultFlags()).forEach(err::println);
                err.flush();
            }
            return report.rejected() == 0 ? 0 : EXIT_REJECTED;
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "WRITE"));
        } catch (IOException e) {
            return userError(err, "cannot read " + source() + ": " + e.getMessage());
        } finally {
            deleteQuietly(spooled);
        }
    }

    private PublishReport publish(final Path path, final PrintWriter err) throws IOException {
        final TopicCatalogue catalogue = kafka.catalogue();
        final Set<RecordType> types;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            types = RecordType.presentIn(in);
        }
        kafka.checkAccess(types.stream().map(t -> t.topic(catalogue).name()).toList(), AclOperation.WRITE,
                refused -> otherwise(types, refused, catalogue));
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(producerDefaults()),
                     new StringSerializer(), new ByteArraySerializer())) {
            return JsonLinesPublisher.to(producer, catalogue).publish(in, line -> {
                err.println(line);
                err.flush();
            });
        }
    }

    /** "; or publish only the temperature and location lines": the types present whose topics may be written. */
    static String otherwise(final Set<RecordType> present, final List<String> refused, final TopicCatalogue catalogue) {
        final List<String> allowed = present.stream().filter(t -> !refused.contains(t.topic(catalogue).name()))
                .map(RecordType::jsonName).toList();
        return allowed.isEmpty() ? "" : "; or publish only the " + String.join(" and ", allowed) + " lines";
    }

    /**
     * Where to look for what the pipeline set aside from the records just published: the late-data topic for
     * telemetry (too late, or no plan), the dead-letter topic for any input. From the earliest timestamp
     * published: both topics keep the timestamp of the record set aside.
     */
    static List<String> setAsideHints(final PublishReport report, final String flags) {
        if (report.earliestTimestamp().isEmpty()) {
            return List.of();
        }
        final String from = " --from " + Instant.ofEpochMilli(report.earliestTimestamp().getAsLong()) + flags;
        final Map<RecordType, Long> n = report.accepted();
        final boolean telemetry = n.get(RecordType.TEMPERATURE) + n.get(RecordType.LOCATION) > 0;
        final boolean input = telemetry || n.get(RecordType.PLAN) + n.get(RecordType.CUSTODY) > 0;
        final List<String> hints = new ArrayList<>();
        if (telemetry) {
            hints.add("check what the pipeline set aside (late, or no plan): ./coldchain export --topic late-data"
                    + from);
        }
        if (input) {
            hints.add((telemetry ? "and what it" : "check what the pipeline") + " could not read or process: "
                    + "./coldchain export --topic dead-letter" + from);
        }
        return hints;
    }

    static Map<String, Object> producerDefaults() {
        return Map.of(ProducerConfig.CLIENT_ID_CONFIG, "coldchain-publish",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20);
    }

    private Path input() {
        final Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new JsonLinesException("--file " + file + ": "
                    + (Files.exists(path) ? "not a regular file" : "no such file"));
        }
        return path;
    }

    /** Copies stdin to a temporary file, deleted after the run. */
    private Path spool() throws IOException {
        final Path copy = Files.createTempFile("coldchain-publish-", ".jsonl");
        try {
            Files.copy(stdin, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(copy);
            throw e;
        }
        return copy;
    }

    private static void deleteQuietly(final Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }

    private BufferedReader open() throws IOException {
        // Strict UTF-8: a file in another encoding is reported, not published with replacement characters.
        if ("-".equals(file)) {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()));
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new JsonLinesException("--file " + file + ": no such file");
        }
    }

    private String source() {
        return "-".equals(file) ? "stdin" : file;
    }

    /** The one line of a mistake, secrets masked: messages may quote a URL or a setting with its credentials. */
    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain publish: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }
}
