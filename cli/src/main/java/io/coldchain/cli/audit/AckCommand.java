package io.coldchain.cli.audit;

import io.coldchain.cli.KafkaOptions;
import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.TopicExporter;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.ops.api.KafkaAckSink;
import io.coldchain.contract.audit.Acknowledgements;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code coldchain ack}: acknowledge an alert; the audit log records it, the alert stream is left as it is. */
@Command(name = "ack", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Writes one acknowledgement of an alert to the acknowledgements topic (idempotent producer, keyed by "
                    + "the alert's shipment). The alerts topic is not changed; the streams application records the "
                    + "acknowledgement in the audit log (./coldchain audit verify).",
            "Without --shipment the alert's shipment is looked up on the alerts topic (read from the beginning)."},
        footer = {"",
            "Examples:",
            "  ./coldchain ack 0d4c1e2a-9f3b-3c55-8a1e-6b2f0c7d9e11 --by dana --comment 'carrier called, reefer reset'",
            "  ./coldchain ack 0d4c1e2a-9f3b-3c55-8a1e-6b2f0c7d9e11 --shipment SHP-000004 --by dana",
            "",
            "Exit codes: 0 written, 2 a mistake to fix (bad flag, unknown alert, unreachable broker, missing topic, "
                    + "no permission)."})
public final class AckCommand implements Callable<Integer> {

    static final int EXIT_USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ALERT_ID", description = "The alert's id (as 'alerts' shows it).")
    String alertId;

    @Option(names = "--shipment", paramLabel = "ID",
            description = "The alert's shipment; looked up on the alerts topic when left out.")
    String shipment;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who acknowledges: a name or user id.")
    String by;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A note for the audit log.")
    String comment;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    /** The wall clock, for acknowledgedAt. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    /** How long the lookup and the write may take. */
    Duration timeout = Duration.ofSeconds(30);

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (alertId.isBlank() || by.isBlank() || shipment != null && shipment.isBlank()) {
            throw new ParameterException(spec.commandLine(), "ALERT_ID, --by and --shipment must not be blank");
        }
        final TopicCatalogue catalogue = kafka.catalogue();
        final TopicSpec<String, AlertAcknowledgement> acks = catalogue.acknowledgements();
        try {
            kafka.checkBootstrapServers();
            kafka.checkAccess(List.of(acks.name()), AclOperation.WRITE, refused -> "");
            final String shipmentId = shipment != null ? shipment : lookUp(catalogue.alerts());
            final AlertAcknowledgement ack = Acknowledgements.of(alertId, shipmentId, by, comment, clock);
            write(acks, ack);
            out.println("acknowledged alert " + ack.getAlertId() + " of shipment " + shipmentId + " by " + ack.getBy()
                    + " (ack " + ack.getAckId() + ") on " + acks.name());
            out.flush();
            return 0;
        } catch (UserError | TopicAdmin.ClusterUnavailableException e) {
            return userError(err, e.getMessage());
        } catch (KafkaException e) {
            return userError(err, kafka.explain(e, "WRITE"));
        }
    }

    /** The shipment of the alert, from the alerts topic; one line if it is not there. */
    private String lookUp(final TopicSpec<String, Alert> alerts) {
        kafka.checkAccess(List.of(alerts.name()), AclOperation.READ, refused -> "; or pass --shipment");
        final Map<String, Object> config = BoundedRead.readerConfig(kafka.clientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-ack")));
        final List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            new TopicExporter(consumer, timeout).read(alerts, null, null, alert -> {
                if (alert.getAlertId().equals(alertId.strip()) && found.isEmpty()) {
                    found.add(alert.getShipmentId());
                }
            }, problem -> { });
        }
        if (found.isEmpty()) {
            throw new UserError("alert " + alertId.strip() + " is not on " + alerts.name()
                    + ": check the id (./coldchain alerts --no-follow shows them), or pass --shipment");
        }
        return found.get(0);
    }

    private void write(final TopicSpec<String, AlertAcknowledgement> acks, final AlertAcknowledgement ack) {
        final Map<String, Object> settings = new HashMap<>(KafkaAckSink.producerConfig(timeout));
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "coldchain-ack");
        final Map<String, Object> config = kafka.clientConfig(settings);
        try (KafkaProducer<String, AlertAcknowledgement> producer = new KafkaProducer<>(config,
                acks.keySerde().serializer(), acks.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(acks.name(), null, ack.getAcknowledgedAt(), ack.getShipmentId(), ack))
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k
                    : new UserError("cannot write the acknowledgement: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new UserError("the broker did not confirm the acknowledgement within "
                    + timeout.toSeconds() + " s: is it still running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted before the broker confirmed the acknowledgement");
        }
    }

    private static int userError(final PrintWriter err, final String message) {
        err.println("coldchain ack: " + Secrets.mask(message));
        err.flush();
        return EXIT_USER_ERROR;
    }
}
