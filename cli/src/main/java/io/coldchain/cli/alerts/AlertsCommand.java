package io.coldchain.cli.alerts;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.jsonl.JsonLines;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

/** {@code coldchain alerts}: follow the alerts topic as an operations centre does, filtered, one line per alert. */
@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Follows the alerts topic live, one readable line per alert (or --json: JSON Lines as 'export' writes "
                    + "them), as it is committed (isolation.level=read_committed). Ctrl-C stops it.",
            "Starts with new alerts only; --since starts earlier, --no-follow reads what is there (from the "
                    + "beginning unless --since) and exits. --status open starts at the beginning unless --since: "
                    + "it first shows the alerts open now, then new ones.",
            "Without --group no consumer group is used and nothing is committed; with --group the group's "
                    + "offsets are committed and the next run resumes where this one stopped."},
        footer = {"",
            "Examples:",
            "  ./coldchain alerts --min-severity HIGH",
            "  ./coldchain alerts --since 2h --type temperature_excursion,mkt_exceeded --zone UTC",
            "  ./coldchain alerts --no-follow --status open --shipment SHP-000004",
            "  ./coldchain alerts --json --group ops-centre-feed >> alerts.jsonl",
            "",
            "Exit codes: 0 done (--no-follow), 1 some records could not be read with their schema (reported on stderr, "
                    + "skipped), 2 a mistake to fix (bad flag, unreachable broker, missing topic, no permission); "
                    + "stopped by Ctrl-C or SIGTERM, the usual 130 or 143 of a process ended by a signal."})
public final class AlertsCommand implements Callable<Integer> {

    static final int EXIT_UNREADABLE = 1;
    static final int EXIT_USER_ERROR = 2;

    /** Which alerts {@code --status} keeps (also read by {@code notify}). */
    public enum Status { ALL, OPEN }

    @Spec
    CommandSpec spec;

    @Option(names = "--follow", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep reading new alerts until Ctrl-C (default); --no-follow reads up to the end as it is "
                    + "at the start and exits.")
    boolean follow;

    @Option(names = "--since", paramLabel = "DURATION|INSTANT",
            description = "Start at the first alert committed with a timestamp (its latest evidence) at or after "
                    + "this: a duration back from now (2h, 30m, 1d) or a point in time (2026-03-03T10:00:00Z, "
                    + "2026-03-03T11:00:00+01:00). Default: now when following, the beginning with --no-follow or "
                    + "--status open. With --group it overrides where the group stopped.")
    String since;

    @Option(names = "--min-severity", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Only alerts at least this severe: NOTIFICATION, LOW, MEDIUM, HIGH, CRITICAL (any case).")
    Severity minSeverity;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", converter = TypeConverter.class,
            description = "Only alerts of this type (any case; repeatable, or comma-separated): "
                    + "TEMPERATURE_EXCURSION, MKT_EXCEEDED, ROUTE_DEVIATION, DUPLICATE_SERIAL, ... "
                    + "(the Avro enum AlertType).")
    List<AlertType> types = List.of();

    @Option(names = "--shipment", paramLabel = "ID", split = ",",
            description = "Only alerts about this shipment (repeatable, or comma-separated).")
    List<String> shipments = List.of();

    @Option(names = "--status", paramLabel = "open|all", defaultValue = "all", converter = StatusConverter.class,
            description = "open: only alerts whose latest record is not RESOLVED (first those open now, then new "
                    + "ones, RESOLVED records left out); all (default): every record.")
    Status status;

    @Option(names = "--zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "Time zone of the times shown (Europe/Berlin, UTC, +02:00; default: this system's, "
                    + "named in the header).")
    ZoneId zone;

    @Option(names = "--json", description = "JSON Lines exactly as 'export --topic alerts' writes them, no header.")
    boolean json;

    @Option(names = "--no-color", description = "No ANSI colours (they are used only when stdout is a terminal, "
            + "and not when NO_COLOR is set).")
    boolean noColor;

    @Option(names = "--group", paramLabel = "NAME",
            description = "Read as this consumer group: commit the offsets of what was shown, and resume there next "
                    + "time (the first time: the default start).")
    String group;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    /** Whether stdout is a terminal, for colours. */
    boolean terminal = System.console() != null;

    /** The environment, for NO_COLOR. */
    Map<String, String> env = System.getenv();

    /** Whether to stop on Ctrl-C by a shutdown hook (off for a run inside a test). */
    boolean shutdownHook = true;

    private volatile AlertFollower follower;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Instant start = since == null ? null : since(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (group != null && group.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--group needs a name, such as ops-centre-feed");
        }
        final AlertFilter filter = new AlertFilter(minSeverity == null ? Severity.values()[0] : minSeverity,
                Set.copyOf(types), new LinkedHashSet<>(shipments));
        final AlertFollower.Start otherwise = follow && status == Status.ALL ? AlertFollower.Start.END
                : AlertFollower.Start.BEGINNING;
        final TopicCatalogue catalogue = kafka.catalogue();
        final TopicSpec<String, Alert> topic = catalogue.alerts();
        err.println("coldchain alerts: " + topic.name() + " (read_committed) " + describeStart(start, otherwise)
                + ", " + filter.describe() + (status == Status.OPEN ? " still open" : "") + ", "
                + (follow ? "following (Ctrl-C to stop)" : "up to its current end") + "; " + kafka.describe());
        err.flush();
        try {
            kafka.checkBootstrapServers();
            kafka.checkAccess(List.of(topic.name()), AclOperation.READ, refused -> "");
            return read(topic, new AlertFollower.Plan(topic.name(), start, otherwise, follow, group != null),
                    new AlertSelection(filter, status == Status.OPEN), out, err);
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "READ"));
        }
    }

    /** Ends a run from another thread, as Ctrl-C does. */
    void stop() {
        stopRequested.countDown();
        final AlertFollower running = follower;
        if (running != null) {
            running.stop();
        }
    }

    private int read(final TopicSpec<String, Alert> topic, final AlertFollower.Plan plan,
                     final AlertSelection selection, final PrintWriter out, final PrintWriter err) {
        final AlertFormat format = new AlertFormat(zone == null ? ZoneId.systemDefault() : zone,
                !noColor && !json && terminal && env.get("NO_COLOR") == null);
        final JsonLines jsonLines = new JsonLines();
        final Map<String, Object> config = AlertFollower.consumerConfig(
                kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-alerts")), group,
                plan.otherwise());
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stop();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "coldchain-alerts-shutdown");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final AlertFollower reader = new AlertFollower(consumer, topic.valueSerde().deserializer(),
                    kafka.clusterTimeout);
            follower = reader;
            if (stopRequested.getCount() == 0) {
                return 0;
            }
            if (shutdownHook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            if (!json) {
                format.header().forEach(out::println);
                out.flush();
            }
            final AlertFollower.Result result = reader.run(plan, selection, alert -> {
                out.println(json ? jsonLines.write(alert) : format.line(alert));
                out.flush();
            }, () -> {
                if (follow) {
                    err.println("coldchain alerts: live from here, new alerts follow as they are committed");
                    err.flush();
                }
            }, problem -> {
                err.println("coldchain alerts: " + problem);
                err.flush();
            });
            err.println("coldchain alerts: " + result.shown() + " alert" + (result.shown() == 1 ? "" : "s") + " shown"
                    + (result.unreadable() > 0 ? ", " + result.unreadable() + " unreadable skipped" : "")
                    + (group == null ? "" : "; offsets committed for group " + group));
            err.flush();
            return result.unreadable() == 0 ? 0 : EXIT_UNREADABLE;
        } finally {
            finished.countDown();
            if (shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it ends once this run has returned
                }
            }
        }
    }

    private Instant since(final Instant now) {
        try {
            return Since.parse(since, now);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--since " + e.getMessage());
        }
    }

    private String describeStart(final Instant start, final AlertFollower.Start otherwise) {
        final String where = start != null ? "from " + start + " (--since " + since + ")"
                : otherwise == AlertFollower.Start.END ? "from now (new alerts only)" : "from the beginning";
        return group == null ? where : "as group " + group + ", " + (start != null ? where
                : "where it stopped (the first time: " + where + ")");
    }

    /** The one line of a mistake, secrets masked. */
    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain alerts: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }

    /** An enum symbol in any case, or one line listing the symbols. */
    private static <E extends Enum<E>> E symbol(final Class<E> type, final String value, final String what) {
        final String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + value + "' is not " + what + "; expected one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }

    public static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(final String value) {
            return symbol(Severity.class, value, "a severity");
        }
    }

    public static final class TypeConverter implements ITypeConverter<AlertType> {
        @Override
        public AlertType convert(final String value) {
            return symbol(AlertType.class, value, "an alert type");
        }
    }

    public static final class StatusConverter implements ITypeConverter<Status> {
        @Override
        public Status convert(final String value) {
            return symbol(Status.class, value, "a status filter");
        }
    }

    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(final String value) {
            try {
                return ZoneId.of(value.trim());
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time zone: write a region such as "
                        + "Europe/Berlin, UTC, or an offset such as +02:00");
            }
        }
    }
}
