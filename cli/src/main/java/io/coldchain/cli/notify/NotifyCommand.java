package io.coldchain.cli.notify;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.alerts.AlertFilter;
import io.coldchain.cli.alerts.AlertSelection;
import io.coldchain.cli.alerts.AlertsCommand;
import io.coldchain.config.ConfigName;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicSpec;
import io.coldchain.units.Durations;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coldchain notify}: delivers the alerts a filter selects to a webhook, at least once. */
@Command(name = "notify", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Delivers alerts to a webhook: each alert the filters select is POSTed as JSON (as 'alerts --json' "
                    + "writes it) with the headers Idempotency-Key and X-Coldchain-Alert-Id, at least once.",
            "Reads the alerts topic as a consumer group (read_committed) and commits an alert's offset only once "
                    + "it was delivered (2xx), skipped by the filter, or refused and skipped; the next run of the "
                    + "group resumes there. 408, 429, 5xx, timeouts and connection errors are retried with "
                    + "exponential backoff for as long as it takes; any other answer is a refusal (--on-refusal).",
            "Ctrl-C or SIGTERM stops it after committing what was delivered."},
        footer = {"",
            "Examples:",
            "  ./coldchain notify --url https://ops.example.com/hooks/coldchain --min-severity HIGH",
            "  ./coldchain notify --url http://localhost:8085/alerts --group pager --type diversion,duplicate_serial "
                    + "--header 'Authorization: Bearer TOKEN' --from-beginning",
            "",
            "Idempotency-Key: <alertId>:<status>:<severity>:<lastEvidenceTime>; docs/NOTIFY.md has the details.",
            "Exit codes: 0 stopped (Ctrl-C, SIGTERM: 130 or 143 as for any process ended by a signal), 1 stopped at "
                    + "an alert the receiver refused (--on-refusal stop) or some records could not be read, "
                    + "2 a mistake to fix (bad flag, unreachable broker, missing topic, no permission)."})
public final class NotifyCommand implements Callable<Integer> {

    static final int EXIT_NOT_DELIVERED = 1;
    static final int EXIT_USER_ERROR = 2;
    static final String DEFAULT_GROUP = "coldchain-notifier";

    /** What to do with an alert the receiver refuses. */
    enum OnRefusal { STOP, SKIP }

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The webhook: an http:// or https:// address that takes a POST of one alert as JSON.")
    String url;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'",
            description = "A header sent with every request, e.g. 'Authorization: Bearer TOKEN' (repeatable; "
                    + "values are never printed).")
    @ConfigName(secret = true)
    List<String> headers = List.of();

    @Option(names = "--min-severity", paramLabel = "SEVERITY", converter = AlertsCommand.SeverityConverter.class,
            description = "Only alerts at least this severe: NOTIFICATION, LOW, MEDIUM, HIGH, CRITICAL (any case).")
    Severity minSeverity;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", converter = AlertsCommand.TypeConverter.class,
            description = "Only alerts of this type (any case; repeatable, or comma-separated), as in 'alerts'.")
    List<AlertType> types = List.of();

    @Option(names = "--shipment", paramLabel = "ID", split = ",",
            description = "Only alerts about this shipment (repeatable, or comma-separated).")
    List<String> shipments = List.of();

    @Option(names = "--status", paramLabel = "open|all", defaultValue = "all",
            converter = AlertsCommand.StatusConverter.class,
            description = "open: RESOLVED records are not sent (OPEN and UPDATED are); all (default): every record.")
    AlertsCommand.Status status;

    @Option(names = "--group", paramLabel = "NAME", defaultValue = DEFAULT_GROUP,
            description = "The consumer group whose committed offsets say what was delivered (default: "
                    + "${DEFAULT-VALUE}). One group per webhook: two notifiers of one group share the partitions.")
    String group;

    @Option(names = "--from-beginning",
            description = "A group without committed offsets starts at the beginning of the topic (default: at its "
                    + "end, new alerts only). The start is committed at once.")
    boolean fromBeginning;

    @Option(names = "--on-refusal", paramLabel = "stop|skip", defaultValue = "stop",
            description = "An answer other than 2xx, 408, 429 or 5xx refuses the alert for good. stop (default): "
                    + "stop before it with exit 1, its offset not committed, so the next run starts with it; skip: "
                    + "report it in one line and go on.")
    String onRefusal;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long one request may take before it is retried (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--retry-initial", paramLabel = "DURATION", defaultValue = "500ms",
            description = "The first wait before a retry, doubled at each failure (default: ${DEFAULT-VALUE}).")
    String retryInitial;

    @Option(names = "--retry-max", paramLabel = "DURATION", defaultValue = "30s",
            description = "The longest wait between retries (default: ${DEFAULT-VALUE}); a Retry-After up to 5 "
                    + "minutes is honoured.")
    String retryMax;

    @Option(names = "--report-every", paramLabel = "DURATION", defaultValue = "1m",
            description = "How often to print the counts so far (default: ${DEFAULT-VALUE}).")
    String reportEvery;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    /** Whether to stop on Ctrl-C by a shutdown hook (off for a run inside a test). */
    boolean shutdownHook = true;

    /** The jitter of the backoff; a test seeds it. */
    RandomGenerator jitter = new SplittableRandom();

    private volatile Notifier notifier;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final URI webhook = WebhookRequests.url(url);
            final List<Header> extra = new ArrayList<>();
            headers.forEach(h -> extra.add(Header.parse(h)));
            if (group.isBlank()) {
                throw new UserError("--group needs a name, such as " + DEFAULT_GROUP);
            }
            final Duration requestTimeout = positive("--timeout", timeout);
            final Backoff backoff = backoff();
            final Duration every = positive("--report-every", reportEvery);
            final OnRefusal refusal = onRefusal();
            final AlertFilter filter = new AlertFilter(minSeverity == null ? Severity.values()[0] : minSeverity,
                    Set.copyOf(types), new LinkedHashSet<>(shipments));
            final WebhookRequests requests = new WebhookRequests(webhook, requestTimeout, extra);
            final TopicSpec<String, Alert> topic = kafka.catalogue().alerts();
            say(err, topic.name() + " (read_committed) as group " + group + ", where it stopped (the first time: "
                    + (fromBeginning ? "the beginning" : "the end, new alerts only") + "), " + filter.describe()
                    + (status == AlertsCommand.Status.OPEN ? ", RESOLVED left out" : "") + " → "
                    + requests.describe() + "; retries " + backoff + "; on refusal " + onRefusal + "; "
                    + kafka.describe());
            kafka.checkBootstrapServers();
            kafka.checkAccess(List.of(topic.name()), AclOperation.READ, refused -> "");
            final WebhookDelivery delivery = new WebhookDelivery(requests, WebhookDelivery.http(requestTimeout),
                    backoff, Clock.systemUTC(), line -> say(err, line));
            return run(topic, new AlertSelection(filter, status == AlertsCommand.Status.OPEN), delivery,
                    refusal == OnRefusal.SKIP, every, err);
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "READ"));
        }
    }

    /** Ends a run from another thread, as Ctrl-C does. */
    void stop() {
        stopRequested.countDown();
        final Notifier running = notifier;
        if (running != null) {
            running.stop();
        }
    }

    private int run(final TopicSpec<String, Alert> topic, final AlertSelection selection,
                    final WebhookDelivery delivery, final boolean skipRefused, final Duration every,
                    final PrintWriter err) throws InterruptedException {
        final Map<String, Object> config = Notifier.consumerConfig(
                kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-notify")), group, fromBeginning);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stop();
            try {
                finished.await(60, TimeUnit.SECONDS); // a request under way ends within --timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "coldchain-notify-shutdown");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final Notifier running = new Notifier(consumer, topic.valueSerde().deserializer(), selection, delivery,
                    skipRefused, kafka.clusterTimeout, every, Clock.systemUTC(), line -> say(err, line));
            notifier = running;
            if (stopRequested.getCount() == 0) {
                return 0;
            }
            if (shutdownHook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            say(err, "delivering (Ctrl-C to stop)");
            final Notifier.Result result = running.run(topic.name());
            say(err, running.counts() + "; offsets committed for group " + group);
            if (result.refusal().isPresent()) {
                say(err, "stopped: " + result.refusal().get() + ". Not committed: the next run starts with this "
                        + "alert; fix the receiver (or the --header), or rerun with --on-refusal skip");
                return EXIT_NOT_DELIVERED;
            }
            return result.unreadable() == 0 ? 0 : EXIT_NOT_DELIVERED;
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

    private Backoff backoff() {
        final Duration initial = positive("--retry-initial", retryInitial);
        final Duration max = positive("--retry-max", retryMax);
        if (max.compareTo(initial) < 0) {
            throw new UserError("--retry-max (" + retryMax + ") must not be shorter than --retry-initial ("
                    + retryInitial + ")");
        }
        return new Backoff(initial, max, jitter);
    }

    private OnRefusal onRefusal() {
        return switch (onRefusal.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "stop" -> OnRefusal.STOP;
            case "skip" -> OnRefusal.SKIP;
            default -> throw new UserError("--on-refusal is stop or skip, got '" + onRefusal + "'");
        };
    }

    private static Duration positive(final String flag, final String text) {
        final Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(flag + " " + e.getMessage());
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new UserError(flag + " must be longer than 0, got " + text);
        }
        return duration;
    }

    private static void say(final PrintWriter err, final String line) {
        synchronized (err) {
            err.println(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " coldchain notify: "
                    + Secrets.mask(line));
            err.flush();
        }
    }

    /** The one line of a mistake, secrets masked. */
    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain notify: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }
}
