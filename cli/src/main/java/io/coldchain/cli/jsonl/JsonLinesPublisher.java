package io.coldchain.cli.jsonl;

import io.coldchain.topics.TopicCatalogue;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads JSON Lines and publishes each valid line to its catalogue topic: key = {@code shipmentId}, record
 * timestamp = the record's event time ({@link RecordType#timestamp}), never the wall clock when the record
 * has a time of its own: a plan stamped "now" ahead of a day of past readings would push the pipeline's
 * stream time past them and have them set aside as late. A bad line is reported as
 * {@code line N: reason} and skipped; the others go on. A line Kafka refuses (e.g. a timestamp too far in
 * the future) is reported the same way once the producer has been flushed.
 *
 * <p>When the broker refuses one record of a batch it fails the batch's other records too, with a plain
 * {@link KafkaException}; those innocent records are sent once more after the flush, so they may land
 * after records of later lines.
 */
public final class JsonLinesPublisher {

    private static final String TIMESTAMP_HINT = ". Brokers accept record timestamps up to "
            + "message.timestamp.after.max.ms (1 h by default) ahead of their clock";

    private final Producer<String, byte[]> producer;
    private final TopicCatalogue catalogue;
    private final JsonLines jsonLines = new JsonLines();
    private final Map<RecordType, AtomicLong> accepted = new EnumMap<>(RecordType.class);
    private final Queue<Pending> innocent = new ConcurrentLinkedQueue<>();
    private final Queue<Refusal> refused = new ConcurrentLinkedQueue<>();
    private final Map<RecordType, Serializer<SpecificRecord>> serializers = new EnumMap<>(RecordType.class);
    private final AtomicLong earliest = new AtomicLong(Long.MAX_VALUE);
    private final AtomicReference<KafkaException> denied = new AtomicReference<>();
    private final List<Long> plansWithoutIssuedAt = new ArrayList<>();
    private final LongSupplier clock;
    private long rejected;
    private boolean used;

    private JsonLinesPublisher(final Producer<String, byte[]> producer, final TopicCatalogue catalogue,
                               final LongSupplier clock) {
        this.producer = producer;
        this.catalogue = catalogue;
        this.clock = clock;
        for (final RecordType type : RecordType.values()) {
            accepted.put(type, new AtomicLong());
            if (catalogue != null) {
                serializers.put(type, serializer(type, catalogue));
            }
        }
    }

    /** Publishes with {@code producer} (which the caller closes) to the topics of {@code catalogue}. */
    public static JsonLinesPublisher to(final Producer<String, byte[]> producer, final TopicCatalogue catalogue) {
        return to(producer, catalogue, System::currentTimeMillis);
    }

    /** As {@link #to(Producer, TopicCatalogue)}, with {@code clock} (epoch ms) for plans without {@code issuedAt}. */
    static JsonLinesPublisher to(final Producer<String, byte[]> producer, final TopicCatalogue catalogue,
                                 final LongSupplier clock) {
        return new JsonLinesPublisher(producer, catalogue, clock);
    }

    /** Only checks the lines. */
    public static JsonLinesPublisher dryRun() {
        return new JsonLinesPublisher(null, null, System::currentTimeMillis);
    }

    /**
     * Publishes every valid line of {@code lines} and waits until Kafka has acknowledged them. One use per
     * instance.
     *
     * @param rejections receives "line N: reason" for each rejected line, on the calling thread
     * @throws JsonLinesException if the input is not UTF-8
     * @throws IOException        if the input cannot be read
     * @throws KafkaException      an {@link AuthenticationException} or {@link AuthorizationException}, after the
     *                             flush, if Kafka refused the client rather than a record
     */
    public PublishReport publish(final BufferedReader lines, final Consumer<String> rejections) throws IOException {
        if (used) {
            throw new IllegalStateException("a JsonLinesPublisher publishes once; create a new one");
        }
        used = true;
        long number = 0;
        String line;
        while ((line = readLine(lines, number)) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // byte order mark
            }
            if (line.isBlank()) {
                continue;
            }
            final JsonLines.Event event;
            try {
                event = jsonLines.read(line);
            } catch (InvalidLineException e) {
                rejected++;
                rejections.accept("line " + number + ": " + e.getMessage());
                continue;
            }
            if (event.type().eventTime(event.record()).isEmpty()) {
                plansWithoutIssuedAt.add(number);
            }
            if (producer == null) {
                accepted.get(event.type()).incrementAndGet();
            } else {
                send(new Pending(number, event.type(), toRecord(event)), true);
            }
        }
        if (producer != null) {
            producer.flush();
            final List<Pending> again = new ArrayList<>(innocent);
            innocent.clear();
            again.forEach(p -> send(p, false));
            producer.flush();
            if (denied.get() != null) {
                throw denied.get();
            }
            final List<Refusal> refusals = new ArrayList<>(refused);
            refusals.sort(Comparator.comparingLong(Refusal::line));
            for (final Refusal refusal : refusals) {
                rejected++;
                rejections.accept("line " + refusal.line() + ": " + refusal.reason());
            }
        }
        final Map<RecordType, Long> counts = new EnumMap<>(RecordType.class);
        accepted.forEach((type, count) -> counts.put(type, count.get()));
        return new PublishReport(counts, rejected, producer == null, plansWithoutIssuedAt,
                earliest.get() == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(earliest.get()));
    }

    private static String readLine(final BufferedReader lines, final long previous) throws IOException {
        try {
            return lines.readLine();
        } catch (CharacterCodingException e) {
            throw new JsonLinesException("line " + (previous + 1) + ": not UTF-8 text; JSON Lines files are UTF-8", e);
        }
    }

    private ProducerRecord<String, byte[]> toRecord(final JsonLines.Event event) {
        final RecordType type = event.type();
        final String topic = type.topic(catalogue).name();
        return new ProducerRecord<>(topic, null, type.timestamp(event.record(), clock.getAsLong()),
                type.key(event.record()),
                serializers.get(type).serialize(topic, event.record()));
    }

    private void send(final Pending pending, final boolean firstAttempt) {
        producer.send(pending.record(), (metadata, exception) -> {
            if (exception == null) {
                accepted.get(pending.type()).incrementAndGet();
                earliest.accumulateAndGet(pending.record().timestamp(), Math::min);
            } else if (exception instanceof AuthenticationException || exception instanceof AuthorizationException) {
                // Not a fault of the line: every other line fails the same way. The run fails with one message.
                denied.compareAndSet(null, (KafkaException) exception);
            } else if (firstAttempt && exception.getClass() == KafkaException.class) {
                innocent.add(pending);
            } else {
                refused.add(new Refusal(pending.line(), "Kafka refused the record ("
                        + exception.getClass().getSimpleName() + "): " + exception.getMessage()
                        + (exception instanceof InvalidTimestampException ? TIMESTAMP_HINT : "")));
            }
        });
    }

    // Safe: JsonLines only returns records of the type's class, which is the topic's value type.
    @SuppressWarnings("unchecked")
    private static Serializer<SpecificRecord> serializer(final RecordType type, final TopicCatalogue catalogue) {
        return (Serializer<SpecificRecord>) type.topic(catalogue).valueSerde().serializer();
    }

    private record Pending(long line, RecordType type, ProducerRecord<String, byte[]> record) {
    }

    private record Refusal(long line, String reason) {
    }
}
