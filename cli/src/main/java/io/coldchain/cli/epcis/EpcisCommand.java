package io.coldchain.cli.epcis;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.ExportCommand;
import io.coldchain.cli.jsonl.TopicExporter;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.sim.command.DurationConverter;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code coldchain epcis}: a shipment's or a pack's evidence as one GS1 EPCIS 2.0 JSON-LD document. */
@Command(name = "epcis", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Writes the custody scans and temperature readings of one shipment (or of every shipment one pack was "
                    + "in) as one GS1 EPCIS 2.0 document in JSON-LD, for regulators and trading partners "
                    + "(see docs/EPCIS.md).",
            "Custody scans are ObjectEvents with SGTIN, SGLN and PGLN URNs and CBV 2.0 URIs; readings are "
                    + "sensor_reporting events, one per logger and hour, with the last GPS fix as a geo: read point. "
                    + "The same records always give the same file: events in time order, ids from the content, "
                    + "creationDate from the data unless --creation-date is given.",
            "Reads the plans, custody, temperature and location topics with isolation.level=read_committed, "
                    + "without a consumer group, up to their end as it is when the command starts."},
        footer = {"",
            "Exit codes: 0 done, 1 written but incomplete: some records could not be read with their schema, or some "
                    + "values EPCIS cannot carry as they are (a GLN with a wrong check digit, a malformed serial) were "
                    + "left out; each reported on stderr. 2 a mistake to fix (bad flag, unreachable broker, missing topics, no permission, "
                    + "unknown shipment or serial, nothing in --from/--to, unwritable file)."})
public final class EpcisCommand implements Callable<Integer> {

    static final int EXIT_INCOMPLETE = 1;
    static final int EXIT_USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    /** What to export: exactly one of the two. */
    static final class Subject {
        @Option(names = "--shipment", paramLabel = "ID", required = true,
                description = "Export this shipment: its scans, and its readings with its packs as epcList.")
        String shipmentId;

        @Option(names = "--serial", paramLabel = "SGTIN", required = true,
                description = "Export this pack (GTIN.SERIAL, an SGTIN URN, a GS1 Digital Link or (01)..(21)..): "
                        + "every scan that saw it, and the readings of every shipment it was in.")
        String serial;
    }

    @Option(names = "--from", paramLabel = "INSTANT", converter = ExportCommand.InstantConverter.class,
            description = "Only events at or after this ISO-8601 instant (their event time).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = ExportCommand.InstantConverter.class,
            description = "Only events before this ISO-8601 instant (excluded).")
    Instant to;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Where to write the document (UTF-8, .jsonld; replaced if it exists).")
    Path out;

    @Option(names = "--company-prefix-length", paramLabel = "N", defaultValue = "" + CompanyPrefixes.DEFAULT_LENGTH,
            description = "GS1 company prefix length (6..12) of GTINs and GLNs not matched by --company-prefix, to "
                    + "split them in EPC URNs (default: ${DEFAULT-VALUE}).")
    int companyPrefixLength;

    @Option(names = "--company-prefix", paramLabel = "DIGITS",
            description = "A GS1 company prefix whose length is known (repeatable): keys starting with it split "
                    + "after it; the longest match wins.")
    List<String> companyPrefixes = new ArrayList<>();

    @Option(names = "--creation-date", paramLabel = "INSTANT", converter = ExportCommand.InstantConverter.class,
            description = "The document's creationDate (default: the latest event, record or declaration time in "
                    + "it, so the same data gives the same file).")
    Instant creationDate;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Give up when reading makes no progress for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " must be before --to " + to);
        }
        final EpcisMapper.Selection selection = new EpcisMapper.Selection(subject.shipmentId, serial(), from, to);
        final CompanyPrefixes prefixes;
        try {
            prefixes = new CompanyPrefixes(companyPrefixLength, companyPrefixes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--company-prefix(-length): " + e.getMessage());
        }
        final TopicCatalogue catalogue = kafka.catalogue();
        err.println("coldchain epcis: " + selection.describe() + (from == null ? "" : " from " + from)
                + (to == null ? "" : " to " + to) + " to " + out + "; " + kafka.describe());
        err.flush();
        try {
            kafka.checkBootstrapServers();
            kafka.checkAccess(List.of(catalogue.shipmentPlans().name(), catalogue.custodyEvents().name(),
                    catalogue.temperatureReadings().name(), catalogue.locationFixes().name()), AclOperation.READ,
                    refused -> "");
            final List<String> unreadable = new ArrayList<>();
            final EpcisMapper.Evidence evidence = read(catalogue, selection, problem -> {
                unreadable.add(problem);
                err.println(problem);
                err.flush();
            });
            final EpcisMapper.Result result = new EpcisMapper(prefixes, creationDate).map(selection, evidence);
            if (result.knownShipments().isEmpty()) {
                return userError(err, "no plan, custody scan or temperature reading of " + selection.describe()
                        + " in " + catalogue.shipmentPlans().name() + ", " + catalogue.custodyEvents().name() + " or "
                        + catalogue.temperatureReadings().name() + " on " + kafka.bootstrapServers()
                        + ": check the id, --topic-prefix and --bootstrap-server");
            }
            if (result.document().events().isEmpty()) {
                return userError(err, selection.describe() + " has no custody scan or reading"
                        + (from == null ? "" : " from " + from) + (to == null ? "" : " before " + to)
                        + ": widen or drop --from/--to");
            }
            result.problems().forEach(problem -> err.println("left out: " + problem));
            Files.writeString(out, EpcisJson.write(result.document()), StandardCharsets.UTF_8);
            err.println("wrote " + result.document().events().size() + " EPCIS events (" + result.custodyEvents()
                    + " custody, " + result.sensorEvents() + " sensor_reporting with " + result.readings()
                    + " readings) of " + String.join(", ", result.knownShipments()) + " to " + out
                    + (unreadable.isEmpty() ? "" : "; " + unreadable.size() + " unreadable records skipped")
                    + (result.problems().isEmpty() ? "" : "; " + result.problems().size()
                    + (result.problems().size() == 1 ? " value" : " values") + " left out"));
            err.flush();
            return unreadable.isEmpty() && result.problems().isEmpty() ? 0 : EXIT_INCOMPLETE;
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

    private Sgtin serial() {
        if (subject.serial == null) {
            return null;
        }
        try {
            return Sgtin.parse(subject.serial);
        } catch (InvalidSgtinException e) {
            throw new ParameterException(spec.commandLine(), "--serial: " + e.getMessage());
        }
    }

    /**
     * The records that can matter to {@code selection}, so memory follows the shipment, not the topics: plans and
     * scans of the shipment (or holding the pack) first, then the readings and fixes of the shipments they name.
     */
    private EpcisMapper.Evidence read(final TopicCatalogue catalogue, final EpcisMapper.Selection selection,
                                      final Consumer<String> problems) {
        final Map<String, Object> config = BoundedRead.readerConfig(kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-epcis")));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final TopicExporter exporter = new TopicExporter(consumer, timeout);
            final List<ShipmentPlan> plans = read(exporter, catalogue.shipmentPlans(), selection::concerns, problems);
            final List<CustodyEvent> custody = read(exporter, catalogue.custodyEvents(), selection::concerns,
                    problems);
            final Set<String> shipments = EpcisMapper.shipments(selection, plans, custody);
            return new EpcisMapper.Evidence(plans, custody,
                    read(exporter, catalogue.temperatureReadings(), r -> shipments.contains(r.getShipmentId()),
                            problems),
                    read(exporter, catalogue.locationFixes(), f -> shipments.contains(f.getShipmentId()), problems));
        }
    }

    private static <V extends SpecificRecord> List<V> read(final TopicExporter exporter,
                                                           final TopicSpec<String, V> topic,
                                                           final Predicate<V> wanted,
                                                           final Consumer<String> problems) {
        final List<V> values = new ArrayList<>();
        exporter.read(topic, null, null, value -> {
            if (wanted.test(value)) {
                values.add(value);
            }
        },
                problem -> problems.accept(topic.name() + " " + problem));
        return values;
    }

    /** The one line of a mistake, secrets masked: messages may quote a URL or a setting with its credentials. */
    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain epcis: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }
}
