package io.coldchain.contract.audit;

import static io.coldchain.contract.audit.AuditFixtures.ack;
import static io.coldchain.contract.audit.AuditFixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.Severity;
import org.junit.jupiter.api.Test;

class AlertAuditRuleTest {

    private final AlertAuditRule rule = new AlertAuditRule();

    @Test
    void shouldAuditEachStatusOfAnEpisode() {
        final var opened = rule.onAlert(null, alert(AlertStatus.OPEN, Severity.MEDIUM, 10));
        final var updated = rule.onAlert(opened.state(), alert(AlertStatus.UPDATED, Severity.HIGH, 20));
        final var resolved = rule.onAlert(updated.state(), alert(AlertStatus.RESOLVED, Severity.HIGH, 40));

        assertThat(opened.change().orElseThrow().getChange()).isEqualTo(AuditChange.OPENED);
        assertThat(updated.change().orElseThrow().getChange()).isEqualTo(AuditChange.UPDATED);
        assertThat(resolved.change().orElseThrow().getChange()).isEqualTo(AuditChange.RESOLVED);
        assertThat(resolved.state().status()).isEqualTo("RESOLVED");
    }

    @Test
    void shouldAuditACopyOfTheLatestAlertRecordOnce() {
        final var opened = rule.onAlert(null, alert(AlertStatus.OPEN, Severity.MEDIUM, 10));

        assertThat(rule.onAlert(opened.state(), alert(AlertStatus.OPEN, Severity.MEDIUM, 10)).change()).isEmpty();
    }

    @Test
    void shouldAuditARedeliveredAcknowledgementOnceAndASecondOneAgain() {
        final var opened = rule.onAlert(null, alert(AlertStatus.OPEN, Severity.MEDIUM, 10));
        final var acked = rule.onAcknowledgement(opened.state(), ack("ack-1", "dana", null, 12));
        final var again = rule.onAcknowledgement(acked.state(), ack("ack-1", "dana", null, 12));
        final var second = rule.onAcknowledgement(again.state(), ack("ack-2", "lee", "seen", 13));

        assertThat(acked.change().orElseThrow().getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(acked.change().orElseThrow().getBy()).isEqualTo("dana");
        assertThat(again.change()).isEmpty();
        assertThat(second.change().orElseThrow().getSourceId()).isEqualTo("ack-2");
        assertThat(second.state().ackIds()).containsExactly("ack-1", "ack-2");
    }

    @Test
    void shouldAuditAnAcknowledgementOfAnAlertNotSeenWithoutStatus() {
        final var acked = rule.onAcknowledgement(null, ack("ack-1", "dana", null, 12));

        assertThat(acked.change().orElseThrow().getStatus()).isNull();
        final var opened = rule.onAlert(acked.state(), alert(AlertStatus.OPEN, Severity.MEDIUM, 10));
        assertThat(opened.change()).isPresent();
        assertThat(opened.state().ackIds()).containsExactly("ack-1");
    }
}
