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

@DisplayName("A live alert asks for a commit at once; a replayed one waits for the commit interval")
class CommitLiveAlertsProcessorTest {

    private static final Instant NOW = Instant.parse("2026-12-03T23:00:00Z");
    private static final Alert ALERT = AuditFixtures.alert(AlertStatus.OPEN, Severity.CRITICAL, 40);

    private final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    private final CommitLiveAlertsProcessor processor = new CommitLiveAlertsProcessor();

    @BeforeEach
    void setUp() {
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        processor.init(context);
    }

    @Test
    void shouldAskForACommitForAnAlertWhoseEvidenceIsMinutesOld() {
        processor.process(alertAt(NOW.minus(Duration.ofMinutes(4))));

        assertThat(context.committed()).isTrue();
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void shouldAskForACommitForAnAlertAheadOfTheWallClock() {
        processor.process(alertAt(NOW.plus(Duration.ofMinutes(10))));

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldLeaveAReplayedAlertToTheCommitInterval() {
        processor.process(alertAt(NOW.minus(Duration.ofMinutes(6))));
        processor.process(alertAt(NOW.minus(Duration.ofDays(30))));

        assertThat(context.committed()).isFalse();
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void shouldForwardEveryAlertUnchangedWhateverTheClock() {
        final Record<String, Alert> live = alertAt(NOW);
        final Record<String, Alert> old = alertAt(NOW.minus(Duration.ofDays(1)));

        processor.process(live);
        processor.process(old);

        assertThat(context.forwarded()).extracting(forward -> (Object) forward.record())
                .containsExactly(live, old);
    }

    @Test
    void shouldJudgeEachAlertByTheWallClockWhenItPasses() {
        final Record<String, Alert> alert = alertAt(NOW.minus(Duration.ofMinutes(4)));
        context.setCurrentSystemTimeMs(NOW.plus(Duration.ofMinutes(2)).toEpochMilli());

        processor.process(alert);

        assertThat(context.committed()).as("six minutes behind the clock by the time it passes").isFalse();
    }

    private static Record<String, Alert> alertAt(final Instant lastEvidence) {
        return new Record<>(ALERT.getShipmentId(), ALERT, lastEvidence.toEpochMilli());
    }
}
