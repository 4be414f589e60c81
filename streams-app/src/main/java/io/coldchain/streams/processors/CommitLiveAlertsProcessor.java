package io.coldchain.streams.processors;

import io.coldchain.schemas.Alert;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Asks Kafka Streams to commit as soon as it can when a live alert is on its way to the alerts topic.
 *
 * <p>Under exactly-once an alert reaches a {@code read_committed} consumer only when its transaction commits. Committing
 * often keeps alerts quick but costs a replay dearly: each commit writes every state changed since the last one
 * ({@code WriteBehindStore}) and ends a transaction on the broker, a quarter to a third of the stream thread at 100 ms
 * (docs/BENCHMARKS.md). So the application commits its work at a longer interval and this processor requests a commit
 * ({@link ProcessorContext#commit()}, honoured after the stream thread's current round of processing) for each alert
 * whose record time (the alert's last evidence) is within {@link ReorderingDetectorProcessor#LIVE_LAG_MILLIS} of the
 * wall clock, or ahead of it. A replayed alert, hours or weeks old, waits for the interval: nobody is being warned in
 * real time by it, and the replay runs faster for it.
 *
 * <p>Only when results become visible depends on the wall clock here, never what they are: the alerts are forwarded
 * unchanged whatever the clock says.
 */
public final class CommitLiveAlertsProcessor implements Processor<String, Alert, String, Alert> {

    private final long liveLagMillis;
    private ProcessorContext<String, Alert> context;

    public CommitLiveAlertsProcessor() {
        this(ReorderingDetectorProcessor.LIVE_LAG_MILLIS);
    }

    /** @param liveLagMillis how far behind the wall clock an alert's record time may be and still count as live */
    public CommitLiveAlertsProcessor(final long liveLagMillis) {
        this.liveLagMillis = liveLagMillis;
    }

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, Alert> record) {
        context.forward(record);
        if (record.timestamp() >= context.currentSystemTimeMs() - liveLagMillis) {
            context.commit();
        }
    }
}
