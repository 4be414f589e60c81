package io.coldchain.sim.command;

import io.coldchain.logging.Secrets;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationRequest;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.LabelsFile;
import io.coldchain.sim.publish.KafkaTarget;
import io.coldchain.sim.publish.Pacing;
import io.coldchain.sim.publish.ProgressListener;
import io.coldchain.sim.publish.PublishResult;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code simulate} tells the user: the settings, warnings, progress and problems on the error stream, the
 * summary on the output stream. Secrets (a registry URL's credentials, passwords in the client settings) are masked.
 */
final class SimulationReport {

    /** How far ahead of the wall clock brokers accept record timestamps by default. */
    private static final Duration MAX_LEAD = Duration.ofHours(1);

    private final PrintWriter out;
    private final PrintWriter err;

    SimulationReport(final PrintWriter out, final PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** What will be simulated, and how fast. */
    void settings(final SimulationRequest request) {
        final SimulationSettings s = request.settings();
        final Pacing pacing = request.pacing();
        final Duration span = request.span();
        final String pace = pacing.unpaced() ? "as fast as possible"
                : String.format(Locale.ROOT, "%sx real time (about %s)", number(pacing.speed()),
                ConsoleProgress.human(Duration.ofMillis((long) (span.toMillis() / pacing.speed()))));
        err.printf(Locale.ROOT, "simulating %d shipments, seed %d, start %s%s, simulated span %s, %s%s%n",
                s.shipments(), s.seed(), s.start(), request.anchored() ? " (anchored to the wall clock)" : "",
                ConsoleProgress.human(span), pace,
                pacing.capped() ? ", at most " + number(pacing.maxEventsPerSecond()) + " events/s" : "");
        err.printf(Locale.ROOT, "  readings every %s, fixes every %s, warm fraction %s, air share %s, hub share %s%n",
                s.readingInterval(), s.fixInterval(), number(s.warmFraction()), number(s.airShare()),
                number(s.hubShare()));
        err.printf(Locale.ROOT, "  incidents: %s; network realism: %s%n", s.incidents().describe(),
                s.realism().describe());
        err.printf(Locale.ROOT, "  conventions: %s%n", s.conventions().describe());
        err.flush();
    }

    /** Where it will be published. */
    void target(final KafkaTarget target, final TopicCatalogue catalogue) {
        err.printf(Locale.ROOT, "  kafka %s, topics %s, schema registry %s%n", target.bootstrapServers(),
                KafkaTarget.topics(catalogue).stream().map(TopicSpec::name).collect(Collectors.joining(", ")),
                target.hasSchemaRegistry() ? Secrets.mask(target.schemaRegistryUrl()) : "none (local schema ids)");
        err.printf("  producer %s%n", Secrets.maskConfig(target.producerConfig()));
        err.flush();
    }

    /** Warns when brokers would reject or soon delete the records for their timestamps. */
    void timestampWarnings(final SimulationRequest request, final TopicCatalogue catalogue) {
        final Instant simStart = request.settings().start();
        final Instant now = request.now();
        final Duration ahead = Duration.between(now, simStart).plus(Simulation.lead(request.span(), request.pacing()));
        if (ahead.compareTo(MAX_LEAD) > 0) {
            err.println("warning: event times will run up to " + ConsoleProgress.human(ahead) + " ahead of the wall "
                    + "clock; brokers reject record timestamps more than message.timestamp.after.max.ms (1 h by "
                    + "default) in the future. Drop --start or lower --speed.");
        }
        final long retention = KafkaTarget.topics(catalogue).stream()
                .map(t -> t.configs().get("retention.ms")).filter(v -> v != null)
                .mapToLong(Long::parseLong).min().orElse(Long.MAX_VALUE);
        if (simStart.isBefore(now.minusMillis(retention))) {
            err.println("warning: the start lies further back than the topics' retention ("
                    + Duration.ofMillis(retention).toDays() + " days); brokers delete such records within minutes.");
        }
        err.flush();
    }

    void labelsWritten(final Path file, final LabelsFile.Written written) {
        err.println(String.format(Locale.ROOT, "wrote the ground truth to %s: %,d incidents, %,d confounders", file,
                written.incidents(), written.confounders()));
        err.flush();
    }

    void labelsNotWritten(final Path file, final IOException e) {
        err.println("coldchain simulate: cannot write the labels to " + file + ": " + e.getMessage());
        err.flush();
    }

    void createdTopics(final List<String> topics) {
        if (!topics.isEmpty()) {
            err.println("created topics " + String.join(", ", topics));
        }
    }

    /** Progress while publishing, with a bar of the simulated time sent. */
    ProgressListener progress(final SimulationRequest request) {
        final Instant start = request.settings().start();
        return new ConsoleProgress(err, System.console() != null, start, start.plus(request.span()));
    }

    /** The events a dry run generated, by {@link SimEvent.Kind}, and how long that took. */
    void generated(final long[] counts, final Duration took, final int shipments) {
        final long total = Arrays.stream(counts).sum();
        out.println(String.format(Locale.ROOT, "generated %,d events (%,d plans, %,d temperature readings, %,d "
                        + "location fixes, %,d custody scans) for %,d shipments without publishing in %s: %,.0f events/s",
                total, counts[0], counts[1], counts[2], counts[3], shipments, ConsoleProgress.human(took),
                total / Math.max(1e-9, took.toNanos() / 1e9)));
        out.flush();
    }

    void published(final PublishResult result, final int shipments) {
        out.println(summary(result, shipments));
        out.flush();
    }

    /** A problem the user can act on, in one line. */
    void failed(final String message) {
        // Messages may quote a registry URL with its credentials.
        err.println("coldchain simulate: " + Secrets.mask(message));
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
}
