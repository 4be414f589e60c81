package io.coldchain.ops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.topics.TopicSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: Server-Sent Events of every alert record ({@code event: alert}) and acknowledgement
 * ({@code event: ack}) committed from now on. One consumer per server (no group, read_committed, from the end of
 * every partition of the alerts and acknowledgements topics) fans each record out to every subscriber. A subscriber
 * that falls {@value #MAX_PENDING} events behind is disconnected (it reconnects and reads the state from
 * {@code /api/alerts}); a comment every {@link #HEARTBEAT} keeps idle connections open.
 */
public final class AlertEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_PENDING = 1_000;
    /** Shorter than the connector's idle timeout (10 s). */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> consumerConfig;
    private final TopicSpec<String, Alert> alerts;
    private final TopicSpec<String, AlertAcknowledgement> acks;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** @param clientConfig bootstrap servers and security settings of the application */
    public AlertEvents(final Map<String, Object> clientConfig, final TopicSpec<String, Alert> alerts,
                       final TopicSpec<String, AlertAcknowledgement> acks) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "coldchain-api-events");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig = config;
        this.alerts = alerts;
        this.acks = acks;
    }

    /** Starts following the topics from their end. */
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        thread = new Thread(this::run, "coldchain-api-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = reader;
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : List.of(alerts.name(), acks.name())) {
                for (final PartitionInfo info : reader.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            long lastBeat = System.nanoTime();
            while (running.get()) {
                for (final ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofSeconds(1))) {
                    publish(record);
                }
                if (System.nanoTime() - lastBeat > HEARTBEAT.toNanos()) {
                    lastBeat = System.nanoTime();
                    subscribers.forEach(subscriber -> subscriber.offer(KEEP_ALIVE));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("Alert events stopped: {}; /api/events sends heartbeats only until restart", e.toString());
            while (running.get()) {
                subscribers.forEach(subscriber -> subscriber.offer(KEEP_ALIVE));
                try {
                    Thread.sleep(HEARTBEAT.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void publish(final ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(alerts.name())) {
                final Alert alert = alerts.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (alert != null) {
                    publish("alert", view(alert));
                }
            } else {
                final AlertAcknowledgement ack = acks.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (ack != null) {
                    publish("ack", Map.of("alertId", ack.getAlertId(), "shipmentId", ack.getShipmentId(),
                            "by", ack.getBy(), "comment", ack.getComment() == null ? "" : ack.getComment(),
                            "at", ApiViews.iso(ack.getAcknowledgedAt()), "atMs", ack.getAcknowledgedAt()));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Alert events: skipped an unreadable record of {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }

    /** An alert record as the API shows alerts (its acknowledgement is not on the record: null). */
    static ApiViews.AlertView view(final Alert alert) {
        return new ApiViews.AlertView(alert.getAlertId(), alert.getShipmentId(), alert.getType().name(),
                alert.getRuleId(), alert.getSeverity().name(), alert.getStatus().name(),
                ApiViews.iso(alert.getFirstEvidenceTime()), alert.getFirstEvidenceTime(),
                ApiViews.iso(alert.getLastEvidenceTime()), alert.getLastEvidenceTime(), alert.getSummary(),
                Map.copyOf(alert.getEvidence()), null);
    }

    /** Sends one event to every subscriber. */
    void publish(final String event, final Object data) {
        final byte[] chunk;
        try {
            chunk = ("event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event as JSON", e);
        }
        subscribers.forEach(subscriber -> subscriber.offer(chunk));
    }

    /** Answers the request with an event stream that lasts until the client goes or the server stops. */
    public void subscribe(final Response response, final Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
        final Subscriber subscriber = new Subscriber(response, callback);
        subscribers.add(subscriber);
        subscriber.offer(": connected\n\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one event to every subscriber, as if read from the topics (for tests of the HTTP side). */
    public void publishForTest(final String event, final Object data) {
        publish(event, data);
    }

    @Override
    public void close() {
        running.set(false);
        final KafkaConsumer<byte[], byte[]> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        subscribers.forEach(Subscriber::end);
    }

    /** One client: its writes go out one at a time, in order, without blocking the consumer. */
    private final class Subscriber {

        private final Response response;
        private final Callback done;
        private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();

        Subscriber(final Response response, final Callback done) {
            this.response = response;
            this.done = done;
        }

        void offer(final byte[] chunk) {
            if (finished.get()) {
                return;
            }
            if (pending.incrementAndGet() > MAX_PENDING) {
                fail(new IllegalStateException("subscriber fell " + MAX_PENDING + " events behind"));
                return;
            }
            queue.add(chunk);
            drain();
        }

        private void drain() {
            while (!finished.get() && !queue.isEmpty() && writing.compareAndSet(false, true)) {
                final byte[] next = queue.poll();
                if (next == null) {
                    writing.set(false);
                    continue;
                }
                pending.decrementAndGet();
                response.write(false, ByteBuffer.wrap(next), Callback.from(() -> {
                    writing.set(false);
                    drain();
                }, this::fail));
                return;
            }
        }

        void fail(final Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                subscribers.remove(this);
                done.failed(failure);
            }
        }

        void end() {
            if (finished.compareAndSet(false, true)) {
                subscribers.remove(this);
                try {
                    response.write(true, ByteBuffer.allocate(0), done);
                } catch (RuntimeException e) {
                    done.failed(e); // a write still pending: the server is stopping anyway
                }
            }
        }
    }
}
