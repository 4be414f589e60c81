package io.coldchain.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import io.coldchain.cli.jsonl.JsonLines;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.Severity;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code alerts} on a real broker, through the {@code coldchain} command line: following live with a severity
 * filter, starting from a point in time, the open alerts, and a consumer group that resumes where it stopped
 * while runs without one leave no group behind. Each test has its own topic prefix on the one broker of the class.
 * Waits are generous bounds (minutes), polled: they end as soon as the condition holds.
 */
class AlertsCommandIT {

    private static final long NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final JsonLines JSON = new JsonLines();

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldFollowNewAlertsAndShowOnlyThoseAtLeastAsSevereAsAsked() throws Exception {
        final String prefix = topics("follow.");
        final Alert before = alert("before00", "SHP-000001", Severity.CRITICAL, AlertStatus.OPEN, NOW - 60_000);
        final Alert low = alert("low00000", "SHP-000001", Severity.LOW, AlertStatus.OPEN, NOW);
        final Alert high = alert("high0000", "SHP-000001", Severity.HIGH, AlertStatus.OPEN, NOW + 1_000);
        publish(prefix, before);

        final Following alerts = follow(prefix, "--follow", "--min-severity", "HIGH", "--json");
        publish(prefix, low, high); // one shipment, one partition: the LOW one is read before the HIGH one

        alerts.awaitOut("the HIGH alert", out -> out.contains("high0000"));
        assertThat(alerts.stop()).as("exit code; stderr:%n%s", alerts.err).isZero();
        assertThat(alerts.out.toString().lines()).as("no LOW alert, nothing from before the start")
                .containsExactly(JSON.write(high));
        assertThat(alerts.err.toString()).contains("coldchain alerts: 1 alert shown");
    }

    @Test
    void shouldStartAtTheFirstAlertSinceADurationOrAnInstantAndShowTheOpenOnes() throws Exception {
        final String prefix = topics("since.");
        final Alert old = alert("old00000", "SHP-000002", Severity.HIGH, AlertStatus.OPEN, NOW - 3 * HOUR);
        final Alert recent = alert("recent00", "SHP-000002", Severity.MEDIUM, AlertStatus.OPEN, NOW - HOUR);
        final Alert recentResolved = alert("recent00", "SHP-000002", Severity.MEDIUM, AlertStatus.RESOLVED,
                NOW - HOUR + 60_000);
        final Alert other = alert("other000", "SHP-000002", Severity.LOW, AlertStatus.OPEN, NOW - HOUR + 120_000);
        publish(prefix, old, recent, recentResolved, other);

        assertThat(run(prefix, "--no-follow", "--since", "2h", "--json"))
                .containsExactly(JSON.write(recent), JSON.write(recentResolved), JSON.write(other));
        assertThat(run(prefix, "--no-follow", "--since", Instant.ofEpochMilli(NOW - HOUR + 1).toString(), "--json"))
                .containsExactly(JSON.write(recentResolved), JSON.write(other));
        assertThat(run(prefix, "--no-follow", "--json")).as("the beginning").hasSize(4);
        assertThat(run(prefix, "--no-follow", "--status", "open", "--json"))
                .containsExactly(JSON.write(old), JSON.write(other));
        final AlertFormat utc = new AlertFormat(ZoneOffset.UTC, false);
        final List<String> expected = new ArrayList<>(utc.header());
        expected.add(utc.line(old));
        assertThat(run(prefix, "--no-follow", "--status", "open", "--min-severity", "medium", "--zone", "UTC"))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void shouldResumeAGroupWhereItStoppedAndLeaveNoGroupBehindWithoutOne() throws Exception {
        final String prefix = topics("group.");
        final Alert first = alert("first000", "SHP-000003", Severity.HIGH, AlertStatus.OPEN, NOW - 3_000);
        final Alert second = alert("second00", "SHP-000003", Severity.HIGH, AlertStatus.OPEN, NOW - 2_000);
        final Alert third = alert("third000", "SHP-000003", Severity.HIGH, AlertStatus.OPEN, NOW - 1_000);
        publish(prefix, first);

        assertThat(run(prefix, "--no-follow", "--group", "it-ops", "--json")).containsExactly(JSON.write(first));
        publish(prefix, second);
        assertThat(run(prefix, "--no-follow", "--group", "it-ops", "--json")).containsExactly(JSON.write(second));

        final Following alerts = follow(prefix, "--group", "it-ops", "--json");
        publish(prefix, third);
        alerts.awaitOut("the third alert", out -> out.contains("third000"));
        assertThat(alerts.stop()).as("exit code; stderr:%n%s", alerts.err).isZero();
        assertThat(alerts.out.toString().lines()).containsExactly(JSON.write(third));
        assertThat(run(prefix, "--no-follow", "--group", "it-ops", "--json")).as("all shown, all committed").isEmpty();

        assertThat(run(prefix, "--no-follow", "--json")).hasSize(3);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listConsumerGroups().all().get(1, TimeUnit.MINUTES).stream()
                    .map(ConsumerGroupListing::groupId).collect(Collectors.toSet()))
                    .as("runs without --group, here and in the other tests, leave no group").isEqualTo(Set.of("it-ops"));
        }
    }

    /** {@code alerts} running on a thread of its own, as on a terminal until Ctrl-C. */
    private static final class Following {

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        AlertsCommand command;
        CompletableFuture<Integer> exit;

        void awaitOut(final String what, final java.util.function.Predicate<String> condition)
                throws InterruptedException {
            await(what, () -> condition.test(out.toString()), this);
        }

        int stop() throws InterruptedException, ExecutionException, TimeoutException {
            command.stop();
            return exit.get(1, TimeUnit.MINUTES);
        }
    }

    /** Starts {@code alerts} and returns once it reads live: alerts published from then on are new. */
    private static Following follow(final String prefix, final String... args) throws InterruptedException {
        final Following following = new Following();
        final CommandLine cli = commandLine(following.out, following.err);
        following.command = cli.getSubcommands().get("alerts").getCommand();
        following.command.shutdownHook = false;
        following.exit = new CompletableFuture<>();
        final Thread thread = new Thread(() -> following.exit.complete(cli.execute(args(prefix, args))),
                "alerts-command-it");
        thread.setDaemon(true);
        thread.start();
        await("alerts reading live", () -> following.err.toString().contains("live from here"), following);
        return following;
    }

    /** Polls {@code condition} for a generous while; fails at once if the command has ended. */
    private static void await(final String what, final BooleanSupplier condition, final Following following)
            throws InterruptedException {
        final long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertThat(following.exit.isDone()).as("alerts ended before %s; stderr:%n%s", what, following.err)
                    .isFalse();
            assertThat(System.nanoTime() - giveUp).as("still waiting for %s; stderr:%n%s", what, following.err)
                    .isNegative();
            Thread.sleep(50);
        }
    }

    /** Runs {@code alerts} (with --no-follow, it ends by itself) and returns its stdout lines. */
    private static List<String> run(final String prefix, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = commandLine(out, err);
        ((AlertsCommand) cli.getSubcommands().get("alerts").getCommand()).shutdownHook = false;
        assertThat(cli.execute(args(prefix, args))).as("exit code; stderr:%n%s", err).isZero();
        return out.toString().lines().toList();
    }

    private static String[] args(final String prefix, final String... args) {
        final List<String> all = new ArrayList<>(List.of("alerts", "--bootstrap-server", kafka.bootstrapServers(),
                "--topic-prefix", prefix));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static CommandLine commandLine(final StringWriter out, final StringWriter err) {
        return ColdchainCliAccess.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }

    /** Creates the catalogue's topics under {@code prefix}. */
    private static String topics(final String prefix) {
        kafka.createTopics(catalogue(prefix));
        return prefix;
    }

    private static TopicCatalogue catalogue(final String prefix) {
        return new TopicCatalogue(prefix, 3, AvroSerdes.local());
    }

    /** As the streams app writes alerts: keyed by shipment, stamped with the latest evidence, Avro. */
    private static void publish(final String prefix, final Alert... alerts) throws Exception {
        final var topic = catalogue(prefix).alerts();
        Alerts.publish(kafka.bootstrapServers(), topic, List.of(alerts));
    }

    private static Alert alert(final String id, final String shipment, final Severity severity,
                               final AlertStatus status, final long lastEvidenceTime) {
        return Alerts.alert().setAlertId(id).setShipmentId(shipment).setSeverity(severity).setStatus(status)
                .setFirstEvidenceTime(lastEvidenceTime - 60_000).setLastEvidenceTime(lastEvidenceTime).build();
    }
}
