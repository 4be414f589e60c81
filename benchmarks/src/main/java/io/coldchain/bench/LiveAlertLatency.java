package io.coldchain.bench;

import io.coldchain.schemas.Alert;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicCreator;
import io.coldchain.topics.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live alert latency of {@code benchmarks/live-latency.sh}: one {@code read_committed} consumer of the input
 * topics and the alerts topic, in this JVM, while the simulator publishes and the application runs.
 *
 * <p>{@code create-topics BOOTSTRAP PREFIX [baseline]}: creates the catalogue's topics (and, with {@code baseline},
 * {@link PlatformBaseline}'s output topic, whose counts {@code measure} then times too), the four input topics with
 * {@code message.timestamp.type=LogAppendTime} (the broker stamps each record with the time it appended it; the
 * application takes event time from the payload, never from the record timestamp, so its results do not change).
 *
 * <p>{@code measure BOOTSTRAP PREFIX WARMUP_S SECONDS STOP_FILE TEMPERATURE_GRACE_MS ROUTE_GRACE_MS [WINDOW_START_FILE]}:
 * reads from the beginning until STOP_FILE exists, then prints the figures of the measurement window: the SECONDS after
 * WARMUP_S from the first input record's append, or, given WINDOW_START_FILE, the SECONDS from the epoch milliseconds
 * written in it when STOP_FILE appears (a run that paused its input, {@code live-latency.sh} with
 * {@code PLANS_FIRST=1}). For each alert: {@code evidence} = its receipt here minus the append time
 * of its evidence record (the input record of its shipment whose event time is the alert's {@code lastEvidenceTime},
 * on the topic its detector reads); {@code release} = its receipt minus the append time of the first record of
 * that shipment on that topic with event time at least {@code lastEvidenceTime + grace} (the record that let the
 * evidence out of the reorder buffer; the evidence record itself at zero grace). Alerts are counted in the window
 * their evidence record was appended in. Alerts with no such record (time-driven: silence, delay) are counted apart.
 * Baseline: each input record's receipt here minus its append time.
 */
public final class LiveAlertLatency {

    private static final int TEMPERATURE = 0;
    private static final int LOCATION = 1;
    private static final int CUSTODY = 2;
    private static final String[] KINDS = {"temperature", "location", "custody"};
    private static final int SLICES = 6;

    /** Per shipment and input kind: event time, append time, in append order. */
    private final Map<String, long[][]> logs = new HashMap<>();
    private final Map<String, int[]> sizes = new HashMap<>();
    private final List<long[]> baseline = new ArrayList<>();
    private final List<AlertSeen> alerts = new ArrayList<>();
    /** The platform baseline's outputs (append time of the latest input counted, latency to their receipt here). */
    private final List<long[]> outputs = new ArrayList<>();
    private long firstAppend = Long.MAX_VALUE;

    private record AlertSeen(Alert alert, long received) {
    }

    private LiveAlertLatency() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("create-topics")) {
            createTopics(args[1], args[2], args.length > 3 && args[3].equals("baseline"));
        } else if (args.length >= 8 && args[0].equals("measure")) {
            new LiveAlertLatency().measure(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Path.of(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]),
                    args.length > 8 ? Path.of(args[8]) : null);
        } else {
            System.err.println("usage: LiveAlertLatency create-topics BOOTSTRAP PREFIX [baseline] | measure BOOTSTRAP PREFIX "
                    + "WARMUP_S SECONDS STOP_FILE TEMPERATURE_GRACE_MS ROUTE_GRACE_MS [WINDOW_START_FILE]");
            System.exit(2);
        }
    }

    /** The topic {@link PlatformBaseline} writes its counts to in a live run ({@code --output}). */
    static String baselineOutputs(final String prefix) {
        return prefix + "baseline.counts";
    }

    private static TopicCatalogue catalogue(final String prefix) {
        return new TopicCatalogue(prefix, TopicCatalogue.DEFAULT_PARTITIONS, AvroSerdes.local());
    }

    private static void createTopics(final String bootstrap, final String prefix, final boolean baseline) {
        final TopicCatalogue topics = catalogue(prefix);
        final Set<String> inputs = Set.of(topics.shipmentPlans().name(), topics.temperatureReadings().name(),
                topics.locationFixes().name(), topics.custodyEvents().name());
        final List<TopicSpec<?, ?>> specs = new ArrayList<>();
        for (final TopicSpec<?, ?> spec : topics.all()) {
            if (inputs.contains(spec.name())) {
                final Map<String, String> configs = new HashMap<>(spec.configs());
                configs.put("message.timestamp.type", "LogAppendTime");
                specs.add(new TopicSpec<>(spec.name(), spec.keySerde(), spec.valueSerde(), spec.keyDoc(),
                        spec.valueDoc(), spec.partitions(), configs, spec.description()));
            } else {
                specs.add(spec);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicCreator(admin, TopicCreator.BROKER_DEFAULT_REPLICATION, Duration.ofMinutes(1)).create(specs);
            // `coldchain broker` creates the catalogue's topics itself: set the inputs' timestamp type either way.
            final Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
            for (final String input : inputs) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, input), List.of(new AlterConfigOp(
                        new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(changes).all().get(1, java.util.concurrent.TimeUnit.MINUTES);
            if (baseline) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(baselineOutputs(prefix),
                        TopicCatalogue.DEFAULT_PARTITIONS, (short) 1))).all().get(1, java.util.concurrent.TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot set the input topics' timestamp type"
                    + (baseline ? " or create the baseline's output topic" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.println(specs.size() + " topics, the inputs " + new java.util.TreeSet<>(inputs)
                + " with message.timestamp.type=LogAppendTime");
    }

    private void measure(final String bootstrap, final String prefix, final int warmupSeconds, final int seconds,
                         final Path stopFile, final long temperatureGrace, final long routeGrace,
                         final Path windowStartFile) {
        final TopicCatalogue topics = catalogue(prefix);
        final Map<String, Integer> kinds = Map.of(topics.temperatureReadings().name(), TEMPERATURE,
                topics.locationFixes().name(), LOCATION, topics.custodyEvents().name(), CUSTODY);
        final String plans = topics.shipmentPlans().name();
        final String alertsTopic = topics.alerts().name();
        final var temperature = topics.temperatureReadings().valueSerde().deserializer();
        final var location = topics.locationFixes().valueSerde().deserializer();
        final var custody = topics.custodyEvents().valueSerde().deserializer();
        final var alert = topics.alerts().valueSerde().deserializer();
        int wrongTimestamps = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : List.of(plans, topics.temperatureReadings().name(), topics.locationFixes().name(),
                    topics.custodyEvents().name(), alertsTopic)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            // Run with the platform baseline (live-latency.sh APP_KIND=base), its counts: no topic, no partitions.
            final String outputsTopic = baselineOutputs(prefix);
            consumer.listTopics().getOrDefault(outputsTopic, List.of())
                    .forEach(p -> partitions.add(new TopicPartition(outputsTopic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            System.err.println("measuring: reading " + partitions.size() + " partitions read_committed");
            while (!Files.exists(stopFile)) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    final long now = System.currentTimeMillis();
                    final String topic = record.topic();
                    if (topic.equals(alertsTopic)) {
                        alerts.add(new AlertSeen(alert.deserialize(topic, record.value()), now));
                        continue;
                    }
                    if (topic.equals(outputsTopic)) {
                        // A count's timestamp is the latest of the records it counted: the append time of its input.
                        outputs.add(new long[] {record.timestamp(), now - record.timestamp()});
                        continue;
                    }
                    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        wrongTimestamps++;
                        continue;
                    }
                    final long appended = record.timestamp();
                    firstAppend = Math.min(firstAppend, appended);
                    final Integer kind = kinds.get(topic);
                    long eventTime = Long.MIN_VALUE;
                    if (kind != null && record.key() != null) {
                        eventTime = switch (kind) {
                            case TEMPERATURE -> temperature.deserialize(topic, record.value()).getEventTime();
                            case LOCATION -> location.deserialize(topic, record.value()).getEventTime();
                            default -> custody.deserialize(topic, record.value()).getEventTime();
                        };
                        add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8), kind, eventTime,
                                appended);
                    }
                    baseline.add(new long[] {appended, now - appended, eventTime});
                }
            }
        }
        if (wrongTimestamps > 0) {
            System.out.println("warning: " + wrongTimestamps + " input records without LogAppendTime: left out");
        }
        Long windowStart = null;
        if (windowStartFile != null) {
            try {
                windowStart = Long.parseLong(Files.readString(windowStartFile).trim());
            } catch (java.io.IOException | NumberFormatException e) {
                throw new IllegalStateException("no window start in " + windowStartFile + ": " + e, e);
            }
        }
        report(warmupSeconds, seconds, temperatureGrace, routeGrace, windowStart);
    }

    private void add(final String shipment, final int kind, final long eventTime, final long appended) {
        final long[][] log = logs.computeIfAbsent(shipment, k -> new long[KINDS.length][16]);
        final int[] size = sizes.computeIfAbsent(shipment, k -> new int[KINDS.length]);
        if (size[kind] * 2 + 2 > log[kind].length) {
            log[kind] = java.util.Arrays.copyOf(log[kind], log[kind].length * 2);
        }
        log[kind][size[kind] * 2] = eventTime;
        log[kind][size[kind] * 2 + 1] = appended;
        size[kind]++;
    }

    private static int[] order(final Alert alert) {
        return switch (alert.getType()) {
            case TEMPERATURE_EXCURSION, MKT_EXCEEDED, MISSING_DATA, SENSOR_SILENT ->
                    new int[] {TEMPERATURE, LOCATION, CUSTODY};
            case ROUTE_DEVIATION, UNSCHEDULED_STOP, PROLONGED_STOP, DELAY -> new int[] {LOCATION, CUSTODY, TEMPERATURE};
            case DIVERSION -> new int[] {LOCATION, CUSTODY, TEMPERATURE};
            default -> new int[] {CUSTODY, LOCATION, TEMPERATURE};
        };
    }

    private void report(final int warmupSeconds, final int seconds, final long temperatureGrace, final long routeGrace,
                        final Long windowStart) {
        if (firstAppend == Long.MAX_VALUE) {
            System.out.println("no input records seen");
            return;
        }
        final long from = windowStart != null ? windowStart : firstAppend + warmupSeconds * 1000L;
        final long to = from + seconds * 1000L;
        final long sliceMillis = Math.max(1, (to - from) / SLICES);
        final List<Long> inputLatency = new ArrayList<>();
        final List<Long> lead = new ArrayList<>();
        long inputs = 0;
        for (final long[] b : baseline) {
            if (b[0] >= from && b[0] < to) {
                inputs++;
                inputLatency.add(b[1]);
                if (b[2] != Long.MIN_VALUE) {
                    lead.add(b[2] - b[0]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "window: %d s from %s; %d input records appended in it: %.0f records/s%n", seconds,
                windowStart != null ? "the start the script set, " + (from - firstAppend) / 1000 + " s after the first input append"
                        : warmupSeconds + " s after the first input append",
                inputs, inputs * 1000.0 / (to - from));
        if (!lead.isEmpty()) {
            final long[] l = sorted(lead);
            System.out.printf(Locale.ROOT, "event time minus append time of the telemetry in the window: min %.0f s, "
                    + "p50 %.0f s, max %.0f s (the application counts a stream as live from -300 s on)%n",
                    l[0] / 1e3, quantile(l, 0.5) / 1e3, l[l.length - 1] / 1e3);
        }
        final List<Long> evidence = new ArrayList<>();
        final List<List<Long>> evidenceByKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        final List<Long> release = new ArrayList<>();
        final TreeMap<Integer, List<Long>> bySlice = new TreeMap<>();
        final Map<String, Integer> types = new TreeMap<>();
        int unmatched = 0;
        int byWallClock = 0;
        int outside = 0;
        final Set<String> unmatchedTypes = new HashSet<>();
        for (final AlertSeen seen : alerts) {
            final Alert a = seen.alert();
            final long[][] log = logs.get(a.getShipmentId());
            final int[] size = sizes.get(a.getShipmentId());
            int kind = -1;
            long evidenceAppend = Long.MIN_VALUE;
            if (log != null) {
                for (final int k : order(a)) {
                    for (int i = 0; i < size[k]; i++) {
                        if (log[k][2 * i] == a.getLastEvidenceTime() && log[k][2 * i + 1] <= seen.received()) {
                            evidenceAppend = log[k][2 * i + 1];
                            kind = k;
                            break;
                        }
                    }
                    if (kind >= 0) {
                        break;
                    }
                }
            }
            if (kind < 0) {
                unmatched++;
                unmatchedTypes.add(a.getType().name());
                continue;
            }
            if (evidenceAppend < from || evidenceAppend >= to) {
                outside++;
                continue;
            }
            final long grace = kind == TEMPERATURE ? temperatureGrace : kind == LOCATION ? routeGrace : 0;
            long releaseAppend = Long.MIN_VALUE;
            for (int i = 0; i < size[kind]; i++) {
                if (log[kind][2 * i] >= a.getLastEvidenceTime() + grace && log[kind][2 * i + 1] >= evidenceAppend
                        && log[kind][2 * i + 1] <= seen.received()) {
                    releaseAppend = log[kind][2 * i + 1];
                    break;
                }
            }
            types.merge(a.getType().name() + "/" + a.getStatus().name(), 1, Integer::sum);
            evidence.add(seen.received() - evidenceAppend);
            evidenceByKind.get(kind).add(seen.received() - evidenceAppend);
            if (releaseAppend == Long.MIN_VALUE) {
                byWallClock++;
            } else {
                release.add(seen.received() - releaseAppend);
            }
            bySlice.computeIfAbsent((int) ((evidenceAppend - from) / sliceMillis), k -> new ArrayList<>())
                    .add(seen.received() - evidenceAppend);
        }
        System.out.println("alerts received: " + alerts.size() + "; with their evidence record appended in the window: "
                + evidence.size() + " " + types + "; evidence outside the window: " + outside
                + "; no input record at lastEvidenceTime (time-driven): " + unmatched
                + (unmatchedTypes.isEmpty() ? "" : " " + unmatchedTypes));
        System.out.println(row("input append -> read_committed receipt (baseline)", inputLatency));
        if (!outputs.isEmpty()) {
            final List<Long> outputLatency = new ArrayList<>();
            for (final long[] o : outputs) {
                if (o[0] >= from && o[0] < to) {
                    outputLatency.add(o[1]);
                }
            }
            System.out.println(row("input append -> its count read_committed (platform)", outputLatency));
        }
        System.out.println(row("evidence append -> alert read_committed", evidence));
        for (int k = 0; k < KINDS.length; k++) {
            System.out.println(row("  of which evidence on " + KINDS[k], evidenceByKind.get(k)));
        }
        System.out.println(row("release append -> alert read_committed", release)
                + (byWallClock > 0 ? "  (" + byWallClock + " released by the wall clock, left out)" : ""));
        final StringBuilder slices = new StringBuilder("evidence -> alert by evidence append time:");
        for (final Map.Entry<Integer, List<Long>> slice : bySlice.entrySet()) {
            final long[] s = sorted(slice.getValue());
            slices.append(String.format(Locale.ROOT, "  %d-%d s: p50 %s p99 %s (%d)",
                    slice.getKey() * sliceMillis / 1000, (slice.getKey() + 1) * sliceMillis / 1000,
                    ms(quantile(s, 0.5)), ms(quantile(s, 0.99)), s.length));
        }
        System.out.println(slices);
    }

    private static String row(final String what, final List<Long> millis) {
        if (millis.isEmpty()) {
            return String.format(Locale.ROOT, "%-52s none", what);
        }
        final long[] s = sorted(millis);
        return String.format(Locale.ROOT, "%-52s p50 %8s  p95 %8s  p99 %8s  max %8s  (%d)", what,
                ms(quantile(s, 0.5)), ms(quantile(s, 0.95)), ms(quantile(s, 0.99)), ms(s[s.length - 1]), s.length);
    }

    private static String ms(final long millis) {
        return millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1e3);
    }

    private static long[] sorted(final List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long quantile(final long[] sorted, final double q) {
        final int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }
}
