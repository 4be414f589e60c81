package io.coldchain.cli.audit;

import io.coldchain.cli.jsonl.BoundedRead;
import io.coldchain.cli.jsonl.JsonLinesException;
import io.coldchain.contract.audit.ChainVerifier;
import io.coldchain.schemas.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka seam of {@code audit verify}: every partition of the audit topic read once ({@link BoundedRead}: no
 * group, from the beginning or the first offset at {@code from}, up to its end offset at the start), in offset
 * order, into a {@link ChainVerifier}. A partition stops at its first record stamped after {@code to}. A record
 * that cannot be read breaks its partition's chain. Stops at the first broken link.
 */
final class AuditTopicReader {

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Deserializer<AuditRecord> values;
    private final Duration timeout;

    AuditTopicReader(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                     final Deserializer<AuditRecord> values, final Duration timeout) {
        this.consumer = consumer;
        this.values = values;
        this.timeout = timeout;
    }

    /**
     * @param copy receives every record read, in the order read (for {@code --save})
     * @throws JsonLinesException if the topic does not exist or reading makes no progress for the timeout
     */
    ChainVerifier verify(final String topic, final Instant from, final Instant to, final Consumer<AuditRecord> copy) {
        final BoundedRead read = BoundedRead.open(consumer, topic, from, timeout, System::nanoTime);
        final ChainVerifier verifier = new ChainVerifier();
        while (verifier.firstBreak().isEmpty() && read.hasMore()) {
            for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                if (to != null && record.timestamp() > to.toEpochMilli()) {
                    // --to: this partition's walk ends here
                    read.endAt(new TopicPartition(record.topic(), record.partition()), record.offset());
                    continue;
                }
                final AuditRecord value;
                try {
                    value = values.deserialize(record.topic(), record.value());
                } catch (SerializationException e) {
                    verifier.unreadable(record.partition(), record.offset(), e.getMessage());
                    break;
                }
                if (value == null) {
                    verifier.unreadable(record.partition(), record.offset(), "a record without a value");
                    break;
                }
                copy.accept(value);
                if (verifier.accept(record.partition(), record.offset(), value).isPresent()) {
                    break;
                }
            }
        }
        return verifier;
    }
}
