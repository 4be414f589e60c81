package io.coldchain.bench;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicCreator;
import io.coldchain.topics.TopicSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How soon {@code coldchain alerts --follow --min-severity HIGH} shows an alert after the transaction that wrote it
 * commits, against the floor a plain {@code read_committed} consumer polling the same topic in this JVM reaches in the
 * same run. The follower runs as a user runs it: the launcher's jar in a process of its own, its lines read from its
 * standard output.
 *
 * <p>{@code java -cp benchmarks/target/coldchain-benchmarks.jar io.coldchain.bench.AlertsFollowLatency CLI_JAR [N]}
 * (or {@code benchmarks/alerts-follow-latency.sh}). Each of N HIGH alerts is written in a transaction of its own, one
 * at a time: the clock starts when {@code commitTransaction} returns and stops when the follower's line with that
 * alert id arrives (and, for the baseline, when the consumer's poll returns the record). A MEDIUM alert between two
 * HIGH ones checks the filter: it must never be shown. Prints p50, p90, p99 and max of both, and their difference.
 */
public final class AlertsFollowLatency {

    private static final Pattern ALERT_ID = Pattern.compile("\"alertId\"\\s*:\\s*\"([^\"]+)\"");
    private static final long WAIT_SECONDS = 120;

    private AlertsFollowLatency() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: AlertsFollowLatency CLI_JAR [ALERTS]   (CLI_JAR: cli/target/coldchain-cli-*-all.jar)");
            System.exit(2);
        }
        final Path cliJar = Path.of(args[0]);
        final int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start()) {
            final TopicCatalogue topics = TopicCatalogue.defaults();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                new TopicCreator(admin, TopicCreator.BROKER_DEFAULT_REPLICATION, Duration.ofMinutes(1))
                        .create(List.of(topics.alerts()));
            }
            run(kafka.bootstrapServers(), topics.alerts(), cliJar, count);
        }
    }

    private static void run(final String bootstrap, final TopicSpec<String, Alert> topic, final Path cliJar,
                            final int count) throws Exception {
        final Map<String, Long> shown = new ConcurrentHashMap<>();
        final Map<String, Long> polled = new ConcurrentHashMap<>();
        final CountDownLatch live = new CountDownLatch(1);
        final Process follower = new ProcessBuilder(javaBinary(), "-jar", cliJar.toString(), "alerts", "--follow",
                "--min-severity", "HIGH", "--json", "--bootstrap-server", bootstrap)
                .redirectErrorStream(false).start();
        final Thread out = reader(follower.getInputStream(), line -> {
            final Matcher id = ALERT_ID.matcher(line);
            if (id.find()) {
                shown.putIfAbsent(id.group(1), System.nanoTime());
            }
        });
        final Thread err = reader(follower.getErrorStream(), line -> {
            if (line.contains("live from here")) {
                live.countDown();
            }
        });
        final AtomicBoolean polling = new AtomicBoolean(true);
        final Thread baseline = new Thread(() -> poll(bootstrap, topic, polled, polling), "baseline-consumer");
        baseline.start();
        try {
            if (!live.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the follower did not start reading live");
            }
            Thread.sleep(2_000); // the baseline consumer's assignment and first poll
            final List<Long> followerNanos = new ArrayList<>();
            final List<Long> baselineNanos = new ArrayList<>();
            try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alerts-follow-latency",
                    ProducerConfig.LINGER_MS_CONFIG, 0),
                    topic.keySerde().serializer(), topic.valueSerde().serializer())) {
                producer.initTransactions();
                for (int i = 0; i < count; i++) {
                    final String filtered = "medium-" + i;
                    send(producer, topic, alert(filtered, Severity.MEDIUM, i));
                    final String id = "high-" + i;
                    send(producer, topic, alert(id, Severity.HIGH, i));
                    final long committed = System.nanoTime();
                    final long giveUp = committed + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                    while (!(shown.containsKey(id) && polled.containsKey(id)) && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
                    if (!shown.containsKey(id) || !polled.containsKey(id)) {
                        throw new IllegalStateException("alert " + id + " not seen within " + WAIT_SECONDS + " s");
                    }
                    followerNanos.add(shown.get(id) - committed);
                    baselineNanos.add(polled.get(id) - committed);
                }
            }
            final long filteredShown = shown.keySet().stream().filter(id -> id.startsWith("medium-")).count();
            System.out.printf("%d HIGH alerts, one transaction each, %d MEDIUM between them (shown: %d, expected 0)%n",
                    count, count, filteredShown);
            System.out.println(row("commit -> alerts --follow line", followerNanos));
            System.out.println(row("commit -> read_committed poll (baseline)", baselineNanos));
            final List<Long> difference = new ArrayList<>();
            for (int i = 0; i < followerNanos.size(); i++) {
                difference.add(followerNanos.get(i) - baselineNanos.get(i));
            }
            System.out.println(row("follower minus baseline", difference));
        } finally {
            polling.set(false);
            follower.destroy();
            follower.waitFor(30, TimeUnit.SECONDS);
            baseline.join(TimeUnit.SECONDS.toMillis(30));
            out.join(1_000);
            err.join(1_000);
        }
    }

    private static void send(final KafkaProducer<String, Alert> producer, final TopicSpec<String, Alert> topic,
                             final Alert alert) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic.name(), null, alert.getLastEvidenceTime(), alert.getShipmentId(), alert));
        producer.commitTransaction();
    }

    private static Alert alert(final String id, final Severity severity, final int i) {
        final long time = 1_772_532_900_000L + i * 60_000L;
        return Alert.newBuilder()
                .setAlertId(id)
                .setType(AlertType.TEMPERATURE_EXCURSION)
                .setSeverity(severity)
                .setStatus(AlertStatus.OPEN)
                .setShipmentId("SHP-" + (i % 7))
                .setSerial(null)
                .setRuleId("storage-band")
                .setFirstEvidenceTime(time - 300_000)
                .setLastEvidenceTime(time)
                .setSummary("10.1 °C: outside 2.0..8.0 °C (refrigerated-2-8)")
                .setEvidence(Map.of("temperatureCelsius", "10.1"))
                .build();
    }

    private static void poll(final String bootstrap, final TopicSpec<String, Alert> topic, final Map<String, Long> polled,
                             final AtomicBoolean polling) {
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (polling.get()) {
                for (final ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(100))) {
                    polled.putIfAbsent(record.value().getAlertId(), System.nanoTime());
                }
            }
        }
    }

    private static Thread reader(final java.io.InputStream stream, final java.util.function.Consumer<String> onLine) {
        final Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "follower-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String row(final String what, final List<Long> nanos) {
        final long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("%-42s p50 %7.1f ms   p90 %7.1f ms   p99 %7.1f ms   max %7.1f ms", what,
                millis(sorted, 0.50), millis(sorted, 0.90), millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double millis(final long[] sorted, final double quantile) {
        final int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
