package io.coldchain.cli.jsonl;

import io.coldchain.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Writes a topic as JSON Lines, in its {@link ExportFormat}: every partition from the beginning (or from the first
 * offset at {@code --from}) up to its end offset as it was when the export started ({@link BoundedRead}), so a
 * topic that keeps growing still ends.
 *
 * <p>Records are written in offset order within a partition; partitions interleave.
 */
public final class TopicExporter {

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    /**
     * @param consumer a consumer without a group (the caller closes it)
     * @param timeout  how long a metadata request, or reading without progress, may take before giving up
     */
    public TopicExporter(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                         final Duration timeout) {
        this(consumer, timeout, System::nanoTime);
    }

    TopicExporter(final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, final Duration timeout,
                  final LongSupplier nanoTime) {
        this.consumer = consumer;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    /**
     * Exports the records of {@code format}'s topic whose timestamp is in [{@code from}, {@code to}).
     *
     * @param from     first timestamp included, or null for the beginning
     * @param to       first timestamp excluded, or null for no end
     * @param out      receives one line per record, each ended by '\n'
     * @param problems receives one line per unreadable record
     * @throws JsonLinesException if the topic does not exist or reading stalls for longer than the timeout
     */
    public ExportReport export(final ExportFormat format, final Instant from, final Instant to, final Writer out,
                               final Consumer<String> problems) throws IOException {
        final ExportReport report;
        try {
            report = scan(format.topic(), from, to, format.skipsTombstones(), record -> {
                final String line = format.line(record);
                try {
                    out.write(line);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, problems);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return report;
    }

    /**
     * Hands every readable value of {@code topic} whose timestamp is in [{@code from}, {@code to}) to
     * {@code values}, partition by partition in offset order, up to the end offsets as they were at the start.
     *
     * @param from     first timestamp included, or null for the beginning
     * @param to       first timestamp excluded, or null for no end
     * @param problems receives one line per unreadable record (which is skipped)
     * @return the counts; {@code written} = values handed out
     * @throws JsonLinesException if the topic does not exist or reading stalls for longer than the timeout
     */
    public <V extends SpecificRecord> ExportReport read(final TopicSpec<String, V> topic, final Instant from,
                                                        final Instant to, final Consumer<? super V> values,
                                                        final Consumer<String> problems) {
        final Deserializer<V> deserializer = topic.valueSerde().deserializer();
        return scan(topic.name(), from, to, true,
                record -> values.accept(deserializer.deserialize(record.topic(), record.value())), problems);
    }

    /**
     * The loop of {@link #export} and {@link #read}: hands each record in the window to {@code handler}, which
     * throws {@link SerializationException} for a value it cannot read.
     */
    private ExportReport scan(final String topic, final Instant from, final Instant to, final boolean skipTombstones,
                              final Consumer<ConsumerRecord<byte[], byte[]>> handler, final Consumer<String> problems) {
        final BoundedRead read = BoundedRead.open(consumer, topic, from, timeout, nanoTime);
        long written = 0;
        long outside = 0;
        long tombstones = 0;
        long unreadable = 0;
        while (read.hasMore()) {
            for (final ConsumerRecord<byte[], byte[]> record : read.poll()) {
                if (from != null && record.timestamp() < from.toEpochMilli()
                        || to != null && record.timestamp() >= to.toEpochMilli()) {
                    outside++;
                } else if (record.value() == null && skipTombstones) {
                    tombstones++;
                } else {
                    try {
                        handler.accept(record);
                    } catch (SerializationException e) {
                        unreadable++;
                        problems.accept("partition " + record.partition() + " offset " + record.offset()
                                + ": cannot read the value: " + e.getMessage());
                        continue;
                    }
                    written++;
                }
            }
        }
        return new ExportReport(written, outside, tombstones, unreadable);
    }
}
