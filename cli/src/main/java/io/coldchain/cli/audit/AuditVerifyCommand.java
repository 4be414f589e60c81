package io.coldchain.cli.audit;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.alerts.Since;
import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.contract.audit.ChainVerifier;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code coldchain audit verify}: walk each partition's hash chain and name the first broken link. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads the audit topic (read_committed, no consumer group, up to its end as it is at the start), walks "
                    + "each partition's chain, recomputes every hash, and reports either 'N records in P partitions, "
                    + "chain intact' or the first broken link: partition, offset, sequence and the check that failed.",
            "With --file it verifies an exported copy instead (one record per line, as --save writes it).",
            "An intact chain proves the records read were not altered, removed or reordered after they were "
                    + "written; it cannot prove that no records were cut off the end (docs/AUDIT.md)."},
        footer = {"",
            "Examples:",
            "  ./coldchain audit verify",
            "  ./coldchain audit verify --from 2026-03-01T00:00:00Z --save audit-march.jsonl",
            "  ./coldchain audit verify --file audit-march.jsonl",
            "",
            "Exit codes: 0 chain intact, 1 chain broken (or a record unreadable), 2 a mistake to fix (bad flag, "
                    + "unreachable broker, missing topic, no permission, unreadable file)."})
public final class AuditVerifyCommand implements Callable<Integer> {

    static final int EXIT_BROKEN = 1;
    static final int EXIT_USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DURATION|INSTANT",
            description = "Start each partition at its first record stamped (event time) at or after this: a "
                    + "duration back from now (2h, 7d) or an instant (2026-03-03T10:00:00Z). The first record's "
                    + "link to the one before is then taken as given. Default: the beginning.")
    String from;

    @Option(names = "--to", paramLabel = "DURATION|INSTANT",
            description = "End each partition before its first record stamped after this. Default: its end.")
    String to;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Verify this exported copy (JSON Lines of audit records) instead of the topic.")
    Path file;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also write the records read from the topic to FILE, one per line, for a later --file.")
    Path save;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    /** How long reading may make no progress before it gives up. */
    Duration timeout = Duration.ofSeconds(30);

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (file != null && (save != null || from != null || to != null)) {
            throw new ParameterException(spec.commandLine(), "--file verifies a whole copy: it takes no --save, "
                    + "--from or --to");
        }
        try {
            final ChainVerifier verifier;
            final String report;
            if (file != null) {
                verifier = verifyFile(file);
                report = AuditReport.of(verifier, "line", " of " + file);
            } else {
                final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                final Instant start = time("--from", from, now);
                final Instant end = time("--to", to, now);
                final TopicSpec<String, AuditRecord> topic = kafka.catalogue().audit();
                err.println("coldchain audit verify: " + topic.name() + " (read_committed)"
                        + (start == null ? "" : " from " + start) + (end == null ? "" : " to " + end) + "; "
                        + kafka.describe());
                err.flush();
                kafka.checkBootstrapServers();
                kafka.checkAccess(List.of(topic.name()), AclOperation.READ, refused -> "");
                verifier = verifyTopic(topic, start, end);
                report = AuditReport.of(verifier, "offset", " of " + topic.name());
            }
            out.println(report);
            out.flush();
            return verifier.firstBreak().isPresent() ? EXIT_BROKEN : 0;
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "READ"));
        } catch (NoSuchFileException e) {
            return userError(err, "no such file: " + e.getFile());
        } catch (IOException | UncheckedIOException e) {
            return userError(err, "cannot read or write a file: " + e.getMessage());
        }
    }

    private ChainVerifier verifyTopic(final TopicSpec<String, AuditRecord> topic, final Instant start,
                                      final Instant end) throws IOException {
        final Map<String, Object> config = BoundedRead.readerConfig(kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG,
                "coldchain-audit-verify")));
        final AuditLines lines = new AuditLines();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             Writer copy = save == null ? Writer.nullWriter()
                     : Files.newBufferedWriter(save, StandardCharsets.UTF_8)) {
            return new AuditTopicReader(consumer, topic.valueSerde().deserializer(), timeout)
                    .verify(topic.name(), start, end, record -> {
                        try {
                            copy.write(lines.write(record));
                            copy.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    /** Walks a copy; each record is checked in the chain of the partition it names, line numbers as positions. */
    static ChainVerifier verifyFile(final Path file) throws IOException {
        final AuditLines lines = new AuditLines();
        final ChainVerifier verifier = new ChainVerifier();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                final AuditRecord record;
                try {
                    record = lines.read(line);
                } catch (IOException e) {
                    verifier.unreadable(-1, number, e.getMessage());
                    break;
                }
                if (verifier.accept(record.getPartition(), number, record).isPresent()) {
                    break;
                }
            }
        }
        return verifier;
    }

    private Instant time(final String flag, final String value, final Instant now) {
        if (value == null) {
            return null;
        }
        try {
            return Since.parse(value, now);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flag + " " + e.getMessage());
        }
    }

    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain audit verify: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }
}
