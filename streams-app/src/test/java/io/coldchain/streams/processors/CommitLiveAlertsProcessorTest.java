package io.coldchain.streams.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.contract.audit.AuditFixtures;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An alert that is news asks for a commit at once; a replayed one waits for the commit interval")
class CommitLiveAlertsProcessorTest {

    private static final Instant NOW = Instant.parse("2026-12-03T23:00:00Z");
    private static final Duration LIVE_LAG = Duration.ofMillis(ReorderingDetectorProcessor.LIVE_LAG_MILLIS);
    private static final Alert ALERT = AuditFixtures.alert(AlertStatus.OPEN, Severity.CRITICAL, 40);

    private final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    private final CommitLiveAlertsProcessor processor = new CommitLiveAlertsProcessor();

    @BeforeEach
    void setUp() {
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        processor.init(context);
    }

    @Test
    void shouldAskForACommitWhenTheTaskIsLiveThoughTheAlertsEvidenceIsAGracePeriodOld() {
        // A temperature excursion at the default 5 min grace: judged once the shipment's readings are 5 min past it.
        streamTimeAt(NOW.minus(Duration.ofSeconds(30)));

        processor.process(alertAt(NOW.minus(Duration.ofMinutes(5)).minus(Duration.ofSeconds(30))));

        assertThat(context.committed()).isTrue();
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void shouldAskForACommitWhenTheTaskRunsAheadOfTheWallClock() {
        streamTimeAt(NOW.plus(Duration.ofMinutes(10)));

        processor.process(alertAt(NOW.plus(Duration.ofMinutes(3))));

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldCountTheTaskAsLiveUpToTheLiveLagAndNoFurther() {
        streamTimeAt(NOW.minus(LIVE_LAG));
        processor.process(alertAt(NOW.minus(Duration.ofDays(1))));
        assertThat(context.committed()).as("exactly the live lag behind").isTrue();

        context.resetCommit();
        streamTimeAt(NOW.minus(LIVE_LAG).minusMillis(1));
        processor.process(alertAt(NOW.minus(Duration.ofDays(1))));
        assertThat(context.committed()).as("a millisecond more").isFalse();
    }

    @Test
    void shouldAskForACommitForAnAlertAboutTheLastHourWhateverTheStreamTime() {
        // A logger's upload of the hour it buffered: judged while the task is still reading that hour.
        streamTimeAt(NOW.minus(Duration.ofMinutes(50)));

        processor.process(alertAt(NOW.minus(CommitLiveAlertsProcessor.RECENT_EVIDENCE)));
        assertThat(context.committed()).as("evidence exactly an hour old").isTrue();

        context.resetCommit();
        processor.process(alertAt(NOW.minus(CommitLiveAlertsProcessor.RECENT_EVIDENCE).minusMillis(1)));
        assertThat(context.committed()).as("a millisecond more").isFalse();
    }

    @Test
    void shouldLeaveAReplayedAlertToTheCommitInterval() {
        streamTimeAt(NOW.minus(Duration.ofDays(30)));

        processor.process(alertAt(NOW.minus(Duration.ofDays(30)).minus(Duration.ofMinutes(5))));
        processor.process(alertAt(NOW.minus(Duration.ofDays(31))));

        assertThat(context.committed()).isFalse();
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void shouldForwardEveryAlertUnchangedWhateverTheClock() {
        streamTimeAt(NOW.minus(Duration.ofDays(1)));
        final Record<String, Alert> live = alertAt(NOW);
        final Record<String, Alert> old = alertAt(NOW.minus(Duration.ofDays(1)));

        processor.process(live);
        processor.process(old);

        assertThat(context.forwarded()).extracting(forward -> (Object) forward.record())
                .containsExactly(live, old);
    }

    private void streamTimeAt(final Instant streamTime) {
        context.setCurrentStreamTimeMs(streamTime.toEpochMilli());
    }

    private static Record<String, Alert> alertAt(final Instant lastEvidence) {
        return new Record<>(ALERT.getShipmentId(), ALERT, lastEvidence.toEpochMilli());
    }
}
