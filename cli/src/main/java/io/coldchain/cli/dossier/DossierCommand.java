package io.coldchain.cli.dossier;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.ExportCommand;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.sim.command.DurationConverter;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
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

/** {@code coldchain dossier}: one shipment's evidence as a self-contained HTML or PDF report for a release decision. */
@Command(name = "dossier", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Writes a self-contained report (HTML or PDF, by the --out extension) for the person who decides whether a "
                    + "shipment's goods may still be used: shipment, product, profile and rules; the temperature chart "
                    + "and the excursions (duration, extremes, °C·h out of range, stability budget, MKT); the route "
                    + "map; the custody chain; serial findings with both records; every alert with its status "
                    + "history, acknowledgements and audit chain positions; the inputs and what was set aside; a "
                    + "SHA-256 over the evidence (see docs/DOSSIER.md).",
            "Reads the topics with isolation.level=read_committed, without a consumer group, up to their end as it is "
                    + "when the command starts. The same records give the same HTML, byte for byte."},
        footer = {"",
            "Exit codes: 0 written, 1 written but some records could not be read with their schema (each reported on "
                    + "stderr), 2 a mistake to fix (bad flag, unreachable broker, missing topics, no permission, "
                    + "unknown shipment, unwritable file)."})
public final class DossierCommand implements Callable<Integer> {

    static final int EXIT_INCOMPLETE = 1;
    static final int EXIT_USER_ERROR = 2;
    /** A case name is one topic-name segment. */
    static final Pattern CASE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    @Spec
    CommandSpec spec;

    @Option(names = "--shipment", paramLabel = "ID", required = true, description = "The shipment.")
    String shipmentId;

    @Option(names = "--case", paramLabel = "NAME",
            description = "Read the alerts, audit, late data and dead letters of this case (topics "
                    + "<prefix>cases.NAME.*, as written by a replay) instead of the live ones; inputs stay the live topics.")
    String caseName;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Where to write: FILE.html (XHTML, charts inline) or FILE.pdf (A4); replaced if it exists.")
    Path out;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone the report shows times in (default: ${DEFAULT-VALUE}), e.g. Europe/Brussels.")
    String zone;

    @Option(names = "--generated-at", paramLabel = "INSTANT", converter = ExportCommand.InstantConverter.class,
            description = "Print this ISO-8601 instant as the generation time (default: none, so the same evidence "
                    + "gives the same file).")
    Instant generatedAt;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Give up when reading makes no progress for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        final ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ParameterException(spec.commandLine(), "--zone: '" + zone + "' is not a time zone (e.g. UTC, Europe/Brussels)");
        }
        if (caseName != null && !CASE_NAME.matcher(caseName).matches()) {
            throw new ParameterException(spec.commandLine(), "--case: '" + caseName + "' is not a case name (letters, digits, '-', '_')");
        }
        final String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        final boolean pdf = name.endsWith(".pdf");
        if (!pdf && !name.endsWith(".html") && !name.endsWith(".htm") && !name.endsWith(".xhtml")) {
            throw new ParameterException(spec.commandLine(), "--out " + out + ": end it with .html or .pdf");
        }
        final TopicCatalogue catalogue = kafka.catalogue();
        final DossierReader.Outputs outputs = DossierReader.Outputs.of(catalogue, caseName);
        err.println("coldchain dossier: shipment " + shipmentId + (caseName == null ? "" : " in case " + caseName) + " to "
                + out + "; " + kafka.describe());
        err.flush();
        try {
            kafka.checkBootstrapServers();
            kafka.checkAccess(List.of(catalogue.shipmentPlans().name(), catalogue.custodyEvents().name(),
                    catalogue.temperatureReadings().name(), catalogue.locationFixes().name(), outputs.alerts().name()),
                    AclOperation.READ, refused -> caseName == null ? "" : "; is the case name right? (--case " + caseName + ")");
            final DossierEvidence evidence = read(catalogue, outputs, err);
            if (evidence.plans().isEmpty() && evidence.custody().isEmpty() && evidence.readings().isEmpty()
                    && evidence.alerts().isEmpty()) {
                return userError(err, "no plan, custody scan, reading or alert of shipment " + shipmentId + " in "
                        + catalogue.shipmentPlans().name() + ", " + catalogue.custodyEvents().name() + ", "
                        + catalogue.temperatureReadings().name() + " or " + outputs.alerts().name() + " on "
                        + kafka.bootstrapServers() + ": check the id, --case, --topic-prefix and --bootstrap-server");
            }
            final Dossier dossier = new DossierBuilder(zoneId, TemperatureProfiles.builtIn(), caseName, generatedAt).build(evidence);
            final DossierRenderer renderer = new DossierRenderer();
            if (pdf) {
                try (OutputStream file = Files.newOutputStream(out)) {
                    renderer.pdf(dossier, file);
                }
            } else {
                Files.writeString(out, renderer.html(dossier), StandardCharsets.UTF_8);
            }
            err.println("wrote the dossier of " + shipmentId + " (" + evidence.recordCount() + " records, "
                    + dossier.excursions().size() + " excursions, " + dossier.alerts().size() + " alerts, evidence SHA-256 "
                    + evidence.sha256() + ") to " + out
                    + (evidence.unreadable().isEmpty() ? "" : "; " + evidence.unreadable().size() + " unreadable records skipped"));
            err.flush();
            return evidence.unreadable().isEmpty() ? 0 : EXIT_INCOMPLETE;
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "READ"));
        } catch (NoSuchFileException e) {
            return userError(err, "cannot write " + out + ": its directory does not exist");
        } catch (IOException e) {
            return userError(err, "cannot write " + out + ": " + e.getMessage());
        }
    }

    private DossierEvidence read(final TopicCatalogue catalogue, final DossierReader.Outputs outputs, final PrintWriter err) {
        final Map<String, Object> config = BoundedRead.readerConfig(
                kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-dossier")));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return new DossierReader(consumer, timeout).read(shipmentId, catalogue, outputs, problem -> {
                err.println(problem);
                err.flush();
            });
        }
    }

    /** The one line of a mistake, secrets masked: messages may quote a URL or a setting with its credentials. */
    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain dossier: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }
}
