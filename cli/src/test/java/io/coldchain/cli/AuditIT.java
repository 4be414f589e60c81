package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.ops.StreamsRuntime;
import io.coldchain.ops.StreamsSettings;
import io.coldchain.cli.alerts.Alerts;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log end to end on a real broker: alerts on the alerts topic and an acknowledgement written by
 * {@code ack} (its shipment looked up on the alerts topic) are audited by the running streams app; {@code audit
 * verify} finds the chain intact, and names the record of a saved copy with one byte changed. Waits are generous
 * bounds (minutes), polled: they end as soon as the audit records are there.
 */
class AuditIT {

    private static final String PREFIX = "audit-it.";
    private static final String SHIPMENT = "SHP-AUDIT-IT";
    private static final String ALERT_ID = "5b1f0c2e-audit-it";
    private static final TopicCatalogue TOPICS = new TopicCatalogue(PREFIX, TopicCatalogue.DEFAULT_PARTITIONS,
            AvroSerdes.local());

    @TempDir
    static Path dir;

    private static LocalKafka kafka;
    private static StreamsRuntime streams;

    @BeforeAll
    static void start() throws Exception {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
        kafka.createTopics(TOPICS);
        streams = new StreamsRuntime(StreamsSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .applicationId("coldchain-audit-it").stateDir(Files.createDirectories(dir.resolve("state")))
                .topicPrefix(PREFIX).httpPort(-1).build(), Duration.ofSeconds(20));
        streams.start();
        assertThat(streams.awaitRunning(Duration.ofMinutes(3))).as("streams RUNNING").isTrue();
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--file")) {
            all.addAll(List.of("--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX));
        }
        final int exit = ColdchainCliAccess.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString().strip(), err.toString().strip());
    }

    @Test
    void shouldAuditAlertsAndAnAcknowledgementAsAnIntactChainAndNameATamperedRecord() throws Exception {
        final long now = System.currentTimeMillis();
        publish(alert(AlertStatus.OPEN, Severity.MEDIUM, now - 180_000), alert(AlertStatus.UPDATED, Severity.HIGH,
                now - 120_000));
        final Path copy = dir.resolve("audit.jsonl");
        awaitAudited(2, copy);

        final Run ack = run("ack", ALERT_ID, "--by", "dana", "--comment", "carrier called");
        assertThat(ack.exit()).as("ack; stderr:%n%s", ack.err()).isZero();
        assertThat(ack.out()).contains("acknowledged alert " + ALERT_ID + " of shipment " + SHIPMENT + " by dana");
        awaitAudited(3, copy);
        final Run unknown = run("ack", "no-such-alert", "--by", "dana");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).containsExactly("coldchain ack: alert no-such-alert is not on " + PREFIX
                + "alerts: check the id (./coldchain alerts --no-follow shows them), or pass --shipment");

        publish(alert(AlertStatus.RESOLVED, Severity.HIGH, System.currentTimeMillis()));
        final Run verify = awaitAudited(4, copy);
        assertThat(verify.exit()).as("verify; stderr:%n%s", verify.err()).isZero();
        assertThat(verify.out()).matches("4 records in 1 partition of " + PREFIX.replace(".", "\\.")
                + "audit, chain intact");
        assertThat(Files.readAllLines(copy)).hasSize(4).element(2).asString()
                .contains("ACKNOWLEDGED").contains("dana").contains("carrier called");

        final Run window = run("audit", "verify", "--from", Instant.ofEpochMilli(now - 150_000).toString());
        assertThat(window.out()).as("--from: the OPENED record is before the window")
                .matches("3 records in 1 partition of .*, chain intact");

        final Run intactCopy = run("audit", "verify", "--file", copy.toString());
        assertThat(intactCopy.exit()).isZero();

        final byte[] bytes = Files.readAllBytes(copy);
        bytes[new String(bytes, StandardCharsets.UTF_8).indexOf("carrier called")] = 'C';
        Files.write(copy, bytes);
        final Run tampered = run("audit", "verify", "--file", copy.toString());
        assertThat(tampered.exit()).isOne();
        assertThat(tampered.out()).contains("line 3 (sequence 3): hash check failed");
    }

    /** Runs {@code audit verify --save copy} until it has read {@code records}; bounded by minutes. */
    private static Run awaitAudited(final int records, final Path copy) throws InterruptedException {
        final long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            final Run verify = run("audit", "verify", "--save", copy.toString());
            if (verify.out().startsWith(records + " records")) {
                return verify;
            }
            assertThat(System.nanoTime() - giveUp).as("still waiting for %d audit records; last verify: %s %s",
                    records, verify.out(), verify.err()).isNegative();
            Thread.sleep(500);
        }
    }

    /** As the streams app writes alerts: keyed by shipment, stamped with the latest evidence. */
    private static void publish(final Alert... alerts) throws Exception {
        final var topic = TOPICS.alerts();
        Alerts.publish(kafka.bootstrapServers(), topic, List.of(alerts));
    }

    private static Alert alert(final AlertStatus status, final Severity severity, final long lastEvidenceTime) {
        return Alert.newBuilder().setAlertId(ALERT_ID).setType(AlertType.TEMPERATURE_EXCURSION)
                .setSeverity(severity).setStatus(status).setShipmentId(SHIPMENT).setSerial(null)
                .setRuleId("refrigerated-2-8-band").setFirstEvidenceTime(lastEvidenceTime - 60_000)
                .setLastEvidenceTime(lastEvidenceTime).setSummary("Above 8.0 °C.").setEvidence(Map.of()).build();
    }
}
