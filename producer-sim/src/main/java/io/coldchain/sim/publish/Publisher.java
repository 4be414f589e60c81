package io.coldchain.sim.publish;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.SimulatorException;
import io.coldchain.sim.publish.ProgressListener.Progress;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends simulation events to the catalogue's topics: key = shipment id, record timestamp = event time,
 * value serialized with the catalogue's serde. One idempotent producer ({@code acks=all}) carries all four
 * topics, so events leave in the order generated (their arrival order, which paces them). Paced by {@link Pacing}; tells a {@link ProgressListener}
 * how it goes every {@link #PROGRESS_INTERVAL}.
 *
 * <p>One run per instance: {@code publish} closes the producer when it returns. {@link #stop()} (from a
 * shutdown hook or another thread) makes {@code publish} stop generating, then flush and close within
 * {@link #CLOSE_TIMEOUT}.
 */
public final class Publisher {

    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * An event goes out without a wait when it is due within this: a timed wait for every event (100 µs apart at
     * 10,000 events/s) cost the simulator a kernel timer per event, about a quarter of its CPU (docs/BENCHMARKS.md,
     * "The load generator's own cost"). Events leave at most this early, in the same order: in any span at most this
     * much of the schedule (10 events at 10,000 events/s) goes out ahead of the rate cap, and over spans much longer
     * than this the rate is the one asked.
     */
    static final long SEND_AHEAD_NANOS = 1_000_000L;

    private final Producer<String, byte[]> producer;
    private final TopicCatalogue catalogue;
    private final LongSupplier nanoTime;
    private final Serializer<ShipmentPlan> planSerializer;
    private final Serializer<TemperatureReading> readingSerializer;
    private final Serializer<LocationFix> fixSerializer;
    private final Serializer<CustodyEvent> custodySerializer;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean used = new AtomicBoolean();
    private final AtomicLongArray acknowledged = new AtomicLongArray(SimEvent.Kind.values().length);
    private final AtomicLong deliveriesAcknowledged = new AtomicLong();
    private final AtomicReference<Failure> failure = new AtomicReference<>();

    /**
     * A publisher with its own producer.
     *
     * @param producerConfig producer settings; they override {@link #producerDefaults()}; must hold
     *                       {@code bootstrap.servers}
     * @param catalogue      topic names and value serdes
     * @throws SimulatorException if the producer cannot be created (bad config, unresolvable address)
     */
    public Publisher(final Map<String, ?> producerConfig, final TopicCatalogue catalogue) {
        this(createProducer(producerConfig), catalogue, System::nanoTime);
    }

    Publisher(final Producer<String, byte[]> producer, final TopicCatalogue catalogue, final LongSupplier nanoTime) {
        this.producer = producer;
        this.catalogue = catalogue;
        this.nanoTime = nanoTime;
        this.planSerializer = catalogue.shipmentPlans().valueSerde().serializer();
        this.readingSerializer = catalogue.temperatureReadings().valueSerde().serializer();
        this.fixSerializer = catalogue.locationFixes().valueSerde().serializer();
        this.custodySerializer = catalogue.custodyEvents().valueSerde().serializer();
    }

    /**
     * The producer settings the simulator uses unless told otherwise: idempotent, {@code acks=all},
     * {@code linger.ms=20}, client id {@code coldchain-producer-sim}.
     */
    public static Map<String, Object> producerDefaults() {
        final Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "coldchain-producer-sim");
        defaults.put(ProducerConfig.ACKS_CONFIG, "all");
        defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return defaults;
    }

    /** Publishes the simulation of {@code settings}. Blocks until done, stopped or failed. */
    public PublishResult publish(final SimulationSettings settings, final Pacing pacing,
                                 final ProgressListener listener) {
        return publish(Simulation.iterator(settings), settings.start(), settings.shipments(), pacing, listener);
    }

    /**
     * {@link #publish(SimulationSettings, Pacing, ProgressListener)} that Ctrl-C or SIGTERM stops: a shutdown hook
     * calls {@link #stop()} and holds the JVM until the records sent are flushed and the producer is closed.
     */
    public PublishResult publishUntilShutdown(final SimulationSettings settings, final Pacing pacing,
                                              final ProgressListener listener) {
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stop();
            try {
                finished.await(CLOSE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "coldchain-simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return publish(settings, pacing, listener);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: nothing to remove.
            }
        }
    }

    /**
     * Publishes {@code events} (in arrival order, {@link SimEvent#arrivalTime()}), pacing them from {@code simStart}.
     *
     * @throws SimulatorException if the broker rejects a record or the producer fails; records sent before
     *                            are flushed first
     */
    public PublishResult publish(final Iterator<SimEvent> events, final Instant simStart, final int shipments,
                                 final Pacing pacing, final ProgressListener listener) {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("a Publisher publishes once; create a new one");
        }
        final long wallStart = nanoTime.getAsLong();
        final Pacer pacer = new Pacer(pacing, simStart.toEpochMilli(), wallStart);
        final Reporter reporter = new Reporter(listener, shipments, wallStart);
        boolean completed = false;
        try {
            while (failure.get() == null && !stopped()) {
                if (!events.hasNext()) {
                    completed = true;
                    break;
                }
                final SimEvent event = events.next();
                final long due = pacer.dueNanos(event.arrivalTime());
                if (!awaitUntil(due, reporter)) {
                    break;
                }
                producer.send(toRecord(event), acknowledge(event));
                final long now = nanoTime.getAsLong();
                pacer.sent(due, now);
                reporter.sent(event, now);
            }
            if (completed) {
                producer.flush();
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
            completed = false;
        } catch (KafkaException e) {
            fail(e, null);
            completed = false;
        } finally {
            closeQuietly();
            reporter.finish(nanoTime.getAsLong());
        }
        final Failure failed = failure.get();
        if (failed != null) {
            throw new SimulatorException(describe(failed.exception(), failed.topic()), failed.exception());
        }
        return new PublishResult(
                acknowledged.get(SimEvent.Kind.SHIPMENT_PLAN.ordinal()),
                acknowledged.get(SimEvent.Kind.TEMPERATURE_READING.ordinal()),
                acknowledged.get(SimEvent.Kind.LOCATION_FIX.ordinal()),
                acknowledged.get(SimEvent.Kind.CUSTODY_EVENT.ordinal()),
                deliveriesAcknowledged.get(),
                reporter.simulatedTime(),
                Duration.ofNanos(nanoTime.getAsLong() - wallStart),
                completed && !stopped());
    }

    /** Asks a running {@link #publish} to stop generating, flush and close; returns at once. Thread-safe. */
    public void stop() {
        stopRequested.countDown();
    }

    private boolean stopped() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Waits until {@code dueNanos} unless it is at most {@link #SEND_AHEAD_NANOS} away, reporting progress meanwhile;
     * false if stopped or interrupted first.
     */
    private boolean awaitUntil(final long dueNanos, final Reporter reporter) {
        long now = nanoTime.getAsLong();
        while (dueNanos - now > SEND_AHEAD_NANOS) {
            final long wait = Math.min(dueNanos - now, reporter.nanosToNextReport(now));
            try {
                if (wait > 0 && stopRequested.await(wait, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            now = nanoTime.getAsLong();
            reporter.maybeReport(now);
        }
        return !stopped();
    }

    private ProducerRecord<String, byte[]> toRecord(final SimEvent event) {
        if (event instanceof SimEvent.Plan plan) {
            return record(catalogue.shipmentPlans(), planSerializer, plan.plan(), event);
        } else if (event instanceof SimEvent.Temperature temperature) {
            return record(catalogue.temperatureReadings(), readingSerializer, temperature.reading(), event);
        } else if (event instanceof SimEvent.Location location) {
            return record(catalogue.locationFixes(), fixSerializer, location.fix(), event);
        } else if (event instanceof SimEvent.Custody custody) {
            return record(catalogue.custodyEvents(), custodySerializer, custody.event(), event);
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    private static <V> ProducerRecord<String, byte[]> record(final TopicSpec<String, V> topic,
                                                             final Serializer<V> serializer, final V value,
                                                             final SimEvent event) {
        return new ProducerRecord<>(topic.name(), null, event.eventTime(), event.shipmentId(),
                serializer.serialize(topic.name(), value));
    }

    private Callback acknowledge(final SimEvent event) {
        final boolean delivery = event instanceof SimEvent.Custody custody && custody.isDelivery();
        return (metadata, exception) -> {
            if (exception != null) {
                fail(exception, metadata == null ? null : metadata.topic());
            } else {
                acknowledged.incrementAndGet(event.kind().ordinal());
                if (delivery) {
                    deliveriesAcknowledged.incrementAndGet();
                }
            }
        };
    }

    private void closeQuietly() {
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (KafkaException e) {
            fail(e, null);
        }
    }

    /** Why publishing failed: an exception and the topic it concerns, if known. */
    private record Failure(Exception exception, String topic) {
    }

    /**
     * Remembers the first failure, but lets a specific one replace a generic one: when one record of a
     * batch is invalid, the broker fails its neighbours with a plain KafkaException, possibly first.
     */
    private void fail(final Exception exception, final String topic) {
        failure.accumulateAndGet(new Failure(exception, topic),
                (current, next) -> current == null || isGeneric(current.exception()) && !isGeneric(next.exception())
                        ? next : current);
    }

    private static boolean isGeneric(final Exception e) {
        return e.getClass() == KafkaException.class;
    }

    /** One line for the user: what Kafka said and, where it helps, what to do about it. */
    static String describe(final Exception e, final String topic) {
        final String where = topic == null ? "" : " for " + topic;
        if (isTimestampRejection(e)) {
            return "Kafka rejected a record timestamp" + where + ": " + e.getMessage() + ". Brokers accept timestamps "
                    + "only within message.timestamp.before.max.ms / after.max.ms (1 h ahead by default) of their "
                    + "clock: leave --start at its default or raise the topic's limit.";
        }
        if (e instanceof TimeoutException) {
            return "Kafka timed out" + where + " (" + e.getMessage() + "): is the broker still running?";
        }
        if (e instanceof AuthorizationException) {
            return "not authorised to write" + where + ": " + e.getMessage();
        }
        if (e instanceof SerializationException) {
            return e.getMessage();
        }
        return "Kafka producer failed" + where + ": " + e.getMessage();
    }

    // Brokers report an out-of-range timestamp as InvalidRecordException, older ones as InvalidTimestampException.
    private static boolean isTimestampRejection(final Exception e) {
        return e instanceof InvalidTimestampException
                || e instanceof InvalidRecordException && String.valueOf(e.getMessage()).contains("imestamp");
    }

    private static Producer<String, byte[]> createProducer(final Map<String, ?> overrides) {
        final Map<String, Object> config = producerDefaults();
        config.putAll(overrides);
        // The serializers are passed as instances; configured class names would only be ignored.
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        try {
            return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SimulatorException("cannot create the Kafka producer: " + cause.getMessage(), e);
        }
    }

    /** Counts what was sent and tells the listener every {@link #PROGRESS_INTERVAL}. */
    private static final class Reporter {

        private static final long INTERVAL_NANOS = PROGRESS_INTERVAL.toNanos();

        private final ProgressListener listener;
        private final int shipments;
        private final long wallStart;
        private long sent;
        private int delivered;
        private long lastEventTime = Long.MIN_VALUE;
        private long lastReportNanos;
        private long sentAtLastReport;

        Reporter(final ProgressListener listener, final int shipments, final long wallStart) {
            this.listener = listener;
            this.shipments = shipments;
            this.wallStart = wallStart;
            this.lastReportNanos = wallStart;
        }

        void sent(final SimEvent event, final long now) {
            sent++;
            lastEventTime = event.arrivalTime();
            if (event instanceof SimEvent.Custody custody && custody.isDelivery()) {
                delivered++;
            }
            maybeReport(now);
        }

        long nanosToNextReport(final long now) {
            return Math.max(1, lastReportNanos + INTERVAL_NANOS - now);
        }

        void maybeReport(final long now) {
            if (now - lastReportNanos >= INTERVAL_NANOS) {
                report(now, false);
            }
        }

        void finish(final long now) {
            report(now, true);
        }

        Instant simulatedTime() {
            return lastEventTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastEventTime);
        }

        // The last snapshot gives the run's average rate; the others the rate since the one before.
        private void report(final long now, final boolean finished) {
            final long since = finished ? wallStart : lastReportNanos;
            final double seconds = Math.max(1e-9, (now - since) / 1e9);
            final double rate = (sent - (finished ? 0 : sentAtLastReport)) / seconds;
            lastReportNanos = now;
            sentAtLastReport = sent;
            listener.onProgress(new Progress(sent, simulatedTime(), delivered, shipments, rate,
                    Duration.ofNanos(now - wallStart), finished));
        }
    }
}
