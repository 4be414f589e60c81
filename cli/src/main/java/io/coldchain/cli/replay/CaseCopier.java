package io.coldchain.cli.replay;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.replay.ReplaySelection.Input;
import io.coldchain.cli.replay.ReplaySelection.Kind;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Copies a slice of the live input topics into a case's: first an index of every input record (kind, shipment, event
 * time, packs, where it is), which {@link ReplaySelection} selects from, then a second read that copies the selected
 * records, each into the same partition of the case topic with its key, value bytes, headers and timestamp, in offset
 * order. Both reads are bounded ({@link BoundedRead}: no group, {@code read_committed}, up to the end offsets at the
 * start), so memory follows the number of records, not their size.
 */
final class CaseCopier {

    /** Where a record is: topic, partition, offset. */
    record Position(String topic, int partition, long offset) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    /** @param consumer a consumer without a group, configured with {@link BoundedRead#readerConfig} (not closed here) */
    CaseCopier(final KafkaConsumer<byte[], byte[]> consumer, final Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    /** The input topics a replay reads, by kind. */
    static Map<Kind, TopicSpec<String, ? extends SpecificRecord>> inputs(final TopicCatalogue topics) {
        final Map<Kind, TopicSpec<String, ? extends SpecificRecord>> inputs = new LinkedHashMap<>();
        inputs.put(Kind.PLAN, topics.shipmentPlans());
        inputs.put(Kind.READING, topics.temperatureReadings());
        inputs.put(Kind.FIX, topics.locationFixes());
        inputs.put(Kind.CUSTODY, topics.custodyEvents());
        return inputs;
    }

    /**
     * Every record of the live input topics as the selection sees it. A value that cannot be read is indexed by its
     * key and record timestamp (the live application dead-lettered it; a replay that copies it does the same).
     */
    List<Input<Position>> index(final TopicCatalogue live, final Consumer<String> problems) {
        final List<Input<Position>> index = new ArrayList<>();
        for (final Map.Entry<Kind, TopicSpec<String, ? extends SpecificRecord>> input : inputs(live).entrySet()) {
            final Kind kind = input.getKey();
            final String topic = input.getValue().name();
            final Deserializer<? extends SpecificRecord> values = input.getValue().valueSerde().deserializer();
            consumer.unsubscribe(); // a fresh assignment: the partitions a read ended stay paused otherwise
            final BoundedRead read = BoundedRead.open(consumer, topic, null, timeout, System::nanoTime);
            int unreadable = 0;
            while (read.hasMore()) {
                for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                    final String shipment = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    SpecificRecord value = null;
                    if (record.value() != null) {
                        try {
                            value = values.deserialize(topic, record.value());
                        } catch (RuntimeException e) {
                            unreadable++;
                        }
                    }
                    index.add(new Input<>(kind, shipment, eventTime(value, record.timestamp()), serials(value),
                            new Position(topic, record.partition(), record.offset())));
                }
            }
            if (unreadable > 0) {
                problems.accept(topic + ": " + unreadable + " records could not be read with their schema; indexed by key "
                        + "and timestamp (the application dead-letters them)");
            }
        }
        return index;
    }

    private static long eventTime(final SpecificRecord value, final long timestamp) {
        if (value instanceof ShipmentPlan plan) {
            return EventTimeExtractor.planTime(plan, timestamp);
        }
        if (value != null && value.getSchema().getField("eventTime") != null
                && value.get(value.getSchema().getField("eventTime").pos()) instanceof Long time) {
            return time;
        }
        return timestamp;
    }

    private static List<String> serials(final SpecificRecord value) {
        final List<String> raw = value instanceof ShipmentPlan plan ? plan.getSerials()
                : value instanceof CustodyEvent event ? event.getEpcList() : List.of();
        return ReplaySelection.packs(raw);
    }

    /**
     * Copies the selected records into the case topics (same partition, key, value, headers, timestamp).
     *
     * @return records copied per live topic, in input-topic order
     */
    Map<String, Long> copy(final List<Input<Position>> selected, final Map<String, String> caseTopicOf,
                           final KafkaProducer<byte[], byte[]> producer) throws Exception {
        final Map<TopicPartition, TreeSet<Long>> wanted = new HashMap<>();
        for (final Input<Position> input : selected) {
            wanted.computeIfAbsent(new TopicPartition(input.source().topic(), input.source().partition()),
                    tp -> new TreeSet<>()).add(input.source().offset());
        }
        final Map<String, Long> copied = new LinkedHashMap<>();
        final List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (final String topic : caseTopicOf.keySet()) {
            copied.put(topic, 0L);
            consumer.unsubscribe();
            final BoundedRead read = BoundedRead.open(consumer, topic, null, timeout, System::nanoTime);
            for (final TopicPartition partition : BoundedRead.partitions(consumer, topic, timeout)) {
                final TreeSet<Long> offsets = wanted.get(partition);
                if (offsets == null) {
                    read.endAt(partition, 0);
                } else {
                    consumer.seek(partition, offsets.first());
                    read.endAt(partition, offsets.last() + 1);
                }
            }
            while (read.hasMore()) {
                for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                    final TreeSet<Long> offsets = wanted.get(new TopicPartition(topic, record.partition()));
                    if (offsets != null && offsets.contains(record.offset())) {
                        sends.add(producer.send(new ProducerRecord<>(caseTopicOf.get(topic), record.partition(),
                                record.timestamp(), record.key(), record.value(), record.headers())));
                        copied.merge(topic, 1L, Long::sum);
                    }
                }
            }
        }
        producer.flush();
        for (final Future<RecordMetadata> send : sends) {
            send.get();
        }
        return copied;
    }
}
