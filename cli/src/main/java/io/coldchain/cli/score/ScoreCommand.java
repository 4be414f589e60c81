package io.coldchain.cli.score;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.sim.command.DurationConverter;
import io.coldchain.sim.incidents.IncidentLabel;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicAdminErrors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.kafka.common.acl.AclOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code coldchain score}: compares the alerts (the alerts topic, or an exported file) with the ground truth a
 * simulation wrote ({@code simulate --labels}) and prints, per incident type, what was detected and how fast,
 * and per alert type, how many alerts were right. Exits 1 below {@code --min-precision} or {@code --min-recall}.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Does it catch what it should, and only that? Compares alerts with the ground truth of a simulation "
                    + "(simulate --labels FILE) and prints per incident type: injected, detected, missed, recall and "
                    + "detection delay (median, p95); per alert type: OPEN alerts, true, false, precision; and "
                    + "whether the confounders stayed silent.",
            "Alerts come from --alerts FILE (JSON Lines as 'export' writes them, or bare alerts) or, by default, "
                    + "from the alerts topic, read_committed, from the beginning to the current end."},
        footer = {"",
            "Matching:",
            "  - Only OPEN alerts count, each alertId once.",
            "  - An alert concerns an incident when it is about the incident's shipment (or, for a cloned serial, "
                    + "the genuine pack's shipment) and, when the incident names a serial, about that serial.",
            "  - It detects the incident when its type is one of the incident's expected types and its "
                    + "lastEvidenceTime lies in [start, end + tolerance].",
            "  - It is a side effect when its type is one of the incident's side-effect types (a theft stop is a "
                    + "route deviation too) and its lastEvidenceTime is at or after start: a true alert that does "
                    + "not count as detection.",
            "  - Any other OPEN alert is false, counted under its alert type and its shipment's confounder.",
            "  - Delay = earliest detecting alert's lastEvidenceTime - incident start, in event time; p50 and p95 "
                    + "by nearest rank.",
            "  - Recall = detected / injected; precision = true / OPEN alerts. n/a (nothing to measure) passes.",
            "See docs/SCORECARD.md. Exit codes: 0 thresholds met, 1 below --min-precision or --min-recall, "
                    + "2 a mistake to fix (bad flag or file, unreachable broker, failed authentication, no permission "
                    + "to read the alerts topic)."})
public final class ScoreCommand implements Callable<Integer> {

    static final int EXIT_BELOW_THRESHOLD = 1;
    static final int EXIT_USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--labels", paramLabel = "FILE", required = true,
            description = "Ground truth written by 'simulate --labels FILE'.")
    Path labels;

    @Option(names = "--alerts", paramLabel = "FILE",
            description = "Alerts as JSON Lines; default: read the alerts topic.")
    Path alerts;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long after an incident's end a detecting alert may lie (default: ${DEFAULT-VALUE}).")
    Duration tolerance;

    @Option(names = "--min-precision", paramLabel = "P",
            description = "Exit 1 if the overall precision is below P (0..1).")
    Double minPrecision;

    @Option(names = "--min-recall", paramLabel = "R", description = "Exit 1 if the overall recall is below R (0..1).")
    Double minRecall;

    @Option(names = "--details", paramLabel = "N", defaultValue = "10",
            description = "Missed incidents and false alerts to list (default: ${DEFAULT-VALUE}).")
    int details;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the broker may take to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        checkThreshold("--min-precision", minPrecision);
        checkThreshold("--min-recall", minRecall);
        try {
            final List<IncidentLabel> truth = ScoreInputs.labels(labels);
            final List<ObservedAlert> observed = alerts != null ? ScoreInputs.alerts(alerts) : readTopic();
            final ScoreReport report = Scorecard.score(truth, observed, tolerance);
            out.print(ScoreTable.format(report, details));
            final boolean precisionOk = meets(report.precision(), minPrecision);
            final boolean recallOk = meets(report.recall(), minRecall);
            out.println();
            out.println(verdict("precision", report.precision(), minPrecision, precisionOk) + "; "
                    + verdict("recall", report.recall(), minRecall, recallOk));
            out.flush();
            return precisionOk && recallOk ? 0 : EXIT_BELOW_THRESHOLD;
        } catch (UserError | java.io.UncheckedIOException | TopicAdmin.ClusterUnavailableException e) {
            err.println("coldchain score: " + Secrets.mask(e.getMessage()));
            err.flush();
            return EXIT_USER_ERROR;
        }
    }

    private List<ObservedAlert> readTopic() {
        kafka.checkBootstrapServers();
        final String topic = kafka.catalogue().alerts().name();
        kafka.checkAccess(List.of(topic), AclOperation.READ, refused -> "; or score a file with --alerts FILE");
        try {
            return AlertsTopic.read(kafka.clientConfig(Map.of()), kafka.catalogue().alerts(), timeout);
        } catch (UserError e) {
            // Rights can change between the check and the read: still one line naming the principal.
            throw TopicAdminErrors.explain(e, kafka.clientConfig(Map.of()), "READ")
                    .map(why -> new UserError(why, e)).orElse(e);
        }
    }

    private void checkThreshold(final String flag, final Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new ParameterException(spec.commandLine(), flag + " must be within 0..1, got " + value);
        }
    }

    private static boolean meets(final OptionalDouble value, final Double minimum) {
        return minimum == null || value.isEmpty() || value.getAsDouble() >= minimum;
    }

    private static String verdict(final String what, final OptionalDouble value, final Double minimum,
                                  final boolean ok) {
        final String shown = ScoreTable.ratio(value);
        if (minimum == null) {
            return what + " " + shown;
        }
        return String.format(Locale.ROOT, "%s %s (minimum %s) %s", what, shown, minimum, ok ? "ok" : "BELOW");
    }
}
