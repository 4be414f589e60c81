package io.coldchain.cli.replay;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.Alert;
import io.coldchain.topics.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The committed alerts of a case, as the summary shows them: by type, by shipment (selected or context), and one
 * digest of their bytes that does not depend on how the detectors' outputs interleaved in a partition (records sorted
 * by key, value and timestamp), so two replays of one slice can be compared by a line.
 */
record CaseAlerts(long records, long alertIds, Map<String, Long> byType, Map<String, Long> byShipment, String digest) {

    static CaseAlerts read(final KafkaConsumer<byte[], byte[]> consumer, final TopicSpec<String, Alert> topic,
                           final Duration timeout) {
        consumer.unsubscribe();
        final BoundedRead read = BoundedRead.open(consumer, topic.name(), null, timeout, System::nanoTime);
        final List<byte[]> canonical = new ArrayList<>();
        final Map<String, Long> byType = new TreeMap<>();
        final Map<String, Long> byShipment = new TreeMap<>();
        final Set<String> ids = new HashSet<>();
        while (read.hasMore()) {
            for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                canonical.add(canonical(record));
                final Alert alert;
                try {
                    alert = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                } catch (RuntimeException e) {
                    byType.merge("(unreadable)", 1L, Long::sum);
                    continue;
                }
                ids.add(alert.getAlertId());
                byType.merge(alert.getType() + " " + alert.getStatus(), 1L, Long::sum);
                byShipment.merge(alert.getShipmentId(), 1L, Long::sum);
            }
        }
        canonical.sort(Arrays::compareUnsigned);
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        canonical.forEach(bytes -> all.write(bytes, 0, bytes.length));
        return new CaseAlerts(canonical.size(), ids.size(), byType, byShipment, Sha256.hex(Sha256.digest(all.toByteArray())));
    }

    /** Key, value and timestamp, each length-prefixed: equal bytes for equal records. */
    private static byte[] canonical(final ConsumerRecord<byte[], byte[]> record) {
        final byte[] key = record.key() == null ? new byte[0] : record.key();
        final byte[] value = record.value() == null ? new byte[0] : record.value();
        return ByteBuffer.allocate(4 + key.length + 4 + value.length + 8).putInt(key.length).put(key)
                .putInt(value.length).put(value).putLong(record.timestamp()).array();
    }

    /** The shipments with alerts, most alerts first. */
    List<Map.Entry<String, Long>> shipmentsByCount() {
        return byShipment.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }
}
