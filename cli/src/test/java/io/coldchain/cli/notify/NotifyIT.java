package io.coldchain.cli.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coldchain.cli.ColdchainCliAccess;
import io.coldchain.cli.alerts.Alerts;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.Severity;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code notify} on a real broker against a real HTTP receiver that fails now and then in a fixed pattern: every
 * 3rd request answers 503, the 5th is dropped without an answer, the 7th answers after the client's timeout, the
 * 11th is a 429 with {@code Retry-After: 1}. Every matching alert must arrive at least once, no other, and every
 * copy of one change with the same {@code Idempotency-Key}; a run stopped mid-stream resumes from its group's
 * committed offsets. Waits are generous bounds (minutes), polled: they end as soon as the condition holds.
 */
class NotifyIT {

    private static final long NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    private static final String PREFIX = "notify.";
    private static final String GROUP = "it-notifier";

    private static LocalKafka kafka;

    private final Receiver receiver = new Receiver();

    @BeforeAll
    static void startBroker() {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
        kafka.createTopics(catalogue());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop();
    }

    @Test
    void shouldDeliverEveryMatchingAlertAtLeastOnceThroughFailuresAndResumeAfterAStop() throws Exception {
        final List<Alert> first = alerts("a", 0);
        publish(first);

        final Running run1 = start();
        await("every HIGH or CRITICAL alert of the first batch taken", () -> receiver.taken()
                .containsAll(keys(matching(first))), run1);
        assertThat(run1.stop()).as("exit code; stderr:%n%s", run1.err).isZero();

        assertThat(receiver.failures.get()).as("the receiver failed now and then").isGreaterThanOrEqualTo(5);
        assertThat(receiver.requests()).as("retried requests came again").hasSizeGreaterThan(matching(first).size());
        assertThat(receiver.arrived()).as("nothing below HIGH").isEqualTo(keys(matching(first)));
        assertSameKeyForEveryCopy();
        assertThat(run1.err.toString()).contains("retrying in").contains("offsets committed for group " + GROUP);

        // The second batch: the receiver stops taking anything after five of it, and the run is stopped while retrying.
        final List<Alert> second = alerts("b", 100);
        final int before = receiver.requests().size();
        receiver.refuseAllAfter(5);
        publish(second);
        final Running run2 = start();
        await("the receiver held up mid-stream", () -> receiver.heldUp.get() > 2, run2);
        assertThat(run2.stop()).as("exit code; stderr:%n%s", run2.err).isZero();
        final Set<String> takenByRun2 = receiver.takenSince(before);
        assertThat(takenByRun2).as("mid-stream: some, not all").isNotEmpty()
                .hasSizeLessThan(matching(second).size());

        receiver.refuseAllAfter(Integer.MAX_VALUE);
        final Running run3 = start();
        await("every matching alert of the second batch taken", () -> receiver.taken()
                .containsAll(keys(matching(second))), run3);
        assertThat(run3.stop()).as("exit code; stderr:%n%s", run3.err).isZero();

        assertThat(receiver.arrivedSince(before)).as("the second batch's matching alerts, none of the first again: "
                + "the runs resumed at the group's committed offsets").isEqualTo(keys(matching(second)));
        assertThat(receiver.arrived()).isEqualTo(keys(matching(first, second)));
        assertSameKeyForEveryCopy();
    }

    private void assertSameKeyForEveryCopy() {
        final Map<String, Set<String>> keysByBody = receiver.requests().stream().collect(Collectors.groupingBy(
                Request::body, Collectors.mapping(Request::key, Collectors.toSet())));
        assertThat(keysByBody.values()).as("one key for every copy of one change").allSatisfy(k -> assertThat(k).hasSize(1));
        assertThat(keysByBody.values().stream().map(k -> k.iterator().next()).collect(Collectors.toSet()))
                .as("and a key per change").hasSize(keysByBody.size());
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.key()).startsWith(r.alertId() + ":"));
    }

    /** 40 records: 30 alerts opened across six shipments with every severity, then 10 of them resolved. */
    private static List<Alert> alerts(final String idPrefix, final long offsetSeconds) {
        return IntStream.range(0, 40).mapToObj(i -> {
            final int alert = i % 30;
            return Alerts.alert().setSeverity(Severity.HIGH).setAlertId(idPrefix + alert)
                    .setShipmentId(String.format("SHP-%06d", alert % 6))
                    .setSeverity(Severity.values()[alert % Severity.values().length])
                    .setStatus(i < 30 ? AlertStatus.OPEN : AlertStatus.RESOLVED)
                    .setFirstEvidenceTime(NOW).setLastEvidenceTime(NOW + (offsetSeconds + i) * 1_000).build();
        }).toList();
    }

    @SafeVarargs
    private static List<Alert> matching(final List<Alert>... batches) {
        return java.util.Arrays.stream(batches).flatMap(List::stream)
                .filter(a -> a.getSeverity().compareTo(Severity.HIGH) >= 0).toList();
    }

    private static Set<String> keys(final List<Alert> alerts) {
        return alerts.stream().map(IdempotencyKey::of).collect(Collectors.toSet());
    }

    /** One request the receiver saw. */
    private record Request(String key, String alertId, String body, boolean taken) {
    }

    /** A webhook on an ephemeral port that fails now and then, always in the same pattern. */
    private static final class Receiver {

        final List<Request> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger heldUp = new AtomicInteger();
        private volatile int takeAtMost = Integer.MAX_VALUE;
        private final AtomicInteger takenSinceLimit = new AtomicInteger();
        private HttpServer server;
        private ExecutorService threads;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        void refuseAllAfter(final int taken) {
            takenSinceLimit.set(0);
            heldUp.set(0);
            takeAtMost = taken;
        }

        private void handle(final HttpExchange exchange) throws IOException {
            final int n = count.incrementAndGet();
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            final String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            final String alertId = exchange.getRequestHeaders().getFirst("X-Coldchain-Alert-Id");
            final boolean held = takenSinceLimit.get() >= takeAtMost;
            final int status = held ? 503 : n == 5 ? -1 : n == 7 ? 200 : n == 11 ? 429 : n % 3 == 0 ? 503 : 200;
            // The slow answer comes after the client gave up: the receiver took it, the notifier retries it.
            requests.add(new Request(key, alertId, body, status == 200 && n != 7));
            if (held) {
                heldUp.incrementAndGet();
            } else if (status != 200 || n == 7) {
                failures.incrementAndGet();
            } else {
                takenSinceLimit.incrementAndGet();
            }
            try (exchange) {
                if (status == -1) {
                    throw new IOException("the receiver drops this connection without answering");
                }
                if (n == 7) {
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (status == 429) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                exchange.sendResponseHeaders(status, -1);
            }
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        /** The keys of the requests answered 2xx in time. */
        Set<String> taken() {
            return requests.stream().filter(Request::taken).map(Request::key).collect(Collectors.toSet());
        }

        Set<String> takenSince(final int index) {
            return requests().subList(index, requests.size()).stream().filter(Request::taken).map(Request::key)
                    .collect(Collectors.toSet());
        }

        /** The keys of every request, answered or not. */
        Set<String> arrived() {
            return requests.stream().map(Request::key).collect(Collectors.toSet());
        }

        Set<String> arrivedSince(final int index) {
            return requests().subList(index, requests.size()).stream().map(Request::key).collect(Collectors.toSet());
        }
    }

    /** {@code notify} running on a thread of its own, as in a terminal until Ctrl-C. */
    private static final class Running {

        final StringWriter err = new StringWriter();
        NotifyCommand command;
        CompletableFuture<Integer> exit;

        int stop() throws Exception {
            command.stop();
            return exit.get(2, TimeUnit.MINUTES);
        }
    }

    private Running start() {
        final Running running = new Running();
        final CommandLine cli = ColdchainCliAccess.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(running.err, true));
        running.command = cli.getSubcommands().get("notify").getCommand();
        running.command.shutdownHook = false;
        running.command.jitter = new SplittableRandom(13);
        running.exit = new CompletableFuture<>();
        final String[] args = {"notify", "--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX,
            "--url", receiver.url(), "--group", GROUP, "--from-beginning", "--min-severity", "HIGH",
            "--header", "Authorization: Bearer it-secret", "--timeout", "1s", "--retry-initial", "50ms",
            "--retry-max", "400ms", "--report-every", "2s"};
        final Thread thread = new Thread(() -> running.exit.complete(cli.execute(args)), "notify-it");
        thread.setDaemon(true);
        thread.start();
        return running;
    }

    /** Polls {@code condition} for a generous while; fails at once if the command has ended. */
    private static void await(final String what, final BooleanSupplier condition, final Running running)
            throws InterruptedException {
        final long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertThat(running.exit.isDone()).as("notify ended before %s; stderr:%n%s", what, running.err).isFalse();
            assertThat(System.nanoTime() - giveUp).as("still waiting for %s; stderr:%n%s", what, running.err)
                    .isNegative();
            Thread.sleep(50);
        }
        assertThat(running.err.toString()).as("header values are never printed").doesNotContain("it-secret");
    }

    private static TopicCatalogue catalogue() {
        return new TopicCatalogue(PREFIX, 3, AvroSerdes.local());
    }

    /** As the streams app writes alerts: keyed by shipment, stamped with the latest evidence, Avro. */
    private static void publish(final List<Alert> alerts) throws Exception {
        final var topic = catalogue().alerts();
        Alerts.publish(kafka.bootstrapServers(), topic, alerts);
    }
}
