package io.coldchain.cli.alerts;

import static io.coldchain.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.Severity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertSelectionTest {

    private static final AlertFilter HIGH = new AlertFilter(Severity.HIGH, Set.of(), Set.of());

    @Test
    void shouldShowEveryRecordTheFilterKeepsAsItComesWhenNotAskedForOpenOnes() {
        final AlertSelection selection = new AlertSelection(HIGH, false);
        final Alert low = alert("a", AlertStatus.OPEN, Severity.LOW);
        final Alert high = alert("b", AlertStatus.OPEN, Severity.HIGH);
        final Alert resolved = alert("b", AlertStatus.RESOLVED, Severity.HIGH);

        assertThat(selection.accept(low, true)).isEmpty();
        assertThat(selection.accept(high, true)).containsExactly(high);
        assertThat(selection.accept(resolved, false)).containsExactly(resolved);
        assertThat(selection.holding()).isFalse();
        assertThat(selection.backlogRead()).isEmpty();
    }

    @Test
    void shouldShowTheLatestRecordOfEachAlertStillOpenOnceTheBacklogIsRead() {
        final AlertSelection selection = new AlertSelection(AlertFilter.all(), true);
        final Alert closedOpen = alert("closed", AlertStatus.OPEN, Severity.MEDIUM);
        final Alert openOpen = alert("open", AlertStatus.OPEN, Severity.MEDIUM);
        final Alert closedResolved = alert("closed", AlertStatus.RESOLVED, Severity.MEDIUM);
        final Alert laterOpen = alert("later", AlertStatus.OPEN, Severity.LOW);
        final Alert openUpdated = alert("open", AlertStatus.UPDATED, Severity.HIGH);

        for (final Alert alert : new Alert[] {closedOpen, openOpen, closedResolved, laterOpen, openUpdated}) {
            assertThat(selection.accept(alert, true)).as("held until the backlog is read").isEmpty();
        }
        assertThat(selection.holding()).isTrue();

        assertThat(selection.backlogRead()).containsExactly(laterOpen, openUpdated);
        assertThat(selection.holding()).isFalse();
    }

    @Test
    void shouldJudgeAnOpenAlertOfTheBacklogByItsCurrentSeverity() {
        final AlertSelection selection = new AlertSelection(HIGH, true);
        final Alert escalated = alert("escalated", AlertStatus.UPDATED, Severity.HIGH);

        selection.accept(alert("escalated", AlertStatus.OPEN, Severity.MEDIUM), true);
        selection.accept(escalated, true);
        selection.accept(alert("mild", AlertStatus.OPEN, Severity.MEDIUM), true);

        assertThat(selection.backlogRead()).containsExactly(escalated);
    }

    @Test
    void shouldLeaveResolvedRecordsOutOnceLive() {
        final AlertSelection selection = new AlertSelection(HIGH, true);
        final Alert opened = alert("x", AlertStatus.OPEN, Severity.HIGH);
        final Alert updated = alert("x", AlertStatus.UPDATED, Severity.CRITICAL);

        assertThat(selection.accept(opened, false)).containsExactly(opened);
        assertThat(selection.accept(updated, false)).containsExactly(updated);
        assertThat(selection.accept(alert("x", AlertStatus.RESOLVED, Severity.CRITICAL), false)).isEmpty();
        assertThat(selection.accept(alert("y", AlertStatus.OPEN, Severity.LOW), false)).isEmpty();
        assertThat(selection.holding()).isFalse();
    }
}
