package io.coldchain.streams;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.topics.TopicSpec;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Records sent to a real broker as integrators send them: each stamped with its event time and acknowledged. */
public final class EventTimeSends {

    private EventTimeSends() {
    }

    /** A producer with {@code acks=all}; values are encoded by {@link #send} with the topic's serde. */
    public static KafkaProducer<String, byte[]> producer(final LocalKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code value} stamped with {@code eventTime} and waits for the broker's ack. */
    public static <V extends SpecificRecord> void send(final KafkaProducer<String, byte[]> producer,
                                                       final TopicSpec<String, V> topic, final String key,
                                                       final V value, final long eventTime) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), null, eventTime, key,
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }
}
