package io.coldchain.ops.api;

import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes acknowledgements as {@code coldchain ack} does: idempotent producer, acks=all, keyed by the alert's
 * shipment, timestamped with the acknowledgement time. One producer for the server's life.
 */
public final class KafkaAckSink implements AckSink, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final TopicSpec<String, AlertAcknowledgement> topic;
    private final KafkaProducer<String, AlertAcknowledgement> producer;

    /** @param clientConfig bootstrap servers and security settings of the application */
    public KafkaAckSink(final Map<String, Object> clientConfig, final TopicSpec<String, AlertAcknowledgement> topic) {
        this.topic = topic;
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.putAll(producerConfig(TIMEOUT));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "coldchain-api-ack");
        this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** The producer settings of every writer of acknowledgements (the API and {@code coldchain ack}). */
    public static Map<String, Object> producerConfig(final Duration timeout) {
        return Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 15_000));
    }

    @Override
    public void write(final AlertAcknowledgement ack) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, ack.getAcknowledgedAt(), ack.getShipmentId(), ack))
                    .get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalStores.Unavailable("the broker did not confirm the acknowledgement: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStores.Unavailable("interrupted before the broker confirmed the acknowledgement", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
