package io.coldchain.ops;

import io.coldchain.logging.RateLimitedLog;
import io.coldchain.logging.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.LoggerFactory;

/**
 * What the deserialization and processing handlers share: each bad record is logged in one WARN line
 * (topic-partition@offset, reason tag, masked short message; the stack trace at DEBUG), at most
 * {@value #LINES_PER_REASON} lines a minute per reason, and becomes one dead-letter record ({@link DeadLetters}).
 *
 * <p>Kafka's log-and-continue handlers, which these replaced, log a WARN with the full stack trace for every record,
 * with whatever secrets the messages hold: a topic of garbage fills the log. Their dead-letter records are built by
 * an internal helper ({@code ExceptionHandlerUtils}); these build the same records themselves, masked.
 */
abstract class DeadLetterHandler implements Configurable {

    static final int LINES_PER_REASON = 10;
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_MESSAGE_CHARS = 300;
    /**
     * One budget for the whole process: Kafka Streams makes a handler per task, and a per-instance limit would
     * multiply by the task count.
     */
    private static final RateLimitedLog SHARED_LOG = RateLimitedLog.of(LoggerFactory.getLogger(DeadLetterHandler.class),
            LINES_PER_REASON, RATE_WINDOW);

    private final RateLimitedLog log;
    private final LongSupplier wallClock;
    private String deadLetterTopic;
    private DeadLetters deadLetters = DeadLetters.from(Map.of());

    DeadLetterHandler() {
        this(SHARED_LOG, System::currentTimeMillis);
    }

    DeadLetterHandler(final RateLimitedLog log, final LongSupplier wallClock) {
        this.log = log;
        this.wallClock = wallClock;
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : topic.toString();
        deadLetters = DeadLetters.from(configs);
    }

    /** Logs the bad record (rate-limited) and returns its dead letter: none when no dead-letter topic is set. */
    final List<ProducerRecord<byte[], byte[]>> deadLetter(final ErrorHandlerContext context, final Exception exception,
                                                          final String reason) {
        log.warn(reason, () -> line(context, exception, reason, deadLetterTopic), exception);
        return deadLetterTopic == null ? List.of()
                : List.of(deadLetters.deadLetter(deadLetterTopic, context, exception, reason, wallClock.getAsLong()));
    }

    /** {@code Bad record coldchain.telemetry.temperature-1@17 (not-deserializable) at read-…, dead-lettered: …}. */
    static String line(final ErrorHandlerContext context, final Exception exception, final String reason,
                       final String deadLetterTopic) {
        return "Bad record " + context.topic() + "-" + context.partition() + "@" + context.offset() + " (" + reason
                + ") at " + context.processorNodeId() + ", " + (deadLetterTopic == null ? "skipped"
                : "dead-lettered to " + deadLetterTopic) + ": " + shortMessage(exception);
    }

    /** The failure in one masked line of at most {@value #MAX_MESSAGE_CHARS} characters, with its root cause. */
    static String shortMessage(final Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String text = Secrets.mask(describe(exception) + (root == exception ? "" : "; cause: " + describe(root)));
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }

    private static String describe(final Throwable t) {
        return t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    }
}
