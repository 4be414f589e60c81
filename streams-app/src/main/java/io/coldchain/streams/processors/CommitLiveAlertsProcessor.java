package io.coldchain.streams.processors;

import io.coldchain.schemas.Alert;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Asks Kafka Streams to commit as soon as it can when an alert that is news is on its way to the alerts topic.
 *
 * <p>Under exactly-once an alert reaches a {@code read_committed} consumer only when its transaction commits. Committing
 * often keeps alerts quick but costs a replay dearly: each commit writes every state changed since the last one
 * ({@code WriteBehindStore}) and ends a transaction on the broker, a quarter to a third of the stream thread at 100 ms
 * (docs/BENCHMARKS.md). So the application commits its work at a longer interval and this processor requests a commit
 * ({@link ProcessorContext#commit()}, honoured after the stream thread's current round of processing) for each alert
 * that is news: its last evidence is less than {@link #RECENT_EVIDENCE} old by the wall clock, or its task is live (its
 * stream time, the newest event time it has read, within {@link ReorderingDetectorProcessor#LIVE_LAG_MILLIS} of the
 * wall clock or ahead of it). Not the live lag alone on the alert's own time: an alert's last evidence is as old as
 * the rule's wait makes it (a temperature excursion is judged once its shipment's readings are the grace period, 5
 * minutes by default, past it; the serial checks wait up to 10 minutes for a declaration), and a logger uploading
 * the hour it buffered is judged while its task is still reading that hour. A replayed alert, about evidence hours
 * or weeks old in a task as far behind, waits for the interval: nobody is being warned in real time by it, and the
 * replay runs faster for it.
 *
 * <p>Only when results become visible depends on the wall clock here, never what they are: the alerts are forwarded
 * unchanged whatever the clock says.
 */
public final class CommitLiveAlertsProcessor implements Processor<String, Alert, String, Alert> {

    /** Evidence younger than this makes an alert news, whatever its task's stream time. */
    public static final Duration RECENT_EVIDENCE = Duration.ofHours(1);

    private ProcessorContext<String, Alert> context;

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, Alert> record) {
        context.forward(record);
        final long now = context.currentSystemTimeMs();
        if (record.timestamp() >= now - RECENT_EVIDENCE.toMillis()
                || context.currentStreamTimeMs() >= now - ReorderingDetectorProcessor.LIVE_LAG_MILLIS) {
            context.commit();
        }
    }
}
