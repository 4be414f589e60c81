package io.coldchain.cli.jsonl;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.sim.command.DurationConverter;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code coldchain export}: a topic out as JSON Lines, in the shape {@code publish} reads. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Writes a topic as JSON Lines (see docs/JSON-LINES.md), one line per record in the shape 'publish' "
                    + "reads, up to the end of the topic as it is when the export starts.",
            "Reads with isolation.level=read_committed, without a consumer group (nothing is committed). "
                    + "Tombstones are skipped. The count goes to stderr.",
            "What the pipeline set aside: late-data lines are the readings and fixes it set aside (too late, or no "
                    + "plan) with \"setAside\": {\"reason\", \"streamTime\"}; dead-letter lines (type dead-letter) are "
                    + "the records it could not read or process: source topic, partition, offset, exception, message, "
                    + "key and value bytes in base64, and the decoded record where the value still decodes."},
        footer = {"",
            "Exit codes: 0 done, 1 some records could not be read with their schema (reported on stderr, skipped), "
                    + "2 a mistake to fix (bad flag, unreachable broker, unknown topic, failed authentication, no "
                    + "permission to read the topic, unwritable file)."})
public final class ExportCommand implements Callable<Integer> {

    static final int EXIT_UNREADABLE = 1;
    static final int EXIT_USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", required = true, paramLabel = "NAME",
            description = "plans, temperature, location, custody, alerts, late-data, dead-letter, or a full topic "
                    + "name.")
    String topic;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only records with a timestamp at or after this ISO-8601 instant (2025-03-01T06:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only records with a timestamp before this ISO-8601 instant (excluded).")
    Instant to;

    @Option(names = "--stack-traces", description = "With --topic dead-letter: add each record's stack trace "
            + "(\"stacktrace\"), left out by default.")
    boolean stackTraces;

    @Option(names = "--file", defaultValue = "-", paramLabel = "FILE|-",
            description = "Where to write the lines (UTF-8, replaced if it exists); '-' (default) is stdout.")
    String file;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Give up when reading makes no progress for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    OutputStream stdout = System.out;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " must be before --to " + to);
        }
        final TopicCatalogue catalogue = kafka.catalogue();
        final ExportFormat source = ExportFormat.of(topic, catalogue, stackTraces)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--topic " + topic + ": expected one of "
                        + String.join(", ", ExportFormat.shortNames()) + ", or the full name of one of their topics ("
                        + String.join(", ", ExportFormat.fullNames(catalogue)) + ")"));
        err.println("coldchain export: " + source.topic() + " (read_committed)"
                + (from == null ? "" : " from " + from) + (to == null ? "" : " to " + to) + " to "
                + ("-".equals(file) ? "stdout" : file) + "; " + kafka.describe());
        err.flush();
        try {
            kafka.checkBootstrapServers();
            kafka.checkAccess(List.of(source.topic()), AclOperation.READ, refused -> "");
            final ExportReport report = export(source, err);
            err.println("exported " + report.written() + " record" + (report.written() == 1 ? "" : "s") + " from "
                    + source.topic() + (report.outside() > 0 ? ", " + report.outside() + " outside --from/--to" : "")
                    + (report.tombstones() > 0 ? ", " + report.tombstones() + " tombstones skipped" : "")
                    + (report.unreadable() > 0 ? ", " + report.unreadable() + " unreadable skipped" : ""));
            err.flush();
            return report.unreadable() == 0 ? 0 : EXIT_UNREADABLE;
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "READ"));
        } catch (NoSuchFileException e) {
            return userError(err, "cannot write " + file + ": its directory does not exist");
        } catch (IOException e) {
            return userError(err, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private ExportReport export(final ExportFormat source, final PrintWriter err)
            throws IOException {
        final Map<String, Object> config = BoundedRead.readerConfig(kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-export")));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             Writer out = open()) {
            return new TopicExporter(consumer, timeout).export(source, from, to, out, problem -> {
                err.println(problem);
                err.flush();
            });
        }
    }

    private Writer open() throws IOException {
        if ("-".equals(file)) {
            // JSON Lines are UTF-8 whatever the platform's default charset; stdout itself is not closed.
            return new BufferedWriter(new OutputStreamWriter(new FilterOutputStream(stdout) {
                @Override
                public void write(final byte[] bytes, final int offset, final int length) throws IOException {
                    out.write(bytes, offset, length); // FilterOutputStream would write byte by byte
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, StandardCharsets.UTF_8));
        }
        return Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8);
    }

    /** The one line of a mistake, secrets masked: messages may quote a URL or a setting with its credentials. */
    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain export: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }

    /** ISO-8601 instant ({@code 2025-03-01T06:00:00Z}) or date-time with offset ({@code ...T07:00:00+01:00}). */
    public static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(final String value) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException notInstant) {
                try {
                    return OffsetDateTime.parse(value.trim()).toInstant();
                } catch (DateTimeParseException e) {
                    throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant such as "
                            + "2025-03-01T06:00:00Z");
                }
            }
        }
    }
}
